"""What members follow (an article's discussion, a skill or another member) and whom they
mute. Both are private: only the member sees them (their settings). Follows decide whose
inbox a new public answer reaches (comments.following.fan_out); a mute folds the muted
member's comments for the member and keeps their answers and mentions out of the inbox.
Defined beside the models, registered with this app."""

from django.conf import settings
from django.db import models

from accounts.models import Skill
from articles.models import Article

TARGETS = ("article", "skill", "member")


class FollowQuerySet(models.QuerySet):
    def of(self, target) -> "FollowQuerySet":
        """The follows of one target: an Article, a Skill or a member."""
        return self.filter(**{Follow.field_for(target): target})


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(article__isnull=False, skill=None, member=None)
                    | models.Q(article=None, skill__isnull=False, member=None)
                    | models.Q(article=None, skill=None, member__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("follower")), name="follow_not_oneself"
            ),
            *(
                models.UniqueConstraint(
                    fields=["follower", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"follow_{target}_once",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower} follows {self.target}"

    @property
    def target(self):
        return self.article or self.skill or self.member

    @property
    def kind(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id") is not None)

    @staticmethod
    def field_for(target) -> str:
        if isinstance(target, Article):
            return "article"
        if isinstance(target, Skill):
            return "skill"
        return "member"


class Mute(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes"
    )
    muted = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="mute_once"),
            models.CheckConstraint(
                condition=~models.Q(muted=models.F("member")), name="mute_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} muted {self.muted}"
