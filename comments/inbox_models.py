"""The inbox's rows: what happened that a member is told of (comments.notifications
writes them, the worker emails them, comments.inbox lists them). Defined beside the models,
registered with this app."""

from django.conf import settings
from django.db import models

from .models import Comment

# Notifications a public comment causes: they stop being shown, and their emails stop
# going out, while the comment is not public (comments.following.withdraw).
CAUSED_BY_A_PUBLIC_COMMENT = ["reply", "mention", "followed"]


class NotificationQuerySet(models.QuerySet):
    def shown(self) -> "NotificationQuerySet":
        """What an inbox shows: news a comment caused only while that comment is public."""
        return self.filter(
            models.Q(comment__status=Comment.Status.APPROVED)
            | ~models.Q(kind__in=CAUSED_BY_A_PUBLIC_COMMENT)
        )


class Notification(models.Model):
    """News for a member, in their inbox and owed by email, written in the same transaction
    as its cause.

    The sending task records each attempt here, so a failed send is never lost: the worker
    tries again later, and `manage.py send_notifications` retries what still failed.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", "Someone replied to you"
        APPROVED = "approved", "Your comment was approved"
        HELD = "held", "A comment is waiting for moderation"
        RETURNED = "returned", "Your comment was returned to moderation"
        REJECTED = "rejected", "Your comment was not published"
        REMOVED = "removed", "Your comment was removed"
        MENTION = "mention", "Someone mentioned you"
        FOLLOWED = "followed", "A new answer in what you follow"
        INVITED = "invited", "An invitation to update your answer"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (turned off)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the member read it in their inbox (comments.inbox).
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_status_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]
        constraints = [
            # A comment answers, mentions or reaches a follower once, however many ways they
            # follow it, and however often a moderator approves it again.
            models.UniqueConstraint(
                fields=["recipient", "kind", "comment"],
                condition=models.Q(kind__in=["reply", "mention", "followed", "invited"]),
                name="notification_once_per_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.status})"
