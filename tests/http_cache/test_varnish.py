"""Through a real Varnish (deploy/varnish/site.vcl) in front of the real app: what readers
get from the cache, what is never stored, and purging itself."""

import re
import time
import uuid
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.utils.crypto import get_random_string

from tests.factories import (
    make_article,
    make_user,
)
from tests.http_cache.conftest import NOBODY, start_varnish
from tests.http_cache.readers import CSRF_FIELD, ESSAY, assert_cached, cookies_set, signed_in

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]


# ---------------------------------------------------------------------------------------
# Served from the cache


@pytest.mark.parametrize("path", ["/", ESSAY])
def test_an_anonymous_page_is_served_from_the_cache_the_second_time(varnish, path):
    first = varnish.get(path)
    second = varnish.get(path)

    assert first.status == second.status == 200
    assert first.x_cache == "MISS", first
    assert second.x_cache == "HIT", second
    # Two transaction ids: this request's, and the one that stored the page.
    assert len(second.headers["X-Varnish"].split()) == 2
    assert "Age" in second.headers
    assert second.text == first.text
    assert "public" in second.headers["Cache-Control"]
    assert "xkey" not in second.headers, "the tags are for purges, not for readers"


def test_the_age_of_a_cached_page_grows_and_a_browser_revalidates_with_a_304(varnish):
    stored = assert_cached(varnish, ESSAY)
    time.sleep(1.1)
    later = varnish.get(ESSAY)
    assert later.x_cache == "HIT"
    assert later.age >= 1

    revalidated = varnish.get(ESSAY, headers={"If-None-Match": stored.headers["ETag"]})
    assert revalidated.status == 304, revalidated


def test_gzip_is_served_to_clients_that_accept_it(varnish):
    plain = varnish.get(ESSAY)
    zipped = varnish.get(ESSAY, headers={"Accept-Encoding": "gzip"})

    assert not plain.compressed
    assert zipped.compressed, zipped
    assert zipped.x_cache == "HIT"
    assert zipped.text == plain.text


def test_tracking_parameters_and_analytics_cookies_do_not_split_the_cache(varnish):
    assert_cached(varnish, "/")

    tracked = varnish.get("/?utm_source=newsletter&utm_medium=email&fbclid=abc&gclid=x")
    with_analytics = varnish.get("/", cookies={"_ga": "GA1.1.123.456", "theme": "dark"})

    assert tracked.x_cache == "HIT", tracked
    assert with_analytics.x_cache == "HIT", with_analytics


def test_the_app_names_what_a_page_shows_for_purges(varnish):
    article = make_article()
    page = varnish.get(article.get_absolute_url(), headers={"xkey-debug": "1"})

    assert page.status == 200
    assert {f"article-{article.pk}", "articles"} <= set(page.headers.get("xkey", "").split())


@pytest.fixture
def short_lived(settings):
    """Pages kept one second, then served stale for one more while refetched."""
    settings.HTTP_CACHE_SECONDS = 1
    settings.HTTP_CACHE_STALE_SECONDS = 1


def test_while_the_app_is_up_no_reader_gets_a_page_past_its_stale_while_revalidate(
    varnish, short_lived
):
    stored = assert_cached(varnish, ESSAY)
    time.sleep(2.2)  # past s-maxage (1 s) and stale-while-revalidate (1 s)

    later = varnish.get(ESSAY)

    assert later.x_cache == "MISS", later
    assert later.age == 0
    assert later.headers["X-Varnish"] != stored.headers["X-Varnish"]


def test_while_the_app_is_down_readers_get_the_last_good_page(varnish, short_lived):
    stored = assert_cached(varnish, ESSAY)
    varnish.admin("backend.set_health", "default", "sick")
    try:
        time.sleep(2.2)
        stale = varnish.get(ESSAY)
        never_stored = varnish.get("/about/")
    finally:
        varnish.admin("backend.set_health", "default", "auto")

    assert stale.status == 200, stale
    assert stale.x_cache == "HIT"
    assert stale.age >= 2
    assert stale.text == stored.text
    assert never_stored.status == 503


# ---------------------------------------------------------------------------------------
# Never stored


def test_a_signed_in_members_page_is_never_stored(varnish):
    member = make_user(display_name="Maren Okafor")
    cookies = signed_in(member)

    for _ in range(2):
        page = varnish.get(ESSAY, cookies=cookies)
        assert page.status == 200
        assert page.x_cache == "PASS", page
        assert "private" in page.headers["Cache-Control"]
        assert member.get_absolute_url() in page.text  # their own "Your profile" link
    # Nothing the member got was kept: the first anonymous reader is fetched afresh.
    assert varnish.get(ESSAY).x_cache == "MISS"


