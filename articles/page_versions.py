"""One version for every article page, kept in the shared cache.

Anonymous readers get an article page from the cache, or a 304, by its ETag. The database
can tell whether anything on a page changed (`Article.objects.page_fingerprint`), but
asking it costs two round trips on every request to the busiest page. With a shared cache
(Redis), the ETag comes from this version instead. Every change to what article pages show
moves it: saving or deleting an article, tag or series, changing an article's tags, and
every change to a discussion (`comments.services`). Scheduled publications move it when
their time comes, because the version carries the next publication time.

A version is a random token, so it never comes back to an earlier value. It expires after
`VERSION_SECONDS`: if a move was lost while Redis was unreachable, or a change was made
around the app (raw SQL, a bulk `update()`), it shows within that time.

With a cache that is local to each process, a version moved in one process would not
reach the others. There the database decides: `current()` returns None.
"""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .local_cache import cache_is_shared
from .models import Article, Series, Tag

VERSION_KEY = "article-pages-version"
VERSION_SECONDS = 5 * 60


def current(now=None) -> str | None:
    """The version of all article pages, or None when the cache is not shared."""
    if not cache_is_shared():
        return None
    now = now or timezone.now()
    stored = cache.get(VERSION_KEY)
    if stored is not None:
        token, next_publication = stored
        if next_publication is None or now < next_publication:
            return token
    return _start(now)


def move() -> None:
    """Call after a change to what article pages show: the version moves once it is committed.

    Not before: a reader could store the page as it was before the commit under the new
    version. Nor inside the transaction at all, where a comment holds its article's lock.
    """
    if cache_is_shared():
        transaction.on_commit(lambda: _start(timezone.now()))


def _start(now) -> str:
    token = secrets.token_hex(8)
    cache.set(VERSION_KEY, (token, _next_publication(now)), VERSION_SECONDS)
    return token


def _next_publication(now):
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    return upcoming.aggregate(first=Min("published_at"))["first"]


def _moved_by_a_change(sender, action: str = "post_", **kwargs) -> None:
    # m2m_changed also announces each change before it is made ("pre_add"…).
    if action.startswith("post_"):
        move()


def connect_signals() -> None:
    for model in (Article, Tag, Series):
        post_save.connect(_moved_by_a_change, sender=model, dispatch_uid=f"pages-{model}-save")
        post_delete.connect(_moved_by_a_change, sender=model, dispatch_uid=f"pages-{model}-del")
    m2m_changed.connect(
        _moved_by_a_change, sender=Article.tags.through, dispatch_uid="pages-article-tags"
    )
