"""Every change to a comment, with everything that must change with it.

Each function here runs in one transaction: the comment, its revision, the
notifications it causes, the article's `comment_count` (approved only), `thread_count` and
`comments_changed_at`, which is also the version of the cached thread. Done here rather
than in signals because admin bulk actions use update(), which sends none.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Count, DateTimeField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from accounts.changes import SKILLS_TAG, member_tag
from articles.models import ARTICLE_LISTS_TAG, Article
from core.http_cache import purge

from . import audit, following, mentions, moderation, notifications, trust, updates
from .models import Comment, CommentRevision, Flag

Status = Comment.Status


class Refused(Exception):
    """An action the policy does not allow; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def post_comment(
    *,
    author,
    article: Article,
    body: str,
    idempotency_key: uuid.UUID,
    now: datetime,
    reply_to: Comment | None = None,
    update_of: Comment | None = None,
    skills=(),
    honeypot: str = "",
    ip_address: str | None = None,
) -> tuple[Comment, bool]:
    """Post a comment or reply; returns (comment, created).

    The same idempotency key from the same author returns the first comment instead of
    making a second, so a double submit or a retry after a lost response is harmless.
    """
    existing = Comment.objects.filter(author=author, idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    refuse_if_suspended(author, now)
    if moderation.comments_closed(article):
        raise Refused("Comments are closed on this article.", status=403)
    level = trust.recompute(author, now)
    identities = {"member": str(author.pk), "ip": ip_address}
    limited = moderation.rate_limit("post", identities, now, level)
    if limited:
        raise Refused(limited.message, status=429)
    if update_of is not None and (
        refusal := updates.update_refusal(update_of, author, article, reply_to)
    ):
        raise Refused(refusal, status=403)

    comment = Comment(
        article=article,
        author=author,
        body=body,
        idempotency_key=idempotency_key,
        ip_address=ip_address,
    )
    if reply_to is not None:
        comment.reply_to = reply_to
        comment.parent, comment.root, comment.depth = reply_to.tree_position_for_reply()
    if update_of is not None:
        comment.update_of = update_of
        comment.skill_changes = updates.skill_changes_between(author, update_of.created_at, now)
    comment.render()
    decision = moderation.initial_status(
        level, body=comment.body, link_count=comment.link_count, honeypot=honeypot
    )
    comment.status, comment.moderation_reason = decision.status, decision.reason
    try:
        with transaction.atomic():
            _lock_article(article)
            comment.save()
            comment.skills.set(skills)
            if comment.status == Status.APPROVED:
                notifications.notify_reply(comment)
                mentions.notify_mentions(comment)
                following.announce(comment)
            elif comment.status == Status.PENDING:
                notifications.notify_held(comment)
            following.follow_discussion_on_post(comment)
            touch_article(article.pk, now, added=comment)
            purge_pages_of(comment)
    except IntegrityError:
        # The same form submitted twice at once: the other request stored it first.
        existing = Comment.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def edit_comment(comment: Comment, *, editor, body: str, now: datetime) -> Comment:
    """The author rewrites their comment within the edit window; the rules run again.

    The previous text is kept as a revision for moderators, and the comment is marked
    edited.
    """
    if not comment.is_by(editor):
        raise Refused("Only the author can edit this comment.", status=403)
    refuse_if_suspended(editor, now)
    if comment.status not in (Status.APPROVED, Status.PENDING):
        raise Refused("This comment can no longer be edited.", status=403)
    if not moderation.edit_window_open(comment, now):
        deadline = moderation.edit_deadline(comment)
        raise Refused(
            f"Comments can be edited for {_minutes(settings.COMMENTS_EDIT_WINDOW)} minutes "
            f"after posting; this one could be edited until {deadline:%H:%M} UTC.",
            status=403,
        )
    previous_body, was = comment.body, comment.status
    comment.body = body
    comment.render()
    decision = moderation.status_after_edit(
        comment,
        body=comment.body,
        link_count=comment.link_count,
        level=trust.recompute(editor, now),
    )
    with transaction.atomic():
        _lock_article(comment.article)
        CommentRevision.objects.create(
            comment=comment, body=previous_body, was_public=was == Status.APPROVED
        )
        comment.status, comment.moderation_reason = decision.status, decision.reason
        comment.edited_at = now
        comment.save(update_fields=["body", "status", "moderation_reason", "edited_at"])
        if was == Status.APPROVED and comment.status == Status.PENDING:
            following.withdraw([comment.pk])  # held again: what it caused waits with it
            notifications.notify_held(comment)
        mentions.notify_mentions(comment)  # names it did not name before, if public
        touch_article(comment.article_id, now)
        purge_pages_of(comment)
    return comment


def delete_comment(comment: Comment, *, by, now: datetime) -> Comment:
    """The author removes their comment: never deleted from the database.

    With replies below it, it stays in the thread as "[deleted]"; without, it disappears.
    """
    if not comment.is_by(by):
        raise Refused("Only the author can delete this comment.", status=403)
    with transaction.atomic():
        _lock_article(comment.article)
        comment.status = Status.REMOVED
        comment.moderation_reason = "Deleted by its author."
        comment.save(update_fields=["status", "moderation_reason"])
        following.withdraw([comment.pk])
        touch_article(comment.article_id, now)
        purge_pages_of(comment)
    return comment


def moderate(
    comments,
    *,
    status: str,
    moderator,
    now: datetime,
    reason: str = "",
    removal_reason: str = "",
    removal_note: str = "",
) -> int:
    """Approve, reject, remove, return to moderation or mark as spam (one comment or a bulk
    selection); returns how many changed.

    Comments their authors deleted keep that status. Approving a held comment tells its
    author, and the member it answers; rejecting, removing or returning one tells its
    author why (`removal_reason`, comments.reasons, and the moderator's `removal_note`).
    Each change is written to the admin log and the audit trail (comments.audit).
    """
    if status == Status.APPROVED:
        removal_reason = removal_note = ""  # restored: no reason stands against it
    with transaction.atomic():
        changing = list(
            comments.exclude(status__in=[status, Status.REMOVED])
            .select_related("author", "article", "reply_to")
            .select_for_update(of=("self",))
        )
        if not changing:
            return 0
        decided = Comment.objects.filter(pk__in=[c.pk for c in changing])
        decision = {
            "status": status,
            "removal_reason": removal_reason,
            "removal_note": removal_note,
        }
        decided.update(**decision, moderation_reason=reason, moderated_at=now)
        if status == Status.APPROVED and any(c.flag_count for c in changing):
            # Approving is a review of whatever members flagged: those flags are settled.
            settle_flags(decided, now)
        before = {c.pk: {field: getattr(c, field) for field in decision} for c in changing}
        for comment in changing:
            was = comment.status
            for field, value in decision.items():
                setattr(comment, field, value)
            notifications.notify_decision(comment, was)
            if status == Status.APPROVED:
                mentions.notify_mentions(comment)
                following.announce(comment)
        if status != Status.APPROVED:  # no longer public: what they caused is withdrawn
            following.withdraw(
                [c.pk for c in changing if before[c.pk]["status"] == Status.APPROVED]
            )
        audit.record_decisions(changing, before=before, actor=moderator, now=now)
        logged_and_shown(
            changing, moderator, f"Moderated: {Status(status).label}. {reason}".strip(), now
        )
    return len(changing)


def logged_and_shown(decided: list[Comment], moderator, message: str, now: datetime) -> None:
    """After a moderator's decision: the admin log, the discussions' counts and versions,
    and the pages that show these comments."""
    LogEntry.objects.log_actions(moderator.pk, decided, CHANGE, change_message=message)
    # In order of id, so two bulk actions lock their articles in the same order.
    for article_id in sorted({c.article_id for c in decided}):
        touch_article(article_id, now)
    purge_pages_of(*decided)


def settle_flags(comments, now: datetime) -> None:
    Flag.objects.filter(comment__in=comments, reviewed_at=None).update(reviewed_at=now)
    comments.update(flag_count=0)


def refuse_if_suspended(user, now: datetime) -> None:
    suspension = moderation.suspension_in_force(user, now)
    if suspension:
        raise Refused(suspension.message_to_member, status=403)


def _lock_article(article: Article | int) -> None:
    """Serialise comment writes per article, so the recount below sees every commit."""
    pk = article.pk if isinstance(article, Article) else article
    Article.objects.select_for_update().filter(pk=pk).exists()


def touch_article(article_id: int, now: datetime, *, added: Comment | None = None) -> None:
    """Keep the counts of approved comments and shown threads, and move `comments_changed_at`
    (the version of the cached discussion). Call it inside a transaction.

    A comment just posted (`added`) changes the counts by what it adds; any other change
    recounts the discussion, whose cost grows with it while the article is locked. A recount
    also mends counts that a change made around these functions (SQL, a bulk update) left
    wrong; posting does not.

    The article is locked first, so what is read below is read after every other writer
    that holds the lock has committed: posts, edits and deletions take it before they
    write; moderation and flags change the comment first and recount once they hold it.
    (On PostgreSQL an UPDATE that waited for the lock would count with the snapshot it
    started with, hence the separate lock.) The time only moves forward, by a
    microsecond if the clock has not, so two changes in the same instant still give the
    thread two versions.
    """
    _lock_article(article_id)
    counts = _counts_with(added) if added is not None else _recounts()
    Article.objects.filter(pk=article_id).update(**counts, comments_changed_at=moved_on(now))


def moved_on(now: datetime):
    """`comments_changed_at` moved to now, or by a microsecond if the clock has not moved,
    so two changes in the same instant still give the discussion two versions."""
    return Greatest(
        Value(now, output_field=DateTimeField()),
        Coalesce(F("comments_changed_at"), Value(now, output_field=DateTimeField()))
        + timedelta(microseconds=1),
        output_field=DateTimeField(),
    )


def purge_pages_of(*comments: Comment) -> None:
    """Once committed, drop from the HTTP cache every page these comments show on: their
    article's, their authors' (member pages list their comments), the skill pages (comments
    tagged with a skill), the lists of articles (their comment counts), search results."""
    purge(
        *(Article.cache_tag_for(c.article_id) for c in comments),
        *(member_tag(c.author_id) for c in comments),
        ARTICLE_LISTS_TAG,  # comment counts
        SKILLS_TAG,
        "search",
    )


def _recounts() -> dict:
    def counted(comments):
        totals = comments.order_by().values("article").annotate(total=Count("pk"))
        return Coalesce(Subquery(totals.values("total")), 0)

    of_article = Comment.objects.filter(article=OuterRef("pk"))
    return {
        "comment_count": counted(of_article.filter(status=Status.APPROVED)),
        "thread_count": counted(of_article.thread_starts_shown()),
    }


def _counts_with(added: Comment) -> dict:
    """What a new comment adds: only a public one counts, and it shows a thread that was not
    shown before when it starts one, or when it is the first public reply under a start
    that is not public (which then shows as "[deleted]")."""
    if added.status != Status.APPROVED:
        return {}
    opens_thread = added.parent_id is None or not (
        Comment.objects.filter(Q(pk=added.root_id) | Q(root_id=added.root_id))
        .filter(status=Status.APPROVED)
        .exclude(pk=added.pk)
        .exists()
    )
    return {
        "comment_count": F("comment_count") + 1,
        "thread_count": F("thread_count") + int(opens_thread),
    }


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)
