"""How members appear next to their comments: names, avatars, skill chips.

These change rarely (a profile edit, a rename, an account deletion) but show in every
cached thread. Cached threads include `member_display_version()` in their keys, and
whatever changes what members look like calls `bump_member_display_version()`, which also
moves what depends on it elsewhere (`settings.MEMBER_DISPLAY_DEPENDENTS`).
"""

import time
from zlib import crc32

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.utils.module_loading import import_string

AVATAR_PALETTE_SIZE = 8
VERSION_KEY = "member-display-version"

# An article page asks for the version for its ETag, its thread and its comment form: one
# cache round trip per request is enough, and within a request it cannot go back.
_this_request = Local()


def member_display_version() -> int:
    remembered = getattr(_this_request, "version", None)
    if remembered is not None:
        return remembered
    version = _read_version()
    if getattr(_this_request, "in_request", False):
        _this_request.version = version
    return version


def _read_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = _fresh_version()
        cache.add(VERSION_KEY, fresh, timeout=None)
        # None while the cache is unreachable: then a value from the clock, used once, so
        # nothing stored under it is ever served again.
        version = cache.get(VERSION_KEY) or time.time_ns()
    return version


def bump_member_display_version() -> None:
    _this_request.version = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version() + 1, timeout=None)
    for dependent in settings.MEMBER_DISPLAY_DEPENDENTS:
        import_string(dependent)()


def _request_started(**kwargs) -> None:
    _this_request.in_request, _this_request.version = True, None


def _request_finished(**kwargs) -> None:
    _this_request.in_request, _this_request.version = False, None


request_started.connect(_request_started, dispatch_uid="member-display-version-start")
request_finished.connect(_request_finished, dispatch_uid="member-display-version-end")


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
