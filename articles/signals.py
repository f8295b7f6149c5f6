"""Pages that show articles are purged from the HTTP cache when an article, tag or series
changes (after the change commits: core.http_cache.purge)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.http_cache import purge

from .models import ARTICLES_TAG, Article, Series, Tag


def article_changed(sender, instance, **kwargs) -> None:
    # Search results show titles and summaries too.
    purge(ARTICLES_TAG, instance.cache_tag, "search")


def listing_changed(sender, **kwargs) -> None:
    purge(ARTICLES_TAG, "search")


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(article_changed, sender=Article, dispatch_uid=f"purge-article-{signal}")
        for model in (Tag, Series):
            signal.connect(listing_changed, sender=model, dispatch_uid=f"purge-{model}-{signal}")
    m2m_changed.connect(listing_changed, sender=Article.tags.through, dispatch_uid="purge-tags")
