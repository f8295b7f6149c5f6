"""Addresses reversed once per process, for those every page names.

The header, the footer and the account links name the same dozen addresses on every page,
an article page names its article several times, and a member's page links each of their
comments' edit and delete pages; each `reverse()` cost about 25 µs, a tenth of a page
rendered around its stored fragments. An address only changes with its arguments, the
URLconf, the script prefix the site is served under, the current application's namespace
and the language (for translated routes), so it is kept for those.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def kept_reverse(view_name: str, args: tuple = (), current_app=None) -> str:
    """`reverse(view_name, args=args)`, from memory when it was reversed before."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(view_name, args, current_app, urlconf, get_script_prefix(), get_language())


@lru_cache(maxsize=4096)
def _reversed(view_name, args, current_app, urlconf, script_prefix, language) -> str:
    # script_prefix and language are only part of the key: reverse() reads them itself.
    return reverse(view_name, args=args, urlconf=urlconf, current_app=current_app)
