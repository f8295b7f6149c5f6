"""Who is told what when a comment changes, and how the email is sent.

Notification rows are written in the same transaction as the change that causes them;
the emails go out after commit through a task (comments.tasks) run by the worker, which
records each attempt's outcome on the row and retries a failed send later. A send that
failed every try stays recorded until `manage.py send_notifications` retries it, so a dead
mail server never blocks posting and never loses a notification.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .inbox_models import CAUSED_BY_A_PUBLIC_COMMENT
from .models import Comment, Mute, Notification

MODERATORS_GROUP = "Moderators"
UNSUBSCRIBE_SALT = "comments.unsubscribe"

# Which of the member's preferences (accounts.User.notify_on_*) switches each kind off.
PREFERENCE_FOR_KIND = {
    Notification.Kind.REPLY: "notify_on_reply",
    Notification.Kind.APPROVED: "notify_on_approval",
    Notification.Kind.RETURNED: "notify_on_approval",
    Notification.Kind.REJECTED: "notify_on_approval",
    Notification.Kind.REMOVED: "notify_on_approval",
    Notification.Kind.HELD: "notify_on_held",
    Notification.Kind.MENTION: "notify_on_mention",
    Notification.Kind.FOLLOWED: "notify_on_followed",
    Notification.Kind.INVITED: "notify_on_invitation",
    "digest": "digest_weekly",  # the weekly digest (comments.digest), not a notification
}


def moderators():
    """Members of the Moderators group and superusers: who reviews held comments."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=MODERATORS_GROUP) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


def notify_reply(comment: Comment) -> list[Notification]:
    """Tell the member answered, once the reply is public (never for answering yourself)."""
    answered = comment.reply_to
    if answered is None or answered.author_id == comment.author_id:
        return []
    if Mute.objects.filter(member_id=answered.author_id, muted_id=comment.author_id).exists():
        return []  # they muted the one who answers them
    if Notification.objects.filter(comment=comment, kind=Notification.Kind.REPLY).exists():
        return []  # approved again after a return: told already
    return _queue(
        [
            Notification(
                recipient_id=answered.author_id, kind=Notification.Kind.REPLY, comment=comment
            )
        ]
    )


def notify_held(comment: Comment) -> list[Notification]:
    """Tell moderators and the article's author that a comment waits for review."""
    recipient_ids = set(moderators().values_list("pk", flat=True))
    if comment.article.author_id:
        recipient_ids.add(comment.article.author_id)
    recipient_ids.discard(comment.author_id)
    return _queue(
        [
            Notification(recipient_id=pk, kind=Notification.Kind.HELD, comment=comment)
            for pk in sorted(recipient_ids)
        ]
    )


def notify_approved(comment: Comment) -> list[Notification]:
    return _queue(
        [
            Notification(
                recipient_id=comment.author_id, kind=Notification.Kind.APPROVED, comment=comment
            )
        ]
    )


def notify_returned(comment: Comment) -> list[Notification]:
    return _queue(
        [
            Notification(
                recipient_id=comment.author_id, kind=Notification.Kind.RETURNED, comment=comment
            )
        ]
    )


def notify_decision(comment: Comment, was: str) -> list[Notification]:
    """After a moderator's decision on a comment that had status `was`: approving a held
    one tells its author, and the member it answers; rejecting, removing or returning one
    tells its author why (the reason is on the comment, read when the email is written)."""
    Status = Comment.Status
    if comment.status == Status.APPROVED:
        if was != Status.PENDING:
            return []
        return notify_approved(comment) + notify_reply(comment)
    if comment.status == Status.PENDING:
        kind = Notification.Kind.RETURNED
    elif comment.status == Status.REJECTED:
        kind = Notification.Kind.REMOVED if was == Status.APPROVED else Notification.Kind.REJECTED
    else:
        return []  # spam: nothing to tell a spammer
    return _queue([Notification(recipient_id=comment.author_id, kind=kind, comment=comment)])


def _queue(notifications: list[Notification]) -> list[Notification]:
    from .tasks import send_notification

    created = Notification.objects.bulk_create(notifications)
    for notification in created:
        transaction.on_commit(lambda pk=notification.pk: send_notification.enqueue(pk), robust=True)
    return created


def update_address(answer: Comment) -> str:
    """Where the member posts an update to their answer: its discussion, the form ready."""
    return f"{answer.article.get_absolute_url()}?update_of={answer.pk}#reply"


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token in an email, or None if it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["user"]), data["kind"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (user_id, kind) if kind in PREFERENCE_FOR_KIND else None


def claim(notification_id: int, attempt: int) -> Notification | None:
    """Take attempt number `attempt` at sending this notification; None if it was sent or
    skipped already, or if another runner took that attempt.

    The attempt number fences concurrent runners: a task left behind by a worker that died,
    its scheduled retry and a manual `send_notifications` each move `attempts` from
    attempt - 1 to attempt, and only one of those updates can match.
    """
    taken = Notification.objects.filter(
        pk=notification_id,
        attempts=attempt - 1,
        status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
    ).update(attempts=attempt)
    if not taken:
        return None
    return Notification.objects.select_related(
        "recipient", "comment__article", "comment__author"
    ).get(pk=notification_id)


def deliver(notification: Notification) -> None:
    """Send a claimed notification by email and record the outcome on its row."""
    recipient = notification.recipient
    if (
        notification.kind in CAUSED_BY_A_PUBLIC_COMMENT
        and notification.comment.status != Comment.Status.APPROVED
    ):
        _record(notification, status=Notification.Status.SKIPPED, last_error="Not public.")
        return
    if not getattr(recipient, PREFERENCE_FOR_KIND[notification.kind]) or not recipient.email:
        _record(notification, status=Notification.Status.SKIPPED)
        return
    try:
        _email(notification).send()
    except Exception as error:
        _record(
            notification,
            status=Notification.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return
    _record(notification, status=Notification.Status.SENT, sent_at=timezone.now(), last_error="")


def _record(notification: Notification, **outcome) -> None:
    # Only while this attempt is the latest: a slow send that a retry overtook must not
    # overwrite the retry's outcome.
    Notification.objects.filter(pk=notification.pk, attempts=notification.attempts).update(
        **outcome
    )
    for field, value in outcome.items():
        setattr(notification, field, value)


def _email(notification: Notification) -> EmailMessage:
    comment = notification.comment
    unsubscribe_url = settings.SITE_URL + reverse(
        "comments:unsubscribe",
        args=[unsubscribe_token(notification.recipient_id, notification.kind)],
    )
    context = {
        "notification": notification,
        "comment": comment,
        "recipient": notification.recipient,
        "comment_url": settings.SITE_URL + comment.get_absolute_url(),
        "admin_url": settings.SITE_URL
        + reverse("admin:comments_comment_change", args=[comment.pk]),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
        "reason": comment.removal_reason_told,
        "settings_url": settings.SITE_URL + reverse("accounts:settings"),
        "update_url": settings.SITE_URL + update_address(comment),
    }
    subject = render_to_string("comments/email/subject.txt", context).strip()
    body = render_to_string("comments/email/body.txt", context)
    return EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        to=[notification.recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
