"""Recently used rendered HTML, kept in this process in front of the shared cache.

Rendered pages are stored under versioned keys (an ETag, a change time, a version
number), so a key names one version of its value and a copy kept here can never be stale:
when the page changes, so does its key. Reading a page of a few hundred kilobytes from
Redis on every request cost more than everything else an anonymous request does.
"""

import threading
from collections import OrderedDict

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache


class VersionedLocalCache:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        if not cache_is_shared():
            return cache.get(key)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = cache.get(key)
        if value is not None:
            self._keep(key, value)
        return value

    def set(self, key: str, value, timeout: int) -> None:
        cache.set(key, value, timeout)
        if cache_is_shared():
            self._keep(key, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _keep(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def cache_is_shared() -> bool:
    """True when every process sees the same cache (Redis), not one of its own."""
    # A local-memory cache is in the process already; a copy would only double the memory.
    return not isinstance(caches["default"], LocMemCache)


# About 330 KB a page at 300 comments: a few megabytes per process at most.
rendered_pages = VersionedLocalCache(max_entries=24)
