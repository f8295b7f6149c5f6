"""What the Varnish tests do as readers and members: requests through the cache, and
polling until a change shows."""

import re
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils.crypto import get_random_string

from articles.seed import ESSAY_SLUG
from tests.http_cache.conftest import Response, Varnish

ESSAY = f"/articles/{ESSAY_SLUG}/"
# How soon after a change commits an anonymous reader must see it through the cache.
FRESH_WITHIN = 1.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def words(text: str) -> str:
    """Text no other page contains, so finding it proves which version a page is."""
    return f"{text} {uuid.uuid4().hex[:10]}"


def signed_in(user) -> dict[str, str]:
    """The cookie a browser would hold after `user` signed in."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


def post_as(varnish: Varnish, user, path: str, data: dict) -> Response:
    """A form sent by `user`'s browser through Varnish, CSRF cookie and field included."""
    secret = get_random_string(32)
    cookies = signed_in(user) | {django_settings.CSRF_COOKIE_NAME: secret}
    body = urlencode({**data, "csrfmiddlewaretoken": secret}, doseq=True)
    return varnish.request("POST", path, cookies=cookies, body=body)


def cookies_set(response: Response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.set_cookies:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def assert_cached(varnish: Varnish, path: str) -> Response:
    """Reads the page twice as an anonymous reader; the second read comes from the cache."""
    first, second = varnish.get(path), varnish.get(path)
    assert first.status == 200, (path, first)
    assert second.x_cache == "HIT", (path, second)
    return second


def first_fresh_read(
    varnish: Varnish, path: str, *, shown: str | None, gone: str | None, within: float
) -> None:
    """Polls `path` as an anonymous reader until `shown` is there and `gone` is not; fails
    after `within` seconds, or if any later read is stale again."""

    def fresh(page: Response) -> bool:
        return (shown is None or shown in page.text) and (gone is None or gone not in page.text)

    started = time.monotonic()
    while not fresh(page := varnish.get(path)):
        waited = time.monotonic() - started
        if waited > within:
            pytest.fail(
                f"{path} still stale {waited:.2f} s after the change: {page!r}"
                f" (waiting for {shown!r} to appear and {gone!r} to go)"
            )
        time.sleep(0.02)
    for _ in range(3):
        again = varnish.get(path)
        assert fresh(again), f"{path} went stale again after showing the change: {again!r}"
