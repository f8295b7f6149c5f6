"""The audit trail in the admin: read-only for everyone, superusers included, and filtered by
moderator, member and kind of action. auditlog registers its own admin for the entry model;
this one replaces it (auditlog comes before our apps in INSTALLED_APPS, so its admin module
has run by the time this one does)."""

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html

from .audit import AuditEntry

admin.site.unregister(AuditEntry)


class ModeratorFilter(admin.SimpleListFilter):
    """Who acted: the staff who appear in the trail."""

    title = "moderator"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        acted = AuditEntry.objects.exclude(actor=None).values("actor")
        staff = get_user_model().objects.filter(pk__in=acted).order_by("username")
        return [(str(user.pk), user.username) for user in staff]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_id=self.value())
        return queryset


class MemberFilter(admin.SimpleListFilter):
    """Whom it was about. Members are many: they are chosen from an entry's member column or
    from the member's page in the admin, never listed here."""

    title = "member"
    parameter_name = "member"

    def lookups(self, request, model_admin):
        if not (self.value() or "").isdigit():
            return []
        member = get_user_model().objects.filter(pk=self.value()).first()
        return [(self.value(), str(member))] if member else []

    def has_output(self):
        return True  # "All" at least, so a chosen member can be cleared

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(member_id=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(LogEntryAdmin):
    list_display = ["created", "kind", "member_link", "resource_url", "msg_short", "user_url"]
    list_filter = ["kind", ModeratorFilter, MemberFilter]
    list_select_related = ["content_type", "actor", "member"]
    search_fields = ["object_repr", "member__username", "actor__username"]
    readonly_fields = [
        "created", "kind", "member_link", "resource_url", "action", "user_url", "msg",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["created", "kind", "user_url", "member_link", "resource_url"]}),
        ("Before and after", {"fields": ["action", "msg"]}),
    ]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Append-only: not even a superuser deletes what was done, here or by a cascade
        # from another admin page (members are anonymised, never deleted).
        return False

    @admin.display(description="member", ordering="member__username")
    def member_link(self, entry):
        if entry.member_id is None:
            return "—"
        url = reverse("admin:comments_auditentry_changelist") + f"?member={entry.member_id}"
        return format_html('<a href="{}">{}</a>', url, entry.member)
