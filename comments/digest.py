"""The weekly digest, for members who opt in: new follow-up articles, the most helpful new
answers in the discussions, skills and members they follow, and new members learning the
skills they have. Sent by the task worker (queued weekly by `manage.py send_digests`), shown
as a preview at /notifications/digest/, never sent when there is nothing new."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import SkillEntry
from articles.models import Article

from .follows import Follow, Mute
from .models import Comment
from .notifications import unsubscribe_token

PERIOD = timedelta(days=7)
DIGEST = "digest"  # the unsubscribe token's kind (comments.notifications)
ANSWERS, FOLLOW_UPS, LEARNERS = 5, 5, 10


@dataclass
class Digest:
    since: datetime
    follow_ups: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    learners: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.follow_ups or self.answers or self.learners)


def digest_for(member, now: datetime) -> Digest:
    """What is new for the member since their last digest (at most a week back): three
    queries, whatever the site's size."""
    since = max(member.digest_sent_at or now - PERIOD, now - PERIOD)
    follows = Follow.objects.filter(follower=member)
    followed = (
        Q(article__in=follows.values("article"))
        | Q(skills__in=follows.values("skill"))
        | Q(author__in=follows.values("member"))
    )
    answers = (
        Comment.objects.public(now)
        .filter(followed, created_at__gt=since, parent=None)
        .exclude(author=member)
        .exclude(author__in=Mute.objects.filter(member=member).values("muted"))
        .select_related("article", "author")
        .distinct()
        .order_by("-helpful_count", "-created_at")[:ANSWERS]
    )
    follow_ups = (
        Article.objects.published(now)
        .filter(follow_up_of__isnull=False, published_at__gt=since)
        .order_by("-published_at")[:FOLLOW_UPS]
    )
    learners = (
        SkillEntry.objects.filter(
            skill__in=member.skill_entries.values("skill"),
            started_learning_at__gt=since,
            user__is_active=True,
        )
        .exclude(user=member)
        .select_related("user", "skill")
        .order_by("-started_learning_at")[:LEARNERS]
    )
    return Digest(since, list(follow_ups), list(answers), list(learners))


@task
def send_weekly_digest(member_id: int) -> str:
    """Email the member's digest if there is something in it; the time is recorded either
    way, so a run queued twice sends once."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    now = timezone.now()
    if member is None or not member.digest_weekly or not member.email:
        return "not wanted"
    digest = digest_for(member, now)
    # Claimed by a conditional update, so two runs of the week's task send once.
    claimed = (
        get_user_model()
        .objects.filter(pk=member.pk)
        .filter(Q(digest_sent_at=None) | Q(digest_sent_at__lte=now - PERIOD + timedelta(hours=1)))
        .update(digest_sent_at=now)
    )
    if not claimed:
        return "sent this week already"
    if digest.is_empty:
        return "nothing new"
    try:
        _email(member, digest).send()
    except Exception:
        # Not sent: the next run (or a retry of this task) tries again.
        get_user_model().objects.filter(pk=member.pk).update(digest_sent_at=member.digest_sent_at)
        raise
    return "sent"


def _email(member, digest: Digest) -> EmailMessage:
    unsubscribe_url = settings.SITE_URL + reverse(
        "comments:unsubscribe", args=[unsubscribe_token(member.pk, DIGEST)]
    )
    context = {
        "member": member,
        "digest": digest,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "preview_url": settings.SITE_URL + reverse("comments:digest"),
        "unsubscribe_url": unsubscribe_url,
    }
    return EmailMessage(
        subject=f"[{settings.SITE_NAME}] What is new this week",
        body=render_to_string("comments/email/digest.txt", context),
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
