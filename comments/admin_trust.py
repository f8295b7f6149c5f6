"""Members' trust levels in the admin: moderators see each member's standing and may pin a
level by hand, with a reason; the audit trail records each pin (comments.audit)."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from .standing import Standing
from .trust import earned_level


class StandingForm(forms.ModelForm):
    class Meta:
        model = Standing
        fields = ["pinned_level", "pin_reason"]
        help_texts = {
            "pinned_level": "Leave empty to let the member's record set the level.",
            "pin_reason": "Required with a pinned level; moderators read it, the member does not.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Moderators are made by the Moderators group, never by a pin.
        self.fields["pinned_level"].choices = [
            choice
            for choice in self.fields["pinned_level"].choices
            if choice[0] != Standing.Level.MODERATOR
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pinned_level") is None:
            cleaned["pin_reason"] = ""
        elif not cleaned.get("pin_reason", "").strip():
            self.add_error("pin_reason", "Say why you pin this member's level.")
        return cleaned


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    form = StandingForm
    list_display = ["user", "level", "pinned_level", "pin_reason", "computed_at"]
    list_filter = ["level", "pinned_level"]
    search_fields = ["user__username", "user__display_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "level", "computed_at"]
    fields = ["user", "level", "computed_at", "pinned_level", "pin_reason"]

    def has_add_permission(self, request):
        return False  # a standing is made with the member's first comment or flag

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.pinned_level is None:
            # Unpinned: the record speaks again, from now.
            now = timezone.now()
            obj.level, obj.computed_at = earned_level(obj.user, now), now
        super().save_model(request, obj, form, change)
