"""One version for every article page, kept in the shared cache.

Anonymous readers get an article page from the cache, or a 304, by its ETag. The database
can tell whether anything on a page changed (`Article.objects.page_fingerprint`), but
asking it costs two round trips on every request to the busiest page. With a shared cache
(Redis), the ETag comes from this version instead. Every change to what article pages show
moves it once committed: saving or deleting an article, tag or series, changing an
article's tags, and every change to a discussion (`comments.services`).

A version is a random token, so it never comes back to an earlier value. It expires at the
next scheduled publication, so that pages listing the newcomer change when it comes out,
and at the latest after `VERSION_SECONDS`: if a move was lost to a Redis error, or a change
was made around the app (raw SQL, a bulk `update()`), it shows within that time. Pages
stored under a version are kept no longer than it lives.

With a cache that is local to each process, a version moved in one process would not
reach the others. There the database decides: `current()` returns None.
"""

import logging
import math
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .local_cache import cache_is_shared
from .models import Article, Series, Tag

logger = logging.getLogger(__name__)

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
        # Its publication came within the second before the key expires.
        return _set_new(now)
    # Expired: the first reader starts the next version, and the others take that one,
    # so a reader never replaces a version that a change has just set.
    fresh = _new_version(now)
    cache.add(VERSION_KEY, fresh, _lifetime(fresh, now))
    # None while Redis is unreachable: then a token used once, so nothing is shared.
    return (cache.get(VERSION_KEY) or fresh)[0]


def move() -> None:
    """Call after a change to what article pages show: the version moves once it is committed.

    Not before: a reader could store the page as it was before the commit under the new
    version. Nor inside the transaction at all, where a comment holds its article's lock.
    """
    if cache_is_shared():
        transaction.on_commit(_moved, robust=True)


def _moved() -> None:
    now = timezone.now()
    token = _set_new(now)
    if (cache.get(VERSION_KEY) or (None,))[0] != token:
        logger.error(
            "Article pages' version not moved (Redis unreachable?): the change shows to "
            "anonymous readers within %s seconds.",
            VERSION_SECONDS,
        )


def _set_new(now) -> str:
    version = _new_version(now)
    cache.set(VERSION_KEY, version, _lifetime(version, now))
    return version[0]


def _new_version(now) -> tuple:
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    return secrets.token_hex(8), upcoming.aggregate(first=Min("published_at"))["first"]


def _lifetime(version: tuple, now) -> int:
    _, next_publication = version
    if next_publication is None:
        return VERSION_SECONDS
    return max(1, min(VERSION_SECONDS, math.ceil((next_publication - now).total_seconds())))


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
