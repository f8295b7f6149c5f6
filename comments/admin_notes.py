"""Moderators' notes in the admin: their own list (moderators may add and read them, as they
have no access to user accounts), and an inline on the member's account for superusers.
The queue shows them beside each comment (comments.admin_queue.author_cell)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from accounts.admin import UserAdmin
from accounts.models import User

from .notes import ModeratorNote


@admin.register(ModeratorNote)
class ModeratorNoteAdmin(admin.ModelAdmin):
    list_display = ["member", "text", "author", "created_at"]
    list_select_related = ["member", "author"]
    list_filter = ["created_at"]
    search_fields = ["member__username", "text"]
    raw_id_fields = ["member"]
    fields = ["member", "text"]

    def get_readonly_fields(self, request, obj=None):
        # A note stays about the member it was written about.
        return ["member"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


class ModeratorNoteInline(admin.TabularInline):
    model = ModeratorNote
    fk_name = "member"
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    verbose_name_plural = "Moderators' notes (private: never shown to the member)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class MemberAdmin(UserAdmin):
    """The account, with what moderators noted about the member and a way into the audit
    trail of what was done to them."""

    inlines = [*UserAdmin.inlines, ModeratorNoteInline]
    readonly_fields = [*UserAdmin.readonly_fields, "audit_trail"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Moderation", {"fields": ["audit_trail"]}),
    ]

    @admin.display(description="audit trail")
    def audit_trail(self, user):
        if user.pk is None:
            return "—"
        url = reverse("admin:comments_auditentry_changelist") + f"?member={user.pk}"
        return format_html('<a href="{}">What moderators and admins did about @{}</a>', url, user)

    def save_formset(self, request, form, formset, change):
        if formset.model is ModeratorNote:
            for note in formset.save(commit=False):
                if note.author_id is None:
                    note.author = request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
            return
        super().save_formset(request, form, formset, change)


admin.site.unregister(User)
admin.site.register(User, MemberAdmin)
