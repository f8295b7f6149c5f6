"""Graduated trust: a member's level, earned from their record in the discussion.

- new: no approved comment yet;
- member: a moderator approved one of theirs;
- trusted: TRUST_APPROVED_COMMENTS approved comments, the first at least TRUST_DAYS ago;
- moderator: staff who moderate comments.

Each comment a moderator rejected or marked as spam in the last TRUST_STRIKE_DAYS (an
upheld flag ends that way too) costs one level. Suspensions do not touch the level: one
that ends leaves it where it was. Moderators may pin a level by hand, with a reason
(`Standing.pinned_level`); a pinned level is not recomputed.

What each level may do is decided by the rules in comments/moderation.py; this module only
says which level a member is at, and in words what it allows.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from .models import Comment, Standing
from .moderation import link_limit, member_rate_limits

Level = Standing.Level


def earned_level(member, now: datetime) -> int:
    """The level the member's record earns, before any strike: one query, and two more
    (the permission check) only for members with approved comments or staff."""
    if member.is_staff and member.has_perm("comments.change_comment"):
        return Level.MODERATOR
    approved = models.Q(status=Comment.Status.APPROVED)
    struck = models.Q(
        status__in=[Comment.Status.REJECTED, Comment.Status.SPAM],
        moderated_at__gte=now - timedelta(days=settings.TRUST_STRIKE_DAYS),
    )
    record = member.comments.aggregate(
        approved=models.Count("pk", filter=approved),
        first_approved=models.Min("created_at", filter=approved),
        strikes=models.Count("pk", filter=struck),
    )
    if not record["approved"]:
        level = Level.NEW
    elif record["approved"] >= settings.TRUST_APPROVED_COMMENTS and record[
        "first_approved"
    ] <= now - timedelta(days=settings.TRUST_DAYS):
        level = Level.TRUSTED
    else:
        level = Level.MEMBER
    return max(Level.NEW, level - record["strikes"])


def level_of(member, now: datetime) -> int:
    """The member's level now: pinned by a moderator, or as their record earns it. Reads
    only, so pages may ask."""
    pinned = (
        Standing.objects.filter(user=member, pinned_level__isnull=False)
        .values_list("pinned_level", flat=True)
        .first()
    )
    if pinned is None:
        return earned_level(member, now)
    # A pin never makes a moderator: that comes with the permission alone.
    return min(pinned, Level.TRUSTED)


def recompute(member, now: datetime) -> int:
    """level_of, stored on the member's standing when it changed, so the admin lists and
    filters members by level: called where the member acts (posting, editing, flagging)."""
    level = level_of(member, now)
    standing, created = Standing.objects.get_or_create(
        user=member, defaults={"level": level, "computed_at": now}
    )
    if not created and standing.pinned_level is None and standing.level != level:
        Standing.objects.filter(pk=standing.pk).update(level=level, computed_at=now)
    return level


def allowances(level: int) -> list[str]:
    """What the level allows, in the words the member's settings page uses."""
    if level == Level.MODERATOR:
        return [
            "Your comments appear at once, with as many links as they need.",
            "No posting limits apply to you.",
            "A flag from you returns a comment to moderation at once.",
        ]
    links = link_limit(level)
    rates = [rate.split("/") for rate in member_rate_limits(level)]
    posting = " and ".join(
        f"{count} comment{'s' if count != '1' else ''} a {period}" if number == 0
        else f"{count} a {period}"
        for number, (count, period) in enumerate(rates)
    )  # fmt: skip
    words = {
        Level.NEW: [
            "Your comments wait for a moderator until one of them is approved.",
            "You can flag comments once a moderator has approved one of yours.",
        ],
        Level.MEMBER: [
            "Your comments appear at once.",
            "You can flag comments; edits to your comments are checked again.",
        ],
        Level.TRUSTED: [
            "Your comments appear at once, and your edits are not checked again "
            "(blocked terms still hold any text).",
            f"Your flags count {settings.TRUST_FLAG_WEIGHT} times as much as a member's.",
        ],
    }[level]
    return [
        *words,
        f"A comment with more than {links} link{'s' if links != 1 else ''} waits for a moderator.",
        f"You may post up to {posting}.",
    ]


def next_step(level: int) -> str:
    """How the member reaches the next level, or "" at the top."""
    if level == Level.NEW:
        return "A moderator approving one of your comments makes you a member."
    if level == Level.MEMBER:
        return (
            f"Members with {settings.TRUST_APPROVED_COMMENTS} approved comments over "
            f"{settings.TRUST_DAYS} days, and none taken down in the last "
            f"{settings.TRUST_STRIKE_DAYS} days, become trusted."
        )
    return ""
