"""Reading pages back after hostile input, for the XSS tests of this folder."""

import math
import xml.etree.ElementTree as ET

from django.test import Client

from articles.models import Article
from tests.xss import executable_content, user_content_text

MARKER = "kestrel"  # a word in every hostile object, to find them all in search and feeds
THREADS_PER_PAGE = 50
HTML_IN_FEEDS = ("description", "content", "summary", "encoded")


class Scan:
    """Collects what is executable on each page, with where it was found."""

    def __init__(self):
        self.problems: dict[str, list[str]] = {}

    def page(self, response, where: str, *, showing: str = "") -> str:
        """Scan a whole page; `showing`, when given, must be in what the scanner read as
        user content, so the strict rules really applied to it."""
        assert response.status_code < 500, where
        html = response.content.decode()
        if found := executable_content(html, whole_page=True):
            self.problems[where] = found
        if showing:
            assert showing in user_content_text(html), f"{showing!r} not in user content: {where}"
        return html

    def feed(self, response, where: str) -> int:
        """Feed readers render the escaped HTML inside items: scan that, not the XML."""
        assert response.status_code == 200, where
        items = 0
        for element in ET.fromstring(response.content).iter():
            name = element.tag.rsplit("}", 1)[-1]
            items += name in {"item", "entry"}
            found = executable_content(element.text or "") if name in HTML_IN_FEEDS else []
            if found:
                self.problems.setdefault(where, []).extend(found)
        return items

    def assert_clean(self):
        assert not self.problems, self.problems


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def scan_thread(scan: Scan, client, article: Article, comments) -> str:
    """Every page of the article's discussion; each comment must be on one of them."""
    html = ""
    for number in range(1, math.ceil(len(comments) / THREADS_PER_PAGE) + 1):
        response = client.get(article.get_absolute_url(), {"page": number})
        html += scan.page(response, f"article page {number}", showing=MARKER)
    missing = [c.pk for c in comments if f'id="comment-{c.pk}"' not in html]
    assert not missing, f"comments not shown on any page: {missing}"
    return html