@pytest.mark.parametrize("path", ["/", ESSAY, "/skills/", "/search/?q=gig"])
def test_member_a_page_is_never_served_to_member_b_or_to_a_reader(varnish, path):
    alma = make_user(username=f"alma-{uuid.uuid4().hex[:6]}", display_name="Alma Aalto")
    bruno = make_user(username=f"bruno-{uuid.uuid4().hex[:6]}", display_name="Bruno Berg")
    alma_marker, bruno_marker = alma.get_absolute_url(), bruno.get_absolute_url()

    page_for_alma = varnish.get(path, cookies=signed_in(alma))
    page_for_bruno = varnish.get(path, cookies=signed_in(bruno))
    pages_for_readers = [varnish.get(path), varnish.get(path)]

    assert alma_marker in page_for_alma.text
    assert bruno_marker in page_for_bruno.text
    assert alma_marker not in page_for_bruno.text
    for page in pages_for_readers:
        assert page.status == 200
        assert alma_marker not in page.text and bruno_marker not in page.text
        assert "Sign in" in page.text


def test_the_sign_in_page_is_fetched_afresh_with_its_own_token_each_time(varnish):
    pages = [varnish.get("/accounts/login/") for _ in range(2)]

    for page in pages:
        assert page.status == 200
        assert page.x_cache in ("MISS", "PASS"), page
        assert django_settings.CSRF_COOKIE_NAME in cookies_set(page)
    tokens = [CSRF_FIELD.search(page.text).group(1) for page in pages]
    assert tokens[0] != tokens[1]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        ESSAY,
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/skills/",
        "/search/?q=gig",
        "/about/",
    ],
)
def test_no_response_with_a_cookie_or_a_csrf_token_is_ever_stored(varnish, path):
    pages = [varnish.get(path) for _ in range(3)]

    carries_token = any("csrfmiddlewaretoken" in page.text for page in pages)
    for page in pages:
        if page.set_cookies or carries_token:
            assert page.x_cache != "HIT", page
    if carries_token:
        tokens = {CSRF_FIELD.search(page.text).group(1) for page in pages}
        assert len(tokens) == len(pages), "the same CSRF token was served twice"


def test_a_flash_message_is_not_served_to_the_next_reader(varnish):
    assert_cached(varnish, "/")
    member = make_user()
    secret = get_random_string(32)
    csrf = {django_settings.CSRF_COOKIE_NAME: secret}

    signed_out = varnish.request(
        "POST",
        "/accounts/logout/",
        cookies=signed_in(member) | csrf,
        body=urlencode({"csrfmiddlewaretoken": secret}),
    )
    assert signed_out.status == 302, signed_out
    landing = urlsplit(signed_out.headers["Location"]).path
    # The member's browser follows the redirect with the cookies it was just given.
    follow = csrf | {k: v for k, v in cookies_set(signed_out).items() if v}
    theirs = varnish.get(landing, cookies=follow)
    assert "You have signed out." in theirs.text
    assert theirs.x_cache == "PASS", theirs

    for _ in range(2):
        next_reader = varnish.get(landing)
        assert next_reader.status == 200
        assert "You have signed out." not in next_reader.text


# ---------------------------------------------------------------------------------------
# Purging itself


def test_a_purge_by_tag_drops_the_tagged_pages_and_says_how_many(varnish):
    article = make_article()
    path = article.get_absolute_url()
    assert_cached(varnish, path)

    answer = varnish.request("PURGE", "/", headers={"xkey-purge": f"article-{article.pk}"})

    assert answer.status == 200
    assert re.fullmatch(r"Purged [1-9][0-9]* objects", answer.reason), answer.reason
    assert varnish.get(path).x_cache == "MISS"


def test_a_purge_for_tags_nothing_carries_answers_200(varnish):
    answer = varnish.request("PURGE", "/", headers={"xkey-purge": "article-0 member-0"})

    assert (answer.status, answer.reason) == (200, "Purged 0 objects")


def test_a_purge_from_outside_the_purgers_acl_is_refused(live_server, tmp_path):
    outsider_only = start_varnish(tmp_path, live_server.thread.port, purgers=(NOBODY,))
    try:
        answer = outsider_only.request("PURGE", "/", headers={"xkey-purge": "articles"})
        plain = outsider_only.request("PURGE", "/")
    finally:
        outsider_only.stop()

    assert answer.status == 403
    assert plain.status == 403
