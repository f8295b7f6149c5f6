"""Rendered HTML kept in the process in front of the shared cache, under versioned keys."""

import pytest
from django.core.cache import cache

from articles.local_cache import VersionedLocalCache

# With a local-memory cache the pages are in the process already, and nothing is copied.
pytestmark = pytest.mark.redis


def test_a_recent_page_is_served_from_the_process_and_filled_in_from_the_shared_cache():
    pages = VersionedLocalCache(max_entries=2)
    pages.set("page:v1", b"<p>version 1</p>", 60)
    assert cache.get("page:v1") == b"<p>version 1</p>"  # other processes find it too
    cache.delete("page:v1")
    assert pages.get("page:v1") == b"<p>version 1</p>"

    cache.set("page:v2", b"<p>version 2</p>")  # stored by another process
    assert pages.get("page:v2") == b"<p>version 2</p>"
    cache.delete("page:v2")
    assert pages.get("page:v2") == b"<p>version 2</p>"


def test_the_least_recently_used_page_leaves_the_process_first():
    pages = VersionedLocalCache(max_entries=2)
    for version in (1, 2):
        pages.set(f"page:v{version}", f"version {version}", 60)
    pages.get("page:v1")
    pages.set("page:v3", "version 3", 60)
    cache.clear()
    assert pages.get("page:v1") == "version 1"
    assert pages.get("page:v3") == "version 3"
    assert pages.get("page:v2") is None
