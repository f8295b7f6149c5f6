"""The rule that decides, response by response, whether a shared cache may keep a page its
view tagged (core.middleware.SharedCacheMiddleware): only a complete 200 to an anonymous
GET or HEAD, with no cookie and no session data. Pages as a whole are in test_http_cache.py
and, behind a real Varnish, in tests/http_cache/."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_cache_control

from core.http_cache import add_tags
from core.middleware import SharedCacheMiddleware


def cache_control(method: str = "GET", status: int = 200, view_did=lambda response: None) -> str:
    """What an anonymous reader's request gets for a page its view tagged."""
    request = getattr(RequestFactory(), method.lower())("/a-tagged-page/")
    request.user = AnonymousUser()
    response = add_tags(HttpResponse(status=status), "x")
    view_did(response)
    return SharedCacheMiddleware(lambda request: response)(request)["Cache-Control"]


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
    assert cache_control(status=status) == "private, no-cache"


@pytest.mark.parametrize(
    "view_did",
    [
        lambda response: patch_cache_control(response, private=True),
        lambda response: response.set_cookie("shown", "welcome"),
    ],
    ids=["said-private", "set-a-cookie"],
)
def test_a_tagged_page_its_view_made_one_readers_stays_private(view_did):
    assert cache_control(view_did=view_did) == "private, no-cache"
