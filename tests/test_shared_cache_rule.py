"""The rule that decides, response by response, whether a shared cache may keep a page its
view tagged (core.middleware): only a complete 200 to an anonymous GET or HEAD, with no
cookie and no session data. A response no view tagged keeps what it says of caching, or is
private; only pages readers share get an ETag. Pages as a whole are in test_http_cache.py
and, behind a real Varnish, in tests/http_cache/."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_cache_control

from core.http_cache import add_tags
from core.middleware import SharedCacheMiddleware, SharedPagesConditionalGetMiddleware

PRIVATE = "private, no-cache"


def respond(
    method="GET", status=200, view_did=lambda response: None, tagged=True, **request_has
) -> HttpResponse:
    """The response a reader's request gets, as the middleware leaves it: by default an
    anonymous reader's GET of a page its view tagged."""
    request = getattr(RequestFactory(), method.lower())("/a-page/")
    request.user = AnonymousUser()
    for name, value in request_has.items():
        setattr(request, name, value)
    response = HttpResponse("The page.", status=status)
    if tagged:
        add_tags(response, "x")
    view_did(response)
    return SharedCacheMiddleware(lambda request: response)(request)


def cache_control(*args, **kwargs) -> str:
    return respond(*args, **kwargs)["Cache-Control"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_tagged_page_read_anonymously_is_shared(method):
    assert cache_control(method).startswith("public")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_the_answer_to_a_request_that_is_not_a_read_is_never_shared(method):
    """A form's answer (a preview, errors) is the sender's, even when it shows a page."""
    assert cache_control(method) == PRIVATE


@pytest.mark.parametrize("status", [201, 204, 301, 404, 410, 429, 500, 503])
def test_a_tagged_page_that_is_not_a_plain_200_is_never_shared(status):
    """Redirects, refusals and errors are answered afresh: a shared 404 would hide a page
    published a moment later, a shared 429 would refuse every reader."""
    assert cache_control(status=status) == PRIVATE


@pytest.mark.parametrize(
    "view_did",
    [
        lambda response: patch_cache_control(response, private=True),
        lambda response: response.set_cookie("shown", "welcome"),
    ],
    ids=["said-private", "set-a-cookie"],
)
def test_a_tagged_page_its_view_made_one_readers_stays_private(view_did):
    assert cache_control(view_did=view_did) == PRIVATE


def test_a_signed_in_readers_page_is_never_shared_even_if_the_view_never_opened_the_session():
    assert cache_control(user=get_user_model()(username="maria")) == PRIVATE


def test_a_page_is_not_shared_while_the_anonymous_readers_session_holds_something():
    """Messages that overflowed their cookie, a sign-in half done: the page may show them."""
    session = SessionStore()
    session["half_done_sign_in"] = True
    assert cache_control(session=session) == PRIVATE


def test_a_page_is_shared_with_an_anonymous_reader_whose_session_is_empty():
    session = SessionStore()
    session.get("half_done_sign_in")
    assert cache_control(session=session).startswith("public")


def test_a_shared_page_varies_on_the_cookie():
    """So a shared cache never hands a reader who signed in the page kept for anonymous ones
    (the VCL passes requests with a session cookie; any other cache must see it too)."""
    assert respond()["Vary"] == "Cookie"


def test_an_untagged_response_keeps_the_caching_it_chose_and_is_otherwise_private():
    def chose(response):
        patch_cache_control(response, max_age=60)

    assert cache_control(tagged=False, view_did=chose) == "max-age=60"
    assert cache_control(tagged=False) == PRIVATE


@pytest.mark.parametrize("tagged, etag", [(True, True), (False, False)])
def test_only_a_page_readers_share_gets_an_etag(tagged, etag):
    """A private page carries its reader's CSRF token, different every time: its ETag could
    never match, and hashing it costs more than a query."""
    request = RequestFactory().get("/a-page/")
    response = SharedPagesConditionalGetMiddleware(lambda r: respond(tagged=tagged))(request)
    assert response.has_header("ETag") is etag
