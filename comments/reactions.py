"""Reactions to a comment: "helpful" (which the thread can sort by), "same here" and "thank
you". One of each kind per member, never on one's own comment, only on a public one, barred
for suspended members and rate-limited like flags; each kind counted on the comment, so the
shared thread shows the counts without a query. A second press takes the reaction back."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from articles.models import Article
from core.http_cache import purge

from . import moderation
from .models import Comment, Reaction
from .services import Refused, refuse_if_suspended, touch_article

Kind = Reaction.Kind
REFUSED_OWN = {
    Kind.HELPFUL: "You cannot mark your own comment as helpful.",
    Kind.SAME_HERE: "You cannot say “same here” to your own comment.",
    Kind.THANKS: "You cannot thank yourself.",
}


def react(comment: Comment, *, user, kind: str, now: datetime, ip_address=None) -> None:
    """The member reacts to someone else's public comment, once of this kind."""
    refuse_if_suspended(user, now)
    if comment.is_by(user):
        raise Refused(REFUSED_OWN[kind])
    if comment.status != Comment.Status.APPROVED:
        raise Refused("This comment is not public.")
    limited = moderation.rate_limit("react", {"member": str(user.pk), "ip": ip_address}, now)
    if limited:
        raise Refused(limited.message.replace("posting", "reacting"), status=429)
    try:
        with transaction.atomic():
            Reaction.objects.create(comment=comment, user=user, kind=kind)
            _count(comment, kind, +1, now)
    except IntegrityError:
        raise Refused(f"You have already reacted “{Kind(kind).label}” to this comment.") from None


def unreact(comment: Comment, *, user, kind: str, now: datetime) -> None:
    """The member takes their reaction back; nothing happens if there was none."""
    refuse_if_suspended(user, now)
    with transaction.atomic():
        removed, _ = Reaction.objects.filter(comment=comment, user=user, kind=kind).delete()
        if removed:
            _count(comment, kind, -1, now)


def _count(comment: Comment, kind: str, change: int, now: datetime) -> None:
    field = Reaction.COUNT_FIELDS[kind]
    Comment.objects.filter(pk=comment.pk).update(**{field: F(field) + change})
    # The counts show in the thread, so the cached thread must change with them.
    touch_article(comment.article_id, now)
    purge(Article.cache_tag_for(comment.article_id))
