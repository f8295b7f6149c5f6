"""How members appear next to their comments: names, avatars, skill chips.

These change rarely (a profile edit, a rename, an account deletion) but show in every
cached thread. Cached threads include `member_display_version()` in their keys, and
whatever changes what members look like calls `bump_member_display_version()`.
"""

import time
from zlib import crc32

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

AVATAR_PALETTE_SIZE = 8
VERSION_KEY = "member-display-version"


def member_display_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = _fresh_version()
        cache.add(VERSION_KEY, fresh, timeout=None)
        # None while the cache is unreachable: then a value from the clock, used once, so
        # nothing stored under it is ever served again.
        version = cache.get(VERSION_KEY) or time.time_ns()
    return version


def bump_member_display_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version() + 1, timeout=None)


def _fresh_version() -> int:
    if isinstance(caches["default"], LocMemCache):
        # One cache per process: the same start in every process gives them the same ETags.
        return 1
    # A shared cache can lose the key while processes keep copies stored under the old
    # version (articles.local_cache): starting from the clock, it never goes back.
    return time.time_ns() // 1_000


def avatar_class(username: str) -> str:
    """One colour of a fixed palette, chosen from the username (a class: the CSP forbids styles)."""
    return f"avatar-{crc32(username.encode()) % AVATAR_PALETTE_SIZE}"


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").replace("_", " ").split() if word]
    letters = "".join(word[0] for word in words[:2]) or "?"
    return letters.upper()
