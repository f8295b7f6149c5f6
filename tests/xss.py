"""Hostile input nobody here wrote, and one definition of "no executable content"."""

import json
import re
from functools import cache
from html.parser import HTMLParser

from tests.conftest import shared_corpus

DANGEROUS_ELEMENTS = {
    "script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base",
    "meta", "link", "svg", "math", "form", "button", "textarea", "select", "template",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "lowsrc", "dynsrc", "cite", "longdesc", "usemap", "codebase",
}  # fmt: skip
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
# Browsers ignore these inside a scheme ("jav\tascript:"), so the check must too.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f]")


@cache
def payloads() -> tuple[str, ...]:
    """Every payload from ../shared/corpora/xss (238 of them)."""
    lines = []
    for name in ("owasp-rsnake-xss.txt", "polyglots.txt"):
        text = shared_corpus("xss", name).read_text(encoding="utf-8")
        lines += [line for line in text.split("\n") if line]
    items = json.loads(shared_corpus("xss", "html5sec-h5sc-vectors.json").read_text())["items"]
    return tuple(lines + [item["payload"] for item in items])


class _Scanner(HTMLParser):
    def __init__(self, allowed_page_elements: bool):
        super().__init__(convert_charrefs=True)
        self.allowed_page_elements = allowed_page_elements
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS_ELEMENTS and not self._is_the_sites_own(tag, attributes):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme_part = IGNORED_IN_SCHEMES.sub("", value)
                if DANGEROUS_SCHEME.match(scheme_part):
                    self.problems.append(f"{name}={value[:40]!r} on <{tag}>")

    handle_startendtag = handle_starttag

    def _is_the_sites_own(self, tag: str, attributes: dict) -> bool:
        """The page's own chrome: static scripts and styles, JSON-LD, forms, meta tags."""
        if not self.allowed_page_elements:
            return False
        src = attributes.get("src") or attributes.get("href") or ""
        if tag in {"script", "link"} and src.startswith("/static/"):
            return True
        if tag == "script" and src == "/admin/jsi18n/":  # the admin's translated strings
            return True
        if tag == "script" and attributes.get("type") == "application/ld+json":
            return True
        if tag == "link" and attributes.get("rel") in {"alternate", "canonical"}:
            return True
        return tag in {"meta", "form", "button", "textarea", "select", "svg"}


def executable_content(html: str, *, whole_page: bool = False) -> list[str]:
    """What in `html` could run script: elements, event handlers, script URLs, styles."""
    scanner = _Scanner(allowed_page_elements=whole_page)
    scanner.feed(html)
    scanner.close()
    return scanner.problems
