"""HTTP caching: which responses a shared cache (Varnish, a CDN) may keep, and telling it
what changed.

A view says that its page may be shared with `@shareable(...)` or `add_tags(response, ...)`,
naming what the page shows with tags ("articles", "article-12", "member-7"). The middleware
(`core.middleware.SharedCacheMiddleware`) then makes the response public, with a short
`s-maxage` and the tags in an `xkey` header, but only for an anonymous reader whose response
sets no cookie: a page with a CSRF token, a flash message or a member's name stays private.
After a change commits, `purge(tags)` asks every HTTP cache to drop the pages with those tags;
a purge that is lost is bounded by `s-maxage`.
"""

import functools
import logging
import urllib.request

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# Varnish's xkey module reads the tags from this header; a CDN would call it Surrogate-Key.
TAG_HEADER = "xkey"
# On every shared page, so one purge can empty the cache (after a deploy or a re-render).
SITE_TAG = "site"
PURGE_HEADER = "xkey-purge"


def add_tags(response, *tags: str):
    """Let a shared cache keep this response for anonymous readers, under these tags."""
    response.cache_tags = {*getattr(response, "cache_tags", ()), *tags}
    return response


def shareable(*tags: str):
    """Decorator: the view's pages may be shared with anonymous readers (see add_tags)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return add_tags(view(request, *args, **kwargs), *tags)

        return wrapper

    return decorator


def make_public(response, tags) -> None:
    patch_cache_control(
        response,
        public=True,
        # Browsers revalidate every time (cheap with the ETag); the shared cache keeps the
        # page for s-maxage, serves it stale while refetching, and while the site is down.
        max_age=0,
        s_maxage=settings.HTTP_CACHE_SECONDS,
        stale_while_revalidate=settings.HTTP_CACHE_STALE_SECONDS,
        stale_if_error=settings.HTTP_CACHE_STALE_IF_ERROR_SECONDS,
    )
    response[TAG_HEADER] = " ".join(sorted({SITE_TAG, *tags}))


def make_private(response) -> None:
    patch_cache_control(response, private=True, no_cache=True)


def is_private(response) -> bool:
    """The response is one reader's: made private here, or by its view."""
    return "private" in response.get("Cache-Control", "")


def purge(*tags: str) -> None:
    """Once the current transaction commits, drop the pages with these tags from every HTTP
    cache, through the task backend (django.tasks: at the commit itself with the immediate
    backend, in the worker with a queued one). Purging before the commit would let a
    reader re-cache the page as it was."""
    tags = sorted({tag for tag in tags if tag})
    if tags and settings.HTTP_CACHE_PURGE_URLS:
        transaction.on_commit(lambda: purge_pages.enqueue(tags), robust=True)


@task
def purge_pages(tags: list[str]) -> int:
    """Send one purge for these tags to each HTTP cache; returns how many answered.

    Never raises: a cache that is down or slow is logged and the page expires on its own.
    """
    answered = 0
    for url in settings.HTTP_CACHE_PURGE_URLS:
        request = urllib.request.Request(
            url, method="PURGE", headers={PURGE_HEADER: " ".join(tags)}
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT):
                answered += 1
        except Exception as error:  # a bad address or a broken answer: log it, carry on
            logger.warning("Purging %s from %s failed: %s", " ".join(tags), url, error)
    return answered
