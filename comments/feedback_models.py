"""What members say about someone else's comment: reactions, counted on the comment, and
flags, which can send it back to moderation. Defined beside comments.models, registered
with this app."""

from django.conf import settings
from django.db import models


class Reaction(models.Model):
    """A member's reaction to someone else's comment, once of each kind (comments.reactions):
    "helpful" also orders the thread's "most helpful" sort."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Helpful"
        SAME_HERE = "same-here", "Same here"
        THANKS = "thanks", "Thank you"

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.HELPFUL)
    created_at = models.DateTimeField(auto_now_add=True)

    # Each kind is counted on the comment, so the thread shows counts without a query.
    COUNT_FIELDS = {
        Kind.HELPFUL: "helpful_count",
        Kind.SAME_HERE: "same_here_count",
        Kind.THANKS: "thanks_count",
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user", "kind"], name="reaction_once_per_member_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} reacted “{self.get_kind_display()}” to comment {self.comment_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abusive or harassing"
        OFF_TOPIC = "off-topic", "Off-topic"
        SELF_PROMOTION = "self-promotion", "Self-promotion"

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=Reason)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator looked at the comment and kept or approved it: a reviewed flag
    # no longer counts towards returning the comment to moderation.
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the flag counts towards returning the comment (comments.moderation.flag_weight):
    # the flagger's trust when they flagged.
    weight = models.PositiveSmallIntegerField(default=1, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="flag_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} flagged comment {self.comment_id} as {self.reason}"
