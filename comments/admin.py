from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from . import services
from .models import BlockedTerm, Comment, CommentRevision, Flag, Suspension

Status = Comment.Status


class FlaggedFilter(admin.SimpleListFilter):
    title = "flagged"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged"), ("no", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_count=0)
        return queryset


class SuspendedAuthorFilter(admin.SimpleListFilter):
    title = "author suspended"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Author suspended now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            in_force = Suspension.objects.in_force(timezone.now()).filter(user=OuterRef("author"))
            return queryset.filter(Exists(in_force))
        return queryset


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    fields = ["created_at", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Earlier versions (before the author's edits)"

    def has_add_permission(self, request, obj=None):
        return False


class FlagInline(admin.TabularInline):
    model = Flag
    fields = ["user", "reason", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending first, everything through the services."""

    list_display = ["excerpt", "author", "article", "status", "flag_count", "created_at"]
    list_filter = ["status", FlaggedFilter, SuspendedAuthorFilter, "article"]
    search_fields = ["body", "author__username"]
    list_select_related = ["author", "article"]
    raw_id_fields = ["author", "article", "parent", "reply_to", "root"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = ["approve", "reject", "mark_spam"]
    inlines = [RevisionInline, FlagInline]
    fields = [
        "thread_context", "author", "article", "status", "moderation_reason", "body",
        "created_at", "edited_at", "helpful_count", "flag_count", "ip_address", "suspend_link",
    ]  # fmt: skip
    readonly_fields = [
        "thread_context", "author", "article", "status", "body", "created_at", "edited_at",
        "helpful_count", "flag_count", "ip_address", "suspend_link",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted: reject or mark spam instead.
        return False

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="in context")
    def thread_context(self, comment):
        links = [format_html('<a href="{}">Open on the site</a>', comment.get_absolute_url())]
        if comment.reply_to_id:
            url = reverse("admin:comments_comment_change", args=[comment.reply_to_id])
            links.append(format_html('<a href="{}">The comment it replies to</a>', url))
        if comment.root_id:
            url = reverse("admin:comments_comment_change", args=[comment.root_id])
            links.append(format_html('<a href="{}">The start of its thread</a>', url))
        return format_html(" · ".join(["{}"] * len(links)), *links)

    @admin.display(description="suspend")
    def suspend_link(self, comment):
        url = reverse("admin:comments_suspension_add") + f"?user={comment.author_id}"
        return format_html('<a href="{}">Suspend {}…</a>', url, comment.author)

    def save_model(self, request, obj, form, change):
        # Only the moderation reason is edited here; status changes go through the actions.
        obj.save(update_fields=["moderation_reason"])

    def _moderate(self, request, queryset, status, verb):
        count = services.moderate(
            queryset, status=status, moderator=request.user, now=timezone.now()
        )
        self.message_user(request, f"{verb} {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED, "Approved")

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Status.REJECTED, "Rejected")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM, "Marked as spam")


class SuspensionForm(forms.ModelForm):
    """Moderators suspend members; only a superuser may suspend staff, and nobody a
    superuser."""

    suspended_by = None

    class Meta:
        model = Suspension
        fields = ["user", "starts_at", "until", "reason"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user.is_superuser:
            raise forms.ValidationError("A superuser cannot be suspended.")
        if user.is_staff and not (self.suspended_by and self.suspended_by.is_superuser):
            raise forms.ValidationError("Only a superuser can suspend a member of staff.")
        return user


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_at", "until", "reason", "created_by"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__username", "reason"]
    raw_id_fields = ["user"]
    fields = ["user", "starts_at", "until", "reason"]

    form = SuspensionForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.suspended_by = request.user
        return form

    def get_changeform_initial_data(self, request):
        return {"starts_at": timezone.now()} | super().get_changeform_initial_data(request)

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["term", "created_at"]
    search_fields = ["term"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["comment__author", "comment__article", "user"]
    raw_id_fields = ["comment", "user"]

    def has_add_permission(self, request):
        return False
