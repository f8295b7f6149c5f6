"""Answers that grow: the essay asks how members adapt, and people's answers move. When a
follow-up article is published, each member who answered the article it follows is invited
to post an update; an update is a comment that points at their earlier answer and carries
what changed in their skills between the two dates, from their dated skill journey."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task

from accounts.models import SkillEntry
from articles.models import Article

from .models import Comment, Notification


def update_refusal(earlier: Comment, author, article, reply_to=None) -> str | None:
    """Why `earlier` cannot be updated by this author here, or None: an update is a new
    thread under the same article, to one's own public answer (a thread start)."""
    if earlier.author_id != author.pk:
        return "You can only post an update to an answer of yours."
    if earlier.status != Comment.Status.APPROVED:
        return "That answer is not public, so it cannot have an update."
    if earlier.article_id != article.pk or earlier.parent_id is not None:
        return "An update goes under the article of your answer, as a new comment."
    if reply_to is not None:
        return "A reply cannot also be an update: post the update as a new comment."
    return None


def skill_changes_between(member, since: datetime, until: datetime) -> dict:
    """What the member started learning and what they learned between two dates: one
    query on their skill journey (accounts.SkillEntry)."""
    entries = SkillEntry.objects.filter(user=member).filter(
        Q(started_learning_at__gt=since, started_learning_at__lte=until)
        | Q(learned_at__gt=since, learned_at__lte=until)
    )
    started, learned = [], []
    for entry in entries.select_related("skill").order_by("skill__name"):
        if entry.learned_at and since < entry.learned_at <= until:
            learned.append(entry.skill.name)
        elif entry.started_learning_at and since < entry.started_learning_at <= until:
            started.append(entry.skill.name)
    return {"started": started, "learned": learned}


def answers_to_update(article: Article):
    """The latest public thread start of each member who answered this article."""
    latest = (
        Comment.objects.approved()
        .for_article(article)
        .filter(parent=None, author__is_active=True, author__anonymised_at=None)
        .values("author_id")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    return Comment.objects.filter(pk__in=latest)


def invite_on_publication(article: Article) -> None:
    """A published follow-up invites whoever answered the article it follows; after the
    save commits, in the worker. A scheduled one invites when its time comes (where the
    task backend can run a task later; the task checks again that it is published)."""
    if not article.follow_up_of_id or article.status != Article.Status.PUBLISHED:
        return
    pk, when = article.pk, article.published_at
    if article.is_published():
        transaction.on_commit(lambda: invite_updates.enqueue(pk), robust=True)
    elif invite_updates.get_backend().supports_defer:
        later = invite_updates.using(run_after=when)
        transaction.on_commit(lambda: later.enqueue(pk), robust=True)


@task
def invite_updates(article_id: int) -> int:
    """One invitation per answer (a second run, or a second follow-up, makes none more);
    emailed to those who want invitations. Returns how many answers it looked at."""
    from .tasks import send_notification

    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.follow_up_of_id or not article.is_published():
        return 0
    answers = list(answers_to_update(article.follow_up_of).only("pk", "author_id"))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=answer.author_id, kind=Notification.Kind.INVITED, comment=answer
            )
            for answer in answers
        ],
        ignore_conflicts=True,
    )
    emailed = get_user_model().objects.filter(notify_on_invitation=True).exclude(email="")
    for notification_id in Notification.objects.filter(
        kind=Notification.Kind.INVITED, comment__in=[a.pk for a in answers], attempts=0,
        status=Notification.Status.PENDING, recipient__in=emailed,
    ).values_list("pk", flat=True):  # fmt: skip
        send_notification.enqueue(notification_id)
    Notification.objects.filter(
        kind=Notification.Kind.INVITED, comment__in=[a.pk for a in answers], attempts=0,
        status=Notification.Status.PENDING,
    ).exclude(recipient__in=emailed).update(status=Notification.Status.SKIPPED)  # fmt: skip
    return len(answers)
