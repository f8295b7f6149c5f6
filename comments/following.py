"""Following, and telling followers: members follow an article's discussion, a skill or a
member; when a comment becomes public, everyone who follows where it appeared gets one
inbox notification for it (`fan_out`, in the task worker, in batches), and those
notifications are withdrawn if the comment is taken down again."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task

from accounts.models import Skill
from articles.models import Article

from .follows import Follow, Mute
from .inbox_models import CAUSED_BY_A_PUBLIC_COMMENT
from .models import Comment, Notification

BATCH = 1000


class FollowRefused(ValueError):
    """Why a follow cannot be made, in words for the member."""


def follow(member, target) -> bool:
    """Follow an article's discussion, a skill or a member; False if already following."""
    if isinstance(target, Article) and not target.is_published():
        raise FollowRefused("This article is not published.")
    if isinstance(target, Skill) and target.status != Skill.Status.APPROVED:
        raise FollowRefused("This skill is not on the site's list.")
    if isinstance(target, get_user_model()):
        if target.pk == member.pk:
            raise FollowRefused("You cannot follow yourself.")
        if not target.is_active or target.is_anonymised:
            raise FollowRefused("This member's account is closed.")
    try:
        with transaction.atomic():
            Follow.objects.create(follower=member, **{Follow.field_for(target): target})
    except IntegrityError:
        return False
    return True


def unfollow(member, target) -> bool:
    """Stop following; False if the member was not following it."""
    deleted, _ = Follow.objects.filter(follower=member).of(target).delete()
    return bool(deleted)


def mute(member, muted) -> bool:
    """Fold `muted`'s comments for `member` and keep their mentions and answers out of
    the member's inbox; False if already muted."""
    if muted.pk == member.pk:
        raise FollowRefused("You cannot mute yourself.")
    if muted.is_staff:
        raise FollowRefused("Moderators cannot be muted: their notes keep the discussion safe.")
    try:
        with transaction.atomic():
            Mute.objects.create(member=member, muted=muted)
    except IntegrityError:
        return False
    return True


def unmute(member, muted) -> bool:
    deleted, _ = Mute.objects.filter(member=member, muted=muted).delete()
    return bool(deleted)


def is_following(member, target) -> bool:
    return member.is_authenticated and Follow.objects.filter(follower=member).of(target).exists()


def follow_discussion_on_post(comment: Comment) -> None:
    """Posting in a discussion follows it, unless the member turned that off."""
    if comment.author.follow_on_post:
        Follow.objects.bulk_create(
            [Follow(follower=comment.author, article=comment.article)], ignore_conflicts=True
        )


def announce(comment: Comment) -> None:
    """After the change that made the comment public commits, the worker tells followers."""
    pk = comment.pk
    transaction.on_commit(lambda: fan_out.enqueue(pk), robust=True)


def withdraw(comment_ids) -> int:
    """The comments are no longer public: the news they caused leaves inboxes (`shown()`
    hides it while they are not public) and its unsent emails are never sent. The rows
    stay, so approving a comment again tells nobody twice. Returns how many emails stop."""
    return Notification.objects.filter(
        comment_id__in=comment_ids,
        kind__in=CAUSED_BY_A_PUBLIC_COMMENT,
        status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
    ).update(status=Notification.Status.SKIPPED, last_error="Withdrawn: the comment is not public.")


def followers_of(comment: Comment):
    """Who follows where the comment appeared (its discussion, one of its skills, its
    author), as a queryset of user ids, without the author and those who muted them."""
    reached = Q(article_id=comment.article_id) | Q(member_id=comment.author_id)
    skill_ids = list(comment.skills.values_list("pk", flat=True))
    if skill_ids:
        reached |= Q(skill_id__in=skill_ids)
    return (
        Follow.objects.filter(reached, follower__is_active=True)
        .exclude(follower_id=comment.author_id)
        .exclude(follower__mutes__muted_id=comment.author_id)
        .values_list("follower_id", flat=True)
        .distinct()
        .order_by("follower_id")
    )


@task
def fan_out(comment_id: int) -> int:
    """One FOLLOWED notification for each follower of where the comment appeared, in
    batches; those who want these by email get one through the usual sending task. Members
    already told by a reply or a mention are not told twice. Returns how many followers
    it reached."""
    from .tasks import send_notification

    comment = Comment.objects.select_related("reply_to").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.APPROVED:
        return 0
    already_told = set(
        Notification.objects.filter(
            comment=comment, kind__in=[Notification.Kind.REPLY, Notification.Kind.MENTION]
        ).values_list("recipient_id", flat=True)
    )
    wants_email = set()
    batch = []
    follower_ids = followers_of(comment).iterator(chunk_size=BATCH)
    for follower_id in follower_ids:
        if follower_id in already_told:
            continue
        batch.append(follower_id)
        if len(batch) == BATCH:
            _notify_batch(comment, batch, wants_email)
            batch = []
    if batch:
        _notify_batch(comment, batch, wants_email)
    for notification_id in Notification.objects.filter(
        comment=comment, kind=Notification.Kind.FOLLOWED, recipient_id__in=wants_email,
        status=Notification.Status.PENDING, attempts=0,
    ).values_list("pk", flat=True):  # fmt: skip
        send_notification.enqueue(notification_id)
    return Notification.objects.filter(comment=comment, kind=Notification.Kind.FOLLOWED).count()


def _notify_batch(comment: Comment, follower_ids: list[int], wants_email: set) -> None:
    emailed = set(
        get_user_model()
        .objects.filter(pk__in=follower_ids, notify_on_followed=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    wants_email |= emailed
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=follower_id,
                kind=Notification.Kind.FOLLOWED,
                comment=comment,
                status=(
                    Notification.Status.PENDING
                    if follower_id in emailed
                    else Notification.Status.SKIPPED
                ),
            )
            for follower_id in follower_ids
        ],
        ignore_conflicts=True,  # a second run of the task makes no second notification
    )
