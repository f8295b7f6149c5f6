"""The HTTP cache down: with Varnish (deploy/varnish/site.vcl) in front of gunicorn and a
task worker running the purges, Varnish stops. The site still answers directly; a reply
posted meanwhile goes through, its purge fails quietly into the worker's log; and the
Varnish that comes back starts empty, so no reader gets the page from before the reply."""

import time
import urllib.parse

import pytest
from django.utils.crypto import get_random_string

from tests.conftest import require_tool
from tests.http_cache.conftest import INSTALL_HINT, VARNISHD, Varnish

from .harness import fetch, free_port, serve, wait_for

pytestmark = [pytest.mark.varnish, pytest.mark.worker]


@pytest.fixture
def varnish(tmp_path):
    """A Varnish of this test's own, in front of the port gunicorn will take (not started)."""
    require_tool(VARNISHD, INSTALL_HINT)
    backend_port = free_port()
    server = Varnish(tmp_path / "varnish", backend_port=backend_port)
    server.backend_port = backend_port
    yield server
    server.stop()


def test_with_the_http_cache_down_the_site_serves_directly_and_shows_no_stale_page_after(
    site, varnish
):
    direct = serve(site, port=varnish.backend_port, HTTP_CACHE_PURGE_URLS=varnish.url)
    site.worker("w1", HTTP_CACHE_PURGE_URLS=varnish.url)
    varnish.start()
    setup = site.run("reply")
    page = setup["article"]
    assert varnish.get(page).status == 200
    assert varnish.get(page).x_cache == "HIT"  # readers are served from the cache

    varnish.stop()
    started = time.monotonic()
    reader = fetch(direct + page)
    assert reader.status == 200  # the site itself still answers
    secret, words = get_random_string(32), f"Posted while the cache was down {get_random_string(8)}"
    form = {"csrfmiddlewaretoken": secret, "body": words, "reply_to": setup["reply_to"]}
    posted = fetch(
        direct + setup["post"],
        data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": f"sessionid={setup['session']}; csrftoken={secret}",
                 "X-Requested-With": "fetch"},
    )  # fmt: skip
    assert posted.status == 201, posted.text[-2000:]
    assert words in fetch(direct + page).text

    def purge_tried():
        done = [p for p in site.run("purges")["purges"] if p["status"] == "SUCCESSFUL"]
        return any(p["answered"] == 0 for p in done)  # ran, and no cache answered

    wait_for(purge_tried, 30, "the worker to try the reply's purge", interval=0.3)
    worker_log = (site.logs / "w1.log").read_text()
    assert "Purging" in worker_log and f"from {varnish.url} failed" in worker_log
    assert "Traceback" not in worker_log
    print(f"down for {time.monotonic() - started:.1f} s, the reply and its purge included")

    varnish.start()
    after = varnish.get(page)
    assert after.status == 200 and after.x_cache == "MISS"  # it came back empty
    assert words in after.text
