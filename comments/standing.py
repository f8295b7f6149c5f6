"""A member's standing in the discussion: their trust level (comments.trust), stored so the
admin can list and pin it. Defined beside the models, registered with this app."""

from django.conf import settings
from django.db import models


class Standing(models.Model):
    class Level(models.IntegerChoices):
        NEW = 0, "New member"
        MEMBER = 1, "Member"
        TRUSTED = 2, "Trusted member"
        MODERATOR = 3, "Moderator"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standing"
    )
    # As the record earns it (comments.trust.level_of), recomputed when it is read.
    level = models.PositiveSmallIntegerField(choices=Level, default=Level.NEW)
    computed_at = models.DateTimeField(null=True, blank=True)
    # A moderator's hand-set level, which the record no longer moves, and why.
    pinned_level = models.PositiveSmallIntegerField(choices=Level, null=True, blank=True)
    pin_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "member standing"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pinned_level__isnull=True) | ~models.Q(pin_reason=""),
                name="standing_pin_has_reason",
                violation_error_message="Say why you pin this member's level.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_effective_level_display()}"

    @property
    def effective_level(self) -> int:
        return self.level if self.pinned_level is None else self.pinned_level

    def get_effective_level_display(self) -> str:
        return self.Level(self.effective_level).label
