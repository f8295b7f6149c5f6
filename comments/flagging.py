"""Members flag comments; at the threshold a comment goes back to moderation, and a
moderator who keeps a flagged comment settles its flags. Each change runs in one
transaction, with what must change with it (comments.services)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from . import audit, following, moderation, notifications, trust
from .models import Comment, Flag
from .services import (
    Refused,
    logged_and_shown,
    purge_pages_of,
    refuse_if_suspended,
    settle_flags,
    touch_article,
)

Status = Comment.Status


def keep_flagged(comments, *, moderator, now: datetime) -> int:
    """A moderator looked at public comments members flagged and keeps them: their flags
    are settled, so they leave the flagged list and new flags count from zero. Returns how
    many comments were kept."""
    with transaction.atomic():
        kept = list(
            comments.filter(status=Status.APPROVED, flag_count__gt=0)
            .select_related("author", "article")  # the admin log names both
            .select_for_update(of=("self",))
        )
        if not kept:
            return 0
        settle_flags(Comment.objects.filter(pk__in=[c.pk for c in kept]), now)
        logged_and_shown(kept, moderator, "Kept after review: flags dismissed.", now)
    return len(kept)


def refuse_flag(comment: Comment, *, user, now: datetime) -> int:
    """Raise Refused unless this member may flag this comment: checked before the reason is
    even asked for, so nobody fills in a form the site will refuse. Returns the member's
    trust level, which weighs their flag."""
    refuse_if_suspended(user, now)
    if comment.is_by(user):
        raise Refused("You cannot flag your own comment.")
    if comment.status != Status.APPROVED:
        raise Refused("This comment is not public, so it cannot be flagged.")
    level = trust.recompute(user, now)
    if refusal := moderation.may_flag(level):
        raise Refused(refusal, status=403)
    return level


def flag_comment(
    comment: Comment, *, user, reason: str, now: datetime, ip_address: str | None = None
) -> bool:
    """A member flags a comment (once). Returns True if it went back to moderation.

    At COMMENTS_FLAG_THRESHOLD flags from members with approved comments, an approved
    comment returns to pending and its author is told why.
    """
    level = refuse_flag(comment, user=user, now=now)
    limited = moderation.rate_limit("flag", {"member": str(user.pk), "ip": ip_address}, now)
    if limited:
        raise Refused(limited.message.replace("posting", "flagging"), status=429)
    try:
        with transaction.atomic():
            # Flags on one comment queue here, so two at the threshold return it once, and a
            # comment a moderator took down meanwhile is not returned to the queue.
            comment = Comment.objects.select_for_update().get(pk=comment.pk)
            if comment.status != Status.APPROVED:
                raise Refused("This comment is not public, so it cannot be flagged.")
            weight = moderation.flag_weight(level)
            Flag.objects.create(comment=comment, user=user, reason=reason, weight=weight)
            Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
            if not moderation.flag_threshold_reached(comment):
                return False
            before = {comment.pk: {"status": comment.status}}
            comment.status = Status.PENDING
            comment.moderation_reason = moderation.returned_after_flags_reason(comment)
            comment.save(update_fields=["status", "moderation_reason"])
            following.withdraw([comment.pk])
            # Returned by the rule, not by anyone: the trail shows no actor.
            audit.record_decisions([comment], before=before, actor=None, now=now)
            notifications.notify_returned(comment)
            notifications.notify_held(comment)
            touch_article(comment.article_id, now)
            purge_pages_of(comment)
            return True
    except IntegrityError:
        raise Refused(
            "You have already flagged this comment; moderators will look at it."
        ) from None
