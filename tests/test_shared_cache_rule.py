"""The rule that decides, response by response, whether a shared cache may keep a page its
view tagged (core.middleware.SharedCacheMiddleware): only a complete 200 to an anonymous
GET or HEAD, with no cookie and no session data. Pages as a whole are in test_http_cache.py
and, behind a real Varnish, in tests/http_cache/."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core.http_cache import add_tags
from core.middleware import SharedCacheMiddleware


def cache_control(method: str, status: int = 200) -> str:
    """What an anonymous reader's request gets for a page its view tagged."""
    request = getattr(RequestFactory(), method.lower())("/a-tagged-page/")
    request.user = AnonymousUser()
    middleware = SharedCacheMiddleware(lambda request: add_tags(HttpResponse(status=status), "x"))
    return middleware(request)["Cache-Control"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_tagged_page_read_anonymously_is_shared(method):
    assert cache_control(method).startswith("public")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_the_answer_to_a_request_that_is_not_a_read_is_never_shared(method):
    """A form's answer (a preview, errors) is the sender's, even when it shows a page."""
    assert cache_control(method) == "private, no-cache"


@pytest.mark.parametrize("status", [201, 204, 301, 404, 410, 429, 500, 503])
def test_a_tagged_page_that_is_not_a_plain_200_is_never_shared(status):
    """Redirects, refusals and errors are answered afresh: a shared 404 would hide a page
    published a moment later, a shared 429 would refuse every reader."""
    assert cache_control("GET", status) == "private, no-cache"
