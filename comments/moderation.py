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
from django.db.models import Sum

from .models import BlockedTerm, Comment, Flag, Standing, Suspension

Level = Standing.Level

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


def first_comment_hold(level: int) -> Hold | None:
    """Hold everything from a new member (comments.trust) until a moderator has approved
    one of theirs; a member who lost their level to removals is held again."""
    if level == Level.NEW:
        return Hold("First comment: held until a moderator approves one of theirs.")
    return None


def link_limit(level: int) -> int | None:
    """How many links a comment may carry before it is held: COMMENTS_LINK_LIMIT for
    members, half for new ones, TRUST_LIMIT_MULTIPLIER times more for trusted ones, no
    limit for moderators."""
    if level == Level.MODERATOR:
        return None
    if level == Level.TRUSTED:
        return settings.COMMENTS_LINK_LIMIT * settings.TRUST_LIMIT_MULTIPLIER
    if level == Level.NEW:
        return settings.COMMENTS_LINK_LIMIT // 2
    return settings.COMMENTS_LINK_LIMIT


def too_many_links_hold(link_count: int, level: int = Level.MEMBER) -> Hold | None:
    """Hold a comment with more links than the level allows (the usual shape of spam)."""
    limit = link_limit(level)
    if limit is not None and link_count > limit:
        return Hold(f"{link_count} links (more than {limit}).")
    return None


def member_rate_limits(level: int) -> list[str]:
    """The posting limits of a member of this level: COMMENTS_RATE_LIMITS_PER_MEMBER, half
    as many for new members (at least one), TRUST_LIMIT_MULTIPLIER times as many for
    trusted ones, none for moderators. The per-address limits apply to everyone."""
    if level == Level.MODERATOR:
        return []
    factor = {Level.NEW: 0.5, Level.TRUSTED: settings.TRUST_LIMIT_MULTIPLIER}.get(level, 1)
    scaled = []
    for text in settings.COMMENTS_RATE_LIMITS_PER_MEMBER:
        rate = Rate.parse(text)
        period = next(name for name, seconds in PERIOD_SECONDS.items() if seconds == rate.seconds)
        scaled.append(f"{max(1, int(rate.count * factor))}/{period}")
    return scaled


def may_flag(level: int) -> str | None:
    """Why a member may not flag yet, or None: new members' flags would make throwaway
    accounts a way to hide comments."""
    if level == Level.NEW:
        return "You can flag comments once a moderator has approved one of yours."
    return None


def flag_weight(level: int) -> int:
    """What a flag counts towards returning a comment: trusted members' flags count
    TRUST_FLAG_WEIGHT, a moderator's returns it at once."""
    if level == Level.MODERATOR:
        return settings.COMMENTS_FLAG_THRESHOLD
    if level == Level.TRUSTED:
        return settings.TRUST_FLAG_WEIGHT
    return 1


def edits_remoderated(level: int) -> bool:
    """Whether an edit runs the link rule again: not for trusted members and moderators.
    Blocked terms hold anyone's text."""
    return level < Level.TRUSTED


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


def initial_status(level: int, *, body: str, link_count: int, honeypot: str) -> Decision:
    """The status a new comment starts in: spam, held (pending) or approved."""
    if honeypot_filled(honeypot):
        return Decision(Comment.Status.SPAM, "Honeypot field filled in.")
    hold = (
        first_comment_hold(level)
        or too_many_links_hold(link_count, level)
        or blocked_term_hold(body)
    )
    if hold:
        return Decision(Comment.Status.PENDING, hold.reason)
    return Decision(Comment.Status.APPROVED)


def status_after_edit(
    comment: Comment, *, body: str, link_count: int, level: int = Level.MEMBER
) -> Decision:
    """An edited comment runs the text rules again (only blocked terms for trusted members:
    edits_remoderated); an already held one stays held."""
    if comment.status != Comment.Status.APPROVED:
        return Decision(comment.status, comment.moderation_reason)
    links_hold = too_many_links_hold(link_count, level) if edits_remoderated(level) else None
    hold = links_hold or blocked_term_hold(body)
    if hold:
        return Decision(Comment.Status.PENDING, f"Edited: {hold.reason}")
    return Decision(Comment.Status.APPROVED)


def rate_limit(
    scope: str, identities: dict[str, str | None], now: datetime, level: int = Level.MEMBER
) -> RateLimited | None:
    """Count one attempt against every configured window; refuse if any is exceeded.

    `identities` maps "member" and "ip" to who is acting (an IP may be unknown). Fixed
    windows in the cache, so the limit holds across processes when the cache is Redis.
    Counting happens before checking, so concurrent requests cannot slip past together.
    """
    limits = {
        ("post", "member"): member_rate_limits(level),
        ("post", "ip"): settings.COMMENTS_RATE_LIMITS_PER_IP,
        ("flag", "member"): settings.COMMENTS_FLAG_RATE_LIMITS,
        ("flag", "ip"): settings.COMMENTS_FLAG_RATE_LIMITS,
        ("react", "member"): settings.COMMENTS_REACTION_RATE_LIMITS,
        ("react", "ip"): settings.COMMENTS_REACTION_RATE_LIMITS,
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
    """The flags raised since a moderator last reviewed the comment weigh enough, each as
    its flagger's trust made it (flag_weight)."""
    weight = Flag.objects.filter(comment=comment, reviewed_at=None).aggregate(total=Sum("weight"))[
        "total"
    ]
    return (weight or 0) >= settings.COMMENTS_FLAG_THRESHOLD


def returned_after_flags_reason(comment: Comment) -> str:
    reasons = sorted(
        {
            Flag.Reason(reason).label.lower()
            for reason in comment.flags.values_list("reason", flat=True)
        }
    )
    return f"Returned to moderation after flags: {', '.join(reasons)}."
