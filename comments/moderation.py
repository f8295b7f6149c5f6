"""The moderation policy: one function a rule, each configured in settings and tested alone.

Rules that decide a new or edited comment's status return a `Hold` (or None); rules that
refuse an action outright return what the member needs to be told. Services
(comments/services.py) call them; views and forms never decide policy themselves.
"""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from .models import BlockedTerm, Comment, Flag, Suspension

PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Hold:
    """Why a comment waits for a moderator (shown to moderators in the queue)."""

    reason: str


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str = ""


@dataclass(frozen=True)
class RateLimited:
    """A member or address that posted too often, and when they may post again."""

    retry_at: datetime

    @property
    def message(self) -> str:
        return (
            "You are posting faster than the site allows. Your comment was not posted; "
            f"you can post it again from {self.retry_at:%H:%M:%S} UTC."
        )


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'5/minute' → Rate(5, 60). A setting that is not one raises, so the site stops at
        the first post instead of limiting by a wrong amount."""
        count, _, period = text.partition("/")
        if int(count) < 0:
            raise ValueError(f"A rate counts from 0: {text!r}")
        return cls(int(count), PERIOD_SECONDS[period.strip()])


def first_comment_hold(author) -> Hold | None:
    """Hold everything from a member until a moderator has approved one of theirs.

    Moderators themselves are trusted from the start. Approved comments are asked first: one
    query for most members, where the permission check takes two.
    """
    if author.comments.approved().exists():
        return None
    if author.has_perm("comments.change_comment"):
        return None
    return Hold("First comment: held until a moderator approves one of theirs.")


def too_many_links_hold(link_count: int) -> Hold | None:
    """Hold a comment with more links than COMMENTS_LINK_LIMIT (the usual shape of spam)."""
    if link_count > settings.COMMENTS_LINK_LIMIT:
        return Hold(f"{link_count} links (more than {settings.COMMENTS_LINK_LIMIT}).")
    return None


def blocked_term_hold(text: str) -> Hold | None:
    """Hold a comment containing a term from the list moderators keep in the admin."""
    lowered = text.lower()
    for term in BlockedTerm.objects.values_list("term", flat=True):
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", lowered):
            return Hold(f"Contains the blocked term “{term}”.")
    return None


def honeypot_filled(value: str) -> bool:
    """Bots fill every field; people never see the honeypot, so anything in it is spam."""
    return bool(value.strip())


def initial_status(author, *, body: str, link_count: int, honeypot: str) -> Decision:
    """The status a new comment starts in: spam, held (pending) or approved."""
    if honeypot_filled(honeypot):
        return Decision(Comment.Status.SPAM, "Honeypot field filled in.")
    hold = first_comment_hold(author) or too_many_links_hold(link_count) or blocked_term_hold(body)
    if hold:
        return Decision(Comment.Status.PENDING, hold.reason)
    return Decision(Comment.Status.APPROVED)


def status_after_edit(comment: Comment, *, body: str, link_count: int) -> Decision:
    """An edited comment runs the text rules again; an already held one stays held."""
    if comment.status != Comment.Status.APPROVED:
        return Decision(comment.status, comment.moderation_reason)
    hold = too_many_links_hold(link_count) or blocked_term_hold(body)
    if hold:
        return Decision(Comment.Status.PENDING, f"Edited: {hold.reason}")
    return Decision(Comment.Status.APPROVED)


def rate_limit(scope: str, identities: dict[str, str | None], now: datetime) -> RateLimited | None:
    """Count one attempt against every configured window; refuse if any is exceeded.

    `identities` maps "member" and "ip" to who is acting (an IP may be unknown). Fixed
    windows in the cache, so the limit holds across processes when the cache is Redis.
    Counting happens before checking, so concurrent requests cannot slip past together.
    """
    limits = {
        ("post", "member"): settings.COMMENTS_RATE_LIMITS_PER_MEMBER,
        ("post", "ip"): settings.COMMENTS_RATE_LIMITS_PER_IP,
        ("flag", "member"): settings.COMMENTS_FLAG_RATE_LIMITS,
        ("flag", "ip"): settings.COMMENTS_FLAG_RATE_LIMITS,
    }
    stamp = now.timestamp()
    latest_retry = None
    for kind, identity in identities.items():
        if identity is None:
            continue
        for rate in map(Rate.parse, limits[scope, kind]):
            window = math.floor(stamp / rate.seconds)
            key = f"comment-rate:{scope}:{kind}:{identity}:{rate.seconds}:{window}"
            cache.add(key, 0, timeout=rate.seconds + 1)
            if cache.incr(key) > rate.count:
                retry_at = datetime.fromtimestamp((window + 1) * rate.seconds, tz=UTC)
                latest_retry = max(latest_retry or retry_at, retry_at)
    return RateLimited(latest_retry) if latest_retry else None


def suspension_in_force(user, now: datetime) -> Suspension | None:
    """The suspension that bars a member from posting, editing, flagging and marking helpful."""
    return user.suspensions.in_force(now).order_by("-until").first()


def comments_closed(article) -> bool:
    """Closed discussions keep their comments but take no new ones (replies included)."""
    return not article.comments_open


def edit_window_open(comment: Comment, now: datetime) -> bool:
    """Authors may edit for COMMENTS_EDIT_WINDOW after posting, so replies keep their sense."""
    return now < comment.created_at + settings.COMMENTS_EDIT_WINDOW


def edit_deadline(comment: Comment) -> datetime:
    return comment.created_at + settings.COMMENTS_EDIT_WINDOW


def flag_threshold_reached(comment: Comment) -> bool:
    """Enough flags from members with approved comments (not fresh throwaway accounts),
    counting only those raised since a moderator last reviewed the comment."""
    trusted_flags = (
        Flag.objects.filter(comment=comment, reviewed_at=None)
        .filter(user__comments__status=Comment.Status.APPROVED)
        .values("user")
        .distinct()
        .count()
    )
    return trusted_flags >= settings.COMMENTS_FLAG_THRESHOLD


def returned_after_flags_reason(comment: Comment) -> str:
    reasons = sorted(
        {
            Flag.Reason(reason).label.lower()
            for reason in comment.flags.values_list("reason", flat=True)
        }
    )
    return f"Returned to moderation after flags: {', '.join(reasons)}."
