"""The live server the browser tests use answers requests that arrive together, as a browser
sends them: a page reload while the editor's preview is still being fetched."""

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.browser

CSRF_TOKEN = "a" * 32


def test_a_reload_during_a_preview_is_answered(live_server, essay):
    client = Client()
    client.force_login(make_user(username="tomas"))
    cookies = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}"
    )
    reload = Request(live_server.url + essay.get_absolute_url(), headers={"Cookie": cookies})
    preview = Request(
        live_server.url + "/markdown/preview/comment/",
        data=urlencode({"content": "Learning **prompt engineering**"}).encode(),
        headers={"Cookie": cookies, "X-CSRFToken": CSRF_TOKEN},
    )

    def answer(request):
        with urlopen(request, timeout=30) as response:
            return response.status, response.read()

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(answer, [reload, preview] * 10))

    assert [status for status, _ in answers] == [200] * 20
    assert all(b'id="comment-thread"' in body for _, body in answers[::2])
    assert all(b"<strong>prompt engineering</strong>" in body for _, body in answers[1::2])
