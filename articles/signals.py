"""When an article, tag or series changes: the articles that show it are touched (their
`updated_at`, which `ArticleQuerySet.version()` and so the cached fragments follow), and the
pages that show articles are purged from the HTTP cache once the change commits."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.http_cache import purge
from core.signals import rerendered

from .models import ARTICLES_TAG, Article, Series, Tag


def article_changed(sender, instance, **kwargs) -> None:
    # Search results show titles and summaries too.
    purge(ARTICLES_TAG, instance.cache_tag, "search")


def tag_changed(sender, instance, **kwargs) -> None:
    Article.objects.filter(tags=instance).update(updated_at=timezone.now())
    purge(ARTICLES_TAG, "search")


def series_changed(sender, instance, **kwargs) -> None:
    Article.objects.filter(series=instance).update(updated_at=timezone.now())
    purge(ARTICLES_TAG, "search")


def tags_of_article_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Article):
        Article.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
        purge(ARTICLES_TAG, "search")


def articles_rerendered(sender, pks, **kwargs) -> None:
    # The stored HTML changed: so did the page (and its fragments' key).
    Article.objects.filter(pk__in=pks).update(updated_at=timezone.now())


def connect() -> None:
    rerendered.connect(articles_rerendered, sender=Article, dispatch_uid="articles-rerendered")
    for signal in (post_save, post_delete):
        signal.connect(article_changed, sender=Article, dispatch_uid=f"purge-article-{signal}")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="touch-tag")
    post_save.connect(series_changed, sender=Series, dispatch_uid="touch-series")
    # Deleted tags and series: the articles lose them (SET_NULL, m2m) and purge follows.
    post_delete.connect(tag_changed, sender=Tag, dispatch_uid="purge-deleted-tag")
    m2m_changed.connect(tags_of_article_changed, sender=Article.tags.through, dispatch_uid="tags")
