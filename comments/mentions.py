"""@mentions: whom a public comment tells that it names them.

The Markdown pipeline links "@username" when a comment is rendered on save (core.markdown,
resolving names through accounts.mentions.member_pages); the links stay until the member
closes their account (comments.closed_accounts unlinks them then). Who is *told* is
decided here, when the comment becomes public (comments.services: posted past moderation,
approved by a moderator, or edited while public), by the rules in RULES, one function
each, applied in turn to the members the comment links. The notifications are rows like
any other (comments.notifications); they are withdrawn with the comment's others when it
is taken down (comments.following.withdraw).
"""

import re
from functools import cache

from django.conf import settings
from django.db import transaction

from accounts.mentions import member_page_prefix, mentionable

from .models import Comment, Mute, Notification

MENTION = Notification.Kind.MENTION


@cache
def _mention_link() -> re.Pattern:
    """A mention link as core.markdown renders it, capturing the username."""
    prefix = re.escape(member_page_prefix())
    return re.compile(rf'<a href="{prefix}([a-z0-9_-]+)/" class="mention"')


def mentioned(comment: Comment) -> list[str]:
    """The usernames a comment's stored HTML links as mentions, in order, each once."""
    return list(dict.fromkeys(_mention_link().findall(comment.body_html)))


def not_the_author(comment: Comment, member_ids: list[int]) -> list[int]:
    """Naming yourself tells nobody."""
    return [pk for pk in member_ids if pk != comment.author_id]


def not_told_already(comment: Comment, member_ids: list[int]) -> list[int]:
    """Once per comment: not again after an edit that names them again, and not the member
    it answers, whom the reply notification told."""
    told = set(
        Notification.objects.filter(
            comment=comment, kind__in=[MENTION, Notification.Kind.REPLY]
        ).values_list("recipient_id", flat=True)
    )
    return [pk for pk in member_ids if pk not in told]


def not_muted_by_them(comment: Comment, member_ids: list[int]) -> list[int]:
    """A member who muted the author is not told that the author named them."""
    muting = set(
        Mute.objects.filter(member_id__in=member_ids, muted_id=comment.author_id).values_list(
            "member_id", flat=True
        )
    )
    return [pk for pk in member_ids if pk not in muting]


def within_limit(comment: Comment, member_ids: list[int]) -> list[int]:
    """At most COMMENTS_MENTION_LIMIT members are told of one comment, over all its edits:
    the first ones it names. The rest are linked but not told."""
    told = Notification.objects.filter(comment=comment, kind=MENTION).count()
    return member_ids[: max(0, settings.COMMENTS_MENTION_LIMIT - told)]


# In order: the limit counts only members who would otherwise be told.
RULES = [not_the_author, not_told_already, not_muted_by_them, within_limit]


def to_tell(comment: Comment) -> list[int]:
    """Ids of the members a public comment mentions who are to be told now."""
    if comment.status != Comment.Status.APPROVED:
        return []
    names = mentioned(comment)
    if not names:
        return []
    ids = dict(mentionable().filter(username__in=names).values_list("username", "pk"))
    member_ids = [ids[name] for name in names if name in ids]
    for rule in RULES:
        if not member_ids:
            break
        member_ids = rule(comment, member_ids)
    return member_ids


def notify_mentions(comment: Comment) -> int:
    """Tell the members a comment mentions, once it is public; call it in the transaction
    that makes it public (after any reply notification). Each email is sent by the worker
    after commit, if the member wants mentions by email (comments.notifications.deliver).
    Returns how many were told."""
    from .tasks import send_notification

    member_ids = to_tell(comment)
    if not member_ids:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=MENTION, comment=comment) for pk in member_ids],
        # A concurrent run (two edits at once) made one already: the constraint keeps one.
        ignore_conflicts=True,
    )
    made = Notification.objects.filter(
        comment=comment, kind=MENTION, recipient_id__in=member_ids, attempts=0
    ).values_list("pk", flat=True)
    for pk in made:
        transaction.on_commit(lambda pk=pk: send_notification.enqueue(pk), robust=True)
    return len(member_ids)
