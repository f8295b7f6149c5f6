"""A real browser on pages full of corpus payloads: no dialog opens, nothing is blocked."""

import math

import pytest

from accounts.models import Profile
from tests.factories import make_article, make_comment, make_user
from tests.xss import payloads

pytestmark = pytest.mark.browser


def test_pages_full_of_payloads_run_no_script_in_the_browser(open_page):
    article = make_article(title="Hostile thread")
    authors = []
    for n, payload in enumerate(payloads()[:60]):  # hostile names and profiles, a few pages
        author = make_user(username=f"hostile{n}", display_name=payload[:60], password=None)
        Profile.objects.create(user=author, headline=payload[:120], bio=payload[:2000])
        authors.append(author)
    for n, payload in enumerate(payloads()):
        make_comment(authors[n % len(authors)], article, body=payload)
    dialogs = []
    page = open_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    shown = 0
    for number in range(1, math.ceil(len(payloads()) / 50) + 1):
        page.goto(f"{article.get_absolute_url()}?page={number}")
        shown += page.locator("li.comment").count()
    assert shown == len(payloads())
    for author in authors[:10]:
        page.goto(author.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert dialogs == []
