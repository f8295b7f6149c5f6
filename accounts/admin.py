from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from .changes import member_page_changed, skills_changed
from .models import Profile, Skill, SkillEntry, User
from .skills import refresh_skill_chips_of


class SkillEntryInline(admin.TabularInline):
    model = SkillEntry
    extra = 0
    autocomplete_fields = ["skill"]
    fields = ["skill", "level", "position", "started_learning_at", "learned_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "display_name", "email"]
    ordering = ["-date_joined"]
    inlines = [SkillEntryInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["display_name", "email"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    readonly_fields = ["anonymised_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "password1", "password2"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Entries edited here bypass the profile form: keep the chips and cached threads true.
        refresh_skill_chips_of([form.instance.pk])


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "website", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__display_name", "headline", "bio", "website"]
    list_filter = ["updated_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["bio_html", "updated_at"]
    actions = ["blank_headline_and_bio"]

    def get_readonly_fields(self, request, obj=None):
        # A profile belongs to its member: moderators blank what it says (the action), and
        # never write in the member's name or move it onto another account (a phishing
        # headline on the superuser's page).
        fields = [*super().get_readonly_fields(request, obj)]
        if obj is not None:
            fields.append("user")
        if not request.user.is_superuser:
            fields += ["headline", "bio", "website"]
        return fields

    @admin.action(
        description="Blank the headline, bio and website of the selected profiles",
        permissions=["change"],
    )
    def blank_headline_and_bio(self, request, queryset):
        with transaction.atomic():
            profiles = list(queryset.select_for_update())
            for profile in profiles:
                profile.headline = profile.bio = profile.website = ""
                profile.save()
                self.log_change(request, profile, "Blanked the headline, bio and website.")
                member_page_changed(profile.user_id)
        self.message_user(
            request,
            f"Blanked the headline, bio and website of {len(profiles)} profile(s).",
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        member_page_changed(obj.user_id)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "status", "suggested_by", "created_at"]
    list_filter = ["status", "category"]
    list_select_related = ["suggested_by"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["suggested_by"]
    ordering = ["status", "name"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve the selected skills", permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Skill.Status.APPROVED, "Approved")

    @admin.action(description="Reject the selected skills", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Skill.Status.REJECTED, "Rejected")

    def _set_status(self, request, queryset, status, verb):
        # Ids first: the changelist's filter (e.g. "pending") no longer matches after the update.
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            # Saved one by one, not update(): the audit trail records each decision.
            changing = Skill.objects.filter(pk__in=ids).exclude(status=status)
            changed = 0
            for skill in changing.select_for_update():
                skill.status = status
                skill.save(update_fields=["status", "updated_at"])
                self.log_change(request, skill, f"{verb} the suggestion.")
                changed += 1
            # Only members holding one of these skills have chips to change.
            refresh_skill_chips_of(
                SkillEntry.objects.filter(skill__in=ids).values_list("user_id", flat=True)
            )
            skills_changed(ids)
        self.message_user(request, f"{verb} {changed} skill(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "slug", "status"} & set(form.changed_data):
            refresh_skill_chips_of(obj.entries.values_list("user_id", flat=True))
        skills_changed([obj.pk])

    def delete_model(self, request, obj):
        # The discussions and members showing it are found before the deletion; the chips
        # are recomputed after it, without the skill.
        skills_changed([obj.pk])
        users = list(obj.entries.values_list("user_id", flat=True))
        super().delete_model(request, obj)
        refresh_skill_chips_of(users)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        skills_changed(ids)
        users = SkillEntry.objects.filter(skill__in=ids).values_list("user_id", flat=True)
        users = list(users)
        super().delete_queryset(request, queryset)
        refresh_skill_chips_of(users)
