"""Hostile input nobody here wrote, and one definition of "no executable content"."""

import json
import re
from functools import cache
from html.parser import HTMLParser

from tests.conftest import shared_corpus

DANGEROUS_ELEMENTS = {
    "script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base",
    "meta", "link", "svg", "math", "form", "button", "textarea", "select", "template",
    # SVG animation can set an href to a script URL; the site's own SVG never animates.
    "animate", "animatemotion", "animatetransform", "set", "foreignobject", "handler",
}  # fmt: skip
# Harmless in the page's own forms, but a phishing form's parts when members supplied them.
FORM_CONTROLS = {"input", "option", "optgroup", "datalist", "dialog"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "lowsrc", "dynsrc", "cite", "longdesc", "usemap", "codebase",
    # SVG animation values become the animated attribute's value (an href, say).
    "values", "to", "from", "by",
}  # fmt: skip
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
# Browsers ignore these inside a scheme ("jav\tascript:"), so the check must too.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f]")
# A form that posts to another site is phishing, wherever on the page it is.
OFF_SITE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)

# Where pages show what members and editors wrote: comment bodies and authors, article
# bodies, titles and cards, bios and headlines (.lede), skill names and descriptions (the
# map, the picker), tag names, search results, page headers (names, titles, the article
# an edit is on), flash messages naming a skill, refusals and form errors quoting what was
# typed, a member's list of comments taken down (with the moderator's reason), and the
# admin's cells and read-only fields.
USER_CONTENT_CLASSES = {
    "comment-text", "comment-author", "comment-username", "replying-to", "chips",
    "discussion-prompt", "prose", "lede", "article-card", "snippet", "toc", "follows-up",
    "series-nav", "follow-ups", "tag-list", "index-list", "member-link", "member-comments",
    "journey-list", "skill-bar-label", "rising", "messages", "readonly", "breadcrumbs",
    "page-header", "skill-row-name", "settings-taken-down", "message-error", "errorlist",
}  # fmt: skip
# A fieldset's legend holds only text: the comment form's is the article's discussion prompt.
USER_CONTENT_TAGS = {"title", "h1", "legend"}
# Admin changelist cells are <td class="field-NAME"> (and <th> for the first column).
ADMIN_CELL = re.compile(r"^field-")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


@cache
def payloads() -> tuple[str, ...]:
    """Every payload from ../shared/corpora/xss (238 of them)."""
    lines = []
    for name in ("owasp-rsnake-xss.txt", "polyglots.txt"):
        text = shared_corpus("xss", name).read_text(encoding="utf-8")
        lines += [line for line in text.split("\n") if line]
    items = json.loads(shared_corpus("xss", "html5sec-h5sc-vectors.json").read_text())["items"]
    return tuple(lines + [item["payload"] for item in items])


def is_user_content(tag: str, attributes: dict) -> bool:
    """Whether this element holds text or HTML that a member or editor wrote."""
    classes = set((attributes.get("class") or "").split())
    if tag in {"td", "th"} and any(ADMIN_CELL.match(name) for name in classes):
        return True
    return tag in USER_CONTENT_TAGS or bool(classes & USER_CONTENT_CLASSES)


def is_task_list_checkbox(tag: str, attributes: dict) -> bool:
    """Articles' "- [x]" task lists: a checkbox nobody can tick or submit."""
    return tag == "input" and attributes.get("type") == "checkbox" and "disabled" in attributes


class _Scanner(HTMLParser):
    def __init__(self, whole_page: bool):
        super().__init__(convert_charrefs=True)
        self.whole_page = whole_page
        self.problems: list[str] = []
        # The element that opened the user content being read, and how deep its own tag
        # nests inside itself: the region ends with the end tag that matches it.
        self.region_tag: str | None = None
        self.region_depth = 0
        self.user_text: list[str] = []  # the text of each region read, for tests to check

    @property
    def in_user_content(self) -> bool:
        return not self.whole_page or self.region_tag is not None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._check(tag, attrs, attributes)
        if tag in VOID_ELEMENTS:
            return
        if self.region_tag is None:
            if self.whole_page and is_user_content(tag, attributes):
                self.region_tag, self.region_depth = tag, 1
                self.user_text.append("")
        elif tag == self.region_tag:
            self.region_depth += 1

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs, dict(attrs))

    def handle_data(self, data):
        if self.region_tag is not None:
            self.user_text[-1] += data

    def handle_endtag(self, tag):
        if tag == self.region_tag:
            self.region_depth -= 1
            if self.region_depth == 0:
                self.region_tag = None

    def _check(self, tag, attrs, attributes):
        where = " in user content" if self.whole_page and self.in_user_content else ""
        dangerous = tag in DANGEROUS_ELEMENTS and not self._is_the_sites_own(tag, attributes)
        phishing = tag in FORM_CONTROLS and self.in_user_content
        if dangerous or (phishing and not is_task_list_checkbox(tag, attributes)):
            self.problems.append(f"<{tag}> element{where}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>{where}")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>{where}")
            if name in URL_ATTRIBUTES and value:
                # Animation values are a list: any of its steps can be the script URL.
                steps = value.split(";") if name == "values" else [value]
                if any(DANGEROUS_SCHEME.match(IGNORED_IN_SCHEMES.sub("", s)) for s in steps):
                    self.problems.append(f"{name}={value[:40]!r} on <{tag}>{where}")
            if name in {"action", "formaction"} and OFF_SITE.match(
                IGNORED_IN_SCHEMES.sub("", value or "")
            ):
                self.problems.append(f"{name}={value[:40]!r} sends the form off the site")
            if name == "http-equiv" and (value or "").strip().lower() == "refresh":
                self.problems.append(f"<{tag} http-equiv=refresh>{where}")

    def _is_the_sites_own(self, tag: str, attributes: dict) -> bool:
        """The page's own chrome, outside user content: static scripts and styles, JSON-LD,
        forms, meta tags, the skills map's bar charts."""
        if self.in_user_content:
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
        # The member's own-controls stylesheet (comments/mine.css), served by the site.
        if (
            tag == "link"
            and attributes.get("rel") == "stylesheet"
            and src.startswith("/comments/mine.css?")
        ):
            return True
        return tag in {"meta", "form", "button", "textarea", "select", "svg"}


def executable_content(html: str, *, whole_page: bool = False) -> list[str]:
    """What in `html` could run script or pass for the site: elements, event handlers,
    script URLs, styles, forms posting elsewhere.

    A fragment of user content is scanned with no exemption. A whole page (`whole_page`)
    may hold the site's own forms, meta tags and charts, but only outside the regions that
    show what members and editors wrote (USER_CONTENT_CLASSES): those have no exemption."""
    return _scan(html, whole_page=whole_page).problems


def user_content_text(page: str) -> str:
    """The text of every region of `page` that the scanner reads as user content, so a
    test can check that what it typed is where the strict rules apply."""
    return "\n".join(_scan(page, whole_page=True).user_text)


def _scan(html: str, *, whole_page: bool) -> _Scanner:
    scanner = _Scanner(whole_page=whole_page)
    scanner.feed(html)
    scanner.close()
    return scanner
