"""Reading pages back after hostile input, for the XSS tests of this folder."""

import math
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.test import Client

from articles.models import Article
from tests.xss import VOID_ELEMENTS, executable_content, user_content_text

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


class Reader(HTMLParser):
    """A page as a browser parses it: each element's attributes, and the text inside the
    elements whose `attribute` holds `value` (one class among others, say). For text shown
    where the scanner reads no user content (attributes, refusals, lists it does not name):
    a test checks there that what was typed is shown as text."""

    def __init__(self, html: str, attribute: str = "", value: str = "\0"):
        super().__init__(convert_charrefs=True)
        self.wanted, self.open, self.depth = (attribute, value), None, 0
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes, (attribute, value) = dict(attrs), self.wanted
        self.elements.append((tag, attributes))
        if tag == self.open:
            self.depth += 1
        elif self.open is None and value in (attributes.get(attribute) or "").split():
            self.open, self.depth = (None, 0) if tag in VOID_ELEMENTS else (tag, 1)
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == self.open:
            self.depth -= 1
            self.open = tag if self.depth else None

    def handle_data(self, data):
        if self.open:
            self.texts[-1] += data

    def values(self, name: str) -> list[str]:
        return [a.get("value") for _, a in self.elements if a.get("name") == name]


def text_in(html: str, attribute: str, value: str) -> str:
    """What a reader sees in the elements whose `attribute` holds `value`."""
    return "\n".join(Reader(html, attribute, value).texts)


def typed_in_the_admin(scan: Scan, admin, path: str, fields: dict, field: str, limit: int):
    """Save through the admin's add form; a value too long for `field` is refused, shown
    back (scanned), then saved cut to `limit` characters."""
    response = admin.post(path, fields)
    if response.status_code == 200:  # the admin shows a refused form again with a 200
        assert set(response.context["adminform"].form.errors) == {field}, fields[field]
        scan.page(response, f"{path} refusing {fields[field][:40]!r}")
        fields[field] = fields[field][:limit]
        response = admin.post(path, fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
