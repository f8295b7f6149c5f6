from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import salted_hmac

# The pipeline module imports no models, so every app may use it.
from core.markdown import Profile as MarkdownProfile
from core.markdown import clean_text, render

from .avatars import avatar_class, initials
from .identity import name_key, website_as_shown
from .pictures import Picture

# Shown instead of the name of a member who deleted their account; their comments stay.
DELETED_MEMBER_NAME = "[deleted member]"
RISING_WINDOW = timedelta(days=90)
RETIRED_SALT = "accounts.RetiredUsername"

USERNAME_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"

validate_username = RegexValidator(
    USERNAME_PATTERN,
    "Use lowercase letters, digits, hyphens and underscores; start and end with a letter or digit.",
)


def validate_username_not_retired(username: str) -> None:
    """Sign-up, the admin and createsuperuser alike: a closed account's name stays unused."""
    if RetiredUsername.is_retired(username):
        raise ValidationError("That username is not available. Please choose another.")


class User(AbstractUser):
    """A member. The username is public (it is in /members/<username>/); the email never is."""

    # One display name instead of first and last: people name themselves as they like.
    first_name = None
    last_name = None

    username = models.CharField(
        "username",
        max_length=30,
        unique=True,
        validators=[validate_username, validate_username_not_retired],
        help_text="Public, part of your member page address. Lowercase letters, digits, - and _.",
        error_messages={"unique": "That username is taken."},
    )
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown with your comments. Leave empty to show your username.",
    )
    # The first three skills of the profile ("have" before "learning"), denormalised so a
    # thread of 500 comments shows everyone's chips without a query per comment. Kept by
    # accounts.skills.refresh_skill_chips() whenever entries or skill names change.
    skill_chips = models.JSONField(default=list, blank=True, editable=False)
    notify_on_reply = models.BooleanField("email me when someone replies to me", default=True)
    notify_on_approval = models.BooleanField(
        "email me when my held comment is approved", default=True
    )
    notify_on_held = models.BooleanField(
        "email me when a comment is held for moderation (moderators and authors)", default=True
    )
    notify_on_mention = models.BooleanField("email me when someone mentions me", default=True)
    notify_on_followed = models.BooleanField(
        "email me about new answers in what I follow", default=False
    )
    notify_on_invitation = models.BooleanField(
        "email me an invitation to update my answer when a follow-up is published", default=True
    )
    digest_weekly = models.BooleanField(
        "email me a weekly digest of what is new in what I follow", default=False
    )
    # When the last weekly digest went out (comments.digest): the next covers what came since.
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_on_post = models.BooleanField("follow the discussions I post in", default=True)
    # An uploaded picture's stored sizes ({"48": name, ...}; accounts.pictures), or {} for
    # the generated avatar.
    avatar = models.JSONField(default=dict, blank=True, editable=False)
    # Set when the member deletes their account: the row stays (comments and the admin log
    # point to it), emptied of everything personal. See accounts.deletion.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the names look like (accounts.identity.name_key), kept on save, so a new
    # display name is compared with every member's names in one indexed query.
    name_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    username_key = models.CharField(max_length=30, blank=True, db_index=True, editable=False)

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="An account with this email already exists.",
            ),
        ]

    def __str__(self) -> str:
        # The admin names a deleted member as the site does, never by the old-row username.
        return DELETED_MEMBER_NAME if self.is_anonymised else self.username

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.display_name)[:60]
        self.username_key = name_key(self.username)[:30]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"display_name", "username"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key", "username_key"}
        super().save(*args, **kwargs)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def public_name(self) -> str:
        if self.is_anonymised:
            return DELETED_MEMBER_NAME
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:member", args=[self.username])

    @property
    def avatar_class(self) -> str:
        return avatar_class(self.username)

    @property
    def picture(self) -> Picture | None:
        return Picture(self.avatar) if self.avatar else None

    @property
    def profile_or_none(self):
        return getattr(self, "profile", None)

    def skill_lists(self) -> tuple[list, list]:
        """The member's skills as ("have", "learning"), each in their own order: one query."""
        entries = list(
            self.skill_entries.filter(skill__status=Skill.Status.APPROVED)
            .select_related("skill")
            .order_by("level", "position")
        )
        return (
            [entry for entry in entries if not entry.is_learning],
            [entry for entry in entries if entry.is_learning],
        )

    @property
    def initials(self) -> str:
        return initials(self.public_name)


class SkillQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Skill.Status.APPROVED)

    def pending(self):
        return self.filter(status=Skill.Status.PENDING)

    def named_like(self, name: str):
        """Skills whatever their status whose name matches, ignoring case."""
        return self.filter(name__iexact=name.strip())

    def map_version(self) -> str:
        """A key for fragments that count members' skills (the skills map): it changes when a
        skill is saved or comes or goes, and when an entry is added, removed or moves from
        learning to have or back (every move dates it). Two queries."""
        skills = self.aggregate(count=models.Count("pk"), changed=models.Max("updated_at"))
        entries = SkillEntry.objects.aggregate(
            count=models.Count("pk"),
            # Members deactivated or restored change the counts too.
            active=models.Count("pk", filter=models.Q(user__is_active=True)),
            last=models.Max("pk"),
            started=models.Max("started_learning_at"),
            learned=models.Max("learned_at"),
        )
        return repr((skills, entries))

    def with_member_counts(self):
        """Annotate how many active members have it, are learning it, and both together."""
        active = models.Q(entries__user__is_active=True)
        return self.annotate(
            have_count=models.Count(
                "entries", filter=active & models.Q(entries__level=SkillEntry.Level.HAVE)
            ),
            learning_count=models.Count(
                "entries", filter=active & models.Q(entries__level=SkillEntry.Level.LEARNING)
            ),
        ).annotate(interest=models.F("have_count") + models.F("learning_count"))

    def by_interest(self):
        return self.order_by("-interest", "name")

    def in_category_order(self):
        """Grouped by category in the order the categories are declared, then by name."""
        order = models.Case(
            *(
                models.When(category=value, then=index)
                for index, value in enumerate(Skill.Category.values)
            )
        )
        return self.order_by(order, "name")

    def rising(self, now, window=RISING_WINDOW):
        """Skills most often added to "learning" in the window before `now`, most first."""
        recent = models.Q(
            entries__user__is_active=True,
            entries__started_learning_at__gt=now - window,
            entries__started_learning_at__lte=now,
        )
        return (
            self.annotate(recent_learners=models.Count("entries", filter=recent))
            .filter(recent_learners__gt=0)
            .order_by("-recent_learners", "name")
        )


class Skill(models.Model):
    """A skill in the community's shared vocabulary, drawn from the essay's roles and skills."""

    class Category(models.TextChoices):
        AI_ROLES = "ai-roles", "AI roles"
        TECHNICAL = "technical", "Technical skills"
        HUMAN = "human", "Human skills"
        BUSINESS = "business", "Running a freelance business"

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Suggested, awaiting review"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=20, choices=Category, default=Category.TECHNICAL)
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    suggested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggested_skills"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every save and by the admin's bulk actions: the skills map's version.
    updated_at = models.DateTimeField(auto_now=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="skill_name_unique_ci",
                violation_error_message="A skill with this name already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:skill", args=[self.slug])


class Profile(models.Model):
    """The optional part of a member's page: headline, bio, website."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    headline = models.CharField(max_length=120, blank=True)
    bio = models.TextField(
        max_length=2000, blank=True, help_text="Markdown: links, lists, emphasis."
    )
    bio_html = models.TextField(editable=False, default="")
    website = models.URLField(
        blank=True, validators=[URLValidator(schemes=["http", "https"])], max_length=200
    )
    updated_at = models.DateTimeField(auto_now=True)

    rendered_fields = [("bio", "bio_html", MarkdownProfile.BIO)]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def save(self, *args, **kwargs):
        self.bio = clean_text(self.bio)
        self.bio_html = render(self.bio, MarkdownProfile.BIO).html
        super().save(*args, **kwargs)

    @property
    def website_shown(self) -> str:
        return website_as_shown(self.website) if self.website else ""


class SkillEntryQuerySet(models.QuerySet):
    def of_active_members(self):
        return self.filter(user__is_active=True)

    def have(self):
        return self.filter(level=SkillEntry.Level.HAVE)

    def learning(self):
        return self.filter(level=SkillEntry.Level.LEARNING)


class SkillEntry(models.Model):
    """One skill on a member's profile, with the dates that make it a journey.

    Moving a skill from "learning" to "have" keeps when the learning started and records
    when it was learned, so editing never erases progress.
    """

    class Level(models.TextChoices):
        HAVE = "have", "Skills I have"
        LEARNING = "learning", "Skills I am learning"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skill_entries")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="entries")
    level = models.CharField(max_length=10, choices=Level)
    position = models.PositiveSmallIntegerField(default=0)
    started_learning_at = models.DateTimeField(null=True, blank=True)
    learned_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = SkillEntryQuerySet.as_manager()

    class Meta:
        ordering = ["user", "level", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "skill"],
                name="skill_entry_once_per_member",
                violation_error_message="Each skill appears once: either have or learning.",
            ),
        ]
        indexes = [
            models.Index(fields=["skill", "level"], name="skill_entry_skill_level_idx"),
            models.Index(fields=["started_learning_at"], name="skill_entry_started_idx"),
        ]
        verbose_name_plural = "skill entries"

    def __str__(self) -> str:
        return f"{self.user} {self.get_level_display().lower()}: {self.skill}"

    @property
    def is_learning(self) -> bool:
        return self.level == self.Level.LEARNING


class RetiredUsername(models.Model):
    """The username of a closed account, so nobody takes it again: "@name" in others'
    comments, and readers who knew the name, would otherwise point at a newcomer. Kept only
    as a keyed digest of the name's key (identity.name_key), so look-alikes are refused too;
    with no date and no link, it cannot be tied to the closed account, nor read back into a
    name without the site's secret key."""

    digest = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return "A retired username"

    @staticmethod
    def digests_of(username: str) -> list[str]:
        """Under the secret key, then under each of SECRET_KEY_FALLBACKS: a rotated key
        keeps the names retired while the old one is kept as a fallback."""
        key = name_key(username)
        return [
            salted_hmac(RETIRED_SALT, key, secret=secret, algorithm="sha256").hexdigest()
            for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        ]

    @classmethod
    def retire(cls, username: str) -> None:
        cls.objects.get_or_create(digest=cls.digests_of(username)[0])

    @classmethod
    def is_retired(cls, username: str) -> bool:
        return cls.objects.filter(digest__in=cls.digests_of(username)).exists()
