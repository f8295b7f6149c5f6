from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers

from .http_cache import is_private, make_private, make_public


class SharedCacheMiddleware:
    """Decides, once the response is complete, whether a shared cache may keep it.

    Listed above the session, CSRF and message middleware, so it sees every cookie they
    set. Nothing is shared unless its view said so (core.http_cache.add_tags), and then only
    for an anonymous reader with no session data whose response sets no cookie. Responses no
    view marked, and that say nothing of caching themselves, are private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tags = getattr(response, "cache_tags", None)
        if tags is None:
            if not response.has_header("Cache-Control"):
                make_private(response)
            return response
        patch_vary_headers(response, ["Cookie"])
        if self.may_share(request, response):
            make_public(response, tags)
        else:
            make_private(response)
        return response

    @staticmethod
    def may_share(request, response) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if response.cookies or is_private(response) or request.user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        # A session holding anything (messages that overflowed the cookie, a half-done
        # sign-in) makes the page this reader's. (Asking who the reader is opened it.)
        return session is None or session.is_empty()


class SharedPagesConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ETags and 304s, for the pages readers share.

    A private page carries its reader's CSRF token, different on every response, so its ETag
    could never match: hashing a member's 300 KB article page for nothing cost more than a
    database query.
    """

    def needs_etag(self, response):
        return super().needs_etag(response) and not is_private(response)
