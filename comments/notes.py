"""Moderators' private notes on a member: what staff want the next moderator to know ("warned
about self-promotion in March"). Shown beside the member's comments in the moderation queue
and on their account in the admin; never on a page members or readers see."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

NOTE_EXCERPT_LENGTH = 80


class ModeratorNote(models.Model):
    # The notes go with the member: deleting the account deletes them (comments.privacy).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_notes"
    )
    text = models.TextField(max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="moderator_notes_written",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "moderator's note"
        verbose_name_plural = "moderators' notes"
        indexes = [models.Index(fields=["member", "created_at"], name="moderator_note_member_idx")]

    def __str__(self) -> str:
        return f"Note on {self.member} from {self.created_at:%Y-%m-%d}"


def with_author_notes(comments):
    """Annotate each comment with `author_note_count` and `author_latest_note`: subqueries on
    the member index, so a page of the queue costs the same queries with notes or without."""
    about = ModeratorNote.objects.filter(member=models.OuterRef("author"))
    counted = about.order_by().values("member").annotate(total=models.Count("pk"))
    return comments.annotate(
        author_note_count=Coalesce(models.Subquery(counted.values("total")), 0),
        author_latest_note=models.Subquery(about.order_by("-created_at", "-id").values("text")[:1]),
    )
