"""When an article, tag or series changes: the articles that show it are touched (their
`updated_at`, which `ArticleQuerySet.version()` and so the cached fragments follow), and the
pages that show articles are purged from the HTTP cache once the change commits."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from core.http_cache import purge
from core.signals import rerendered

from .models import ARTICLES_TAG, Article, Series, Tag
from .tasks import make_social_card


def article_changed(sender, instance, **kwargs) -> None:
    # Every page that shows articles carries ARTICLES_TAG, search results included.
    purge(ARTICLES_TAG, instance.cache_tag)


def article_saved(sender, instance, **kwargs) -> None:
    """A new title (or a cover taken away) needs a new social card: the worker draws it once
    the save commits."""
    if instance.needs_social_card():
        pk = instance.pk
        transaction.on_commit(lambda: make_social_card.enqueue(pk), robust=True)


def tag_changed(sender, instance, **kwargs) -> None:
    """Saved, or about to be deleted (while its articles can still be found)."""
    Article.objects.filter(tags=instance).update(updated_at=timezone.now())
    purge(ARTICLES_TAG)


def series_changed(sender, instance, **kwargs) -> None:
    Article.objects.filter(series=instance).update(updated_at=timezone.now())
    purge(ARTICLES_TAG)


def tags_of_article_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    """article.tags changed, or tag.articles (reverse): touch the articles whose tags did."""
    if reverse and action == "pre_clear":
        # Afterwards the tag's articles can no longer be found.
        changed = Article.objects.filter(tags=instance)
    elif not action.startswith("post_"):
        return
    elif reverse:
        changed = Article.objects.filter(pk__in=pk_set or ())
    else:
        changed = Article.objects.filter(pk=instance.pk)
    changed.update(updated_at=timezone.now())
    purge(ARTICLES_TAG)


def articles_rerendered(sender, pks, **kwargs) -> None:
    # The stored HTML changed: so did the page (and its fragments' key).
    Article.objects.filter(pk__in=pks).update(updated_at=timezone.now())


# Runs once, when Django starts, in the process mutmut forks each run from: a mutant of
# the wiring would never be run (docs/mutation.md).
def connect() -> None:  # pragma: no mutate block
    rerendered.connect(articles_rerendered, sender=Article, dispatch_uid="articles-rerendered")
    for signal in (post_save, post_delete):
        signal.connect(article_changed, sender=Article, dispatch_uid=f"purge-article-{signal}")
    post_save.connect(article_saved, sender=Article, dispatch_uid="social-card")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="touch-tag")
    pre_delete.connect(tag_changed, sender=Tag, dispatch_uid="touch-deleted-tag")
    # A series with articles cannot be deleted (PROTECT); an empty one shows nowhere.
    post_save.connect(series_changed, sender=Series, dispatch_uid="touch-series")
    m2m_changed.connect(tags_of_article_changed, sender=Article.tags.through, dispatch_uid="tags")
