"""The discussions that show members whose names, avatars or skills changed, and the
discussions whose HTML was re-rendered, get a new version (their cached threads are
rendered again) and are purged from the HTTP cache. A closed account's mentions are
rendered again, unlinked, by the worker."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_save
from django.utils import timezone

from accounts.changes import (
    member_anonymised,
    member_data_requested,
    members_changed,
    skills_changed_signal,
)
from articles.models import ARTICLES_TAG, Article
from core.http_cache import purge
from core.signals import rerendered

from . import closed_accounts, updates
from .models import Comment
from .privacy import forget_member, member_comment_data
from .services import moved_on


def discussions_showing(comments: Q) -> None:
    """Move the version of every discussion with such comments, and purge their pages."""
    commented = Comment.objects.filter(comments, article=OuterRef("pk"))
    articles = Article.objects.filter(Exists(commented))
    article_ids = list(articles.values_list("pk", flat=True))
    Article.objects.filter(pk__in=article_ids).update(comments_changed_at=moved_on(timezone.now()))
    purge(*(Article.cache_tag_for(pk) for pk in article_ids))


def members_changed_receiver(sender, user_ids, **kwargs) -> None:
    discussions_showing(Q(author__in=user_ids))
    # Articles' bylines show their authors' names too (a staff member renamed).
    if Article.objects.filter(author__in=user_ids).update(updated_at=timezone.now()):
        purge(ARTICLES_TAG)


def skills_changed_receiver(sender, skill_ids, **kwargs) -> None:
    # Comments show the skills they are tagged with.
    discussions_showing(Q(skills__in=skill_ids))


def comments_rerendered(sender, pks, **kwargs) -> None:
    discussions_showing(Q(pk__in=pks))


def account_closed(sender, **kwargs) -> None:
    # Queued in the transaction that closes the account (a row, with the database backend):
    # both happen, or neither.
    closed_accounts.unlink_closed_accounts.enqueue()


def follow_up_saved(sender, instance, **kwargs) -> None:
    updates.invite_on_publication(instance)


# Runs once, when Django starts, in the process mutmut forks each run from: a mutant of
# the wiring would never be run (docs/mutation.md).
def connect() -> None:  # pragma: no mutate block
    post_save.connect(follow_up_saved, sender=Article, dispatch_uid="comments-invite-updates")
    members_changed.connect(members_changed_receiver, dispatch_uid="comments-members-changed")
    skills_changed_signal.connect(skills_changed_receiver, dispatch_uid="comments-skills-changed")
    rerendered.connect(comments_rerendered, sender=Comment, dispatch_uid="comments-rerendered")
    member_anonymised.connect(forget_member, dispatch_uid="comments-forget-member")
    member_anonymised.connect(account_closed, dispatch_uid="comments-account-closed")
    member_data_requested.connect(member_comment_data, dispatch_uid="comments-member-data")
