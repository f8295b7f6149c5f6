"""The one Markdown pipeline: markdown-it-py (CommonMark) then nh3, once, on save.

Articles, comments, bios and the editor previews all go through `render()`. Each kind of
text has a profile: what the parser understands and what the sanitizer lets through.
Nothing here trusts the author: even staff-written article HTML passes the allowlist.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import NamedTuple

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

# C0 controls except tab and newlines, DEL, and the bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069), which make text read backwards ("good \u202egnp.exe"
# shows as "good exe.png"). People never need them to write in any script.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

# Ids the page itself uses; an article heading never takes one of them.
RESERVED_IDS = {"main", "content", "discussion", "reply", "comments", "toc", "site-header"}

# nh3's output quotes every attribute, so an input without type="checkbox" is easy to spot.
NON_CHECKBOX_INPUT = re.compile(r'<input(?![^>]*\btype="checkbox")[^>]*>')

PYGMENTS_CLASSES = {name for name in STANDARD_TYPES.values() if name}

# Quote and list markers opening a line. markdown-it stops parsing at 20 levels of nesting
# and drops the rest of the text, so a run of more than QUOTE_AND_LIST_DEPTH markers
# (">>>>>> ... text") is cut to that depth: the text after it is kept.
QUOTE_AND_LIST_DEPTH = 8
_CONTAINER_MARKER = r"(?:[ \t]{0,3}(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)"
INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)
DEEP_CONTAINERS = re.compile(
    rf"^({_CONTAINER_MARKER}{{{QUOTE_AND_LIST_DEPTH}}}){_CONTAINER_MARKER}+", re.MULTILINE
)


# "@name" in a comment's text: the run after "@" (Unicode word characters and hyphens, so
# "@anaé" is not "@ana" followed by "é"), not inside a word or an address
# ("name@example.com", "/@name", "x.@name"). The name is the run without trailing "-" or
# "_" (punctuation, as in "@ana_, hi"), and must be one a member can have: see
# `mention_name`.
MENTION = re.compile(r"(?<![\w@/.+-])@([\w-]+)")
# accounts.models.USERNAME_PATTERN and its length; core imports no app, so it is repeated
# here (tests/comments/test_mentions.py checks they agree).
MENTIONABLE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?")
MENTIONABLE_LENGTH = 30

# Takes the usernames a text mentions and returns {username: address of their page} for
# those that are members who can be mentioned; one call (one query) per render.
MentionResolver = Callable[[set[str]], Mapping[str, str]]


class Profile(StrEnum):
    ARTICLE = "article"
    COMMENT = "comment"
    BIO = "bio"


class RenderedField(NamedTuple):
    """One stored HTML field of a model, for the `rerender` command.

    A model declares `rendered_fields = [RenderedField("body", "body_html", Profile.COMMENT)]`
    (plain 3- or 4-tuples work too); `headings` optionally names a JSON field that keeps
    the table of contents the same render produced; `mention_resolver` is passed to
    `render()`, so a re-render keeps the mentions linked.
    """

    source: str
    html: str
    profile: Profile
    headings: str | None = None
    mention_resolver: MentionResolver | None = None


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    # Links the author wrote (mentions are not counted: the moderation policy counts
    # links to other sites).
    link_count: int = 0
    # The members it mentions and links to, in the order they first appear.
    mentions: tuple[str, ...] = ()


def clean_text(text: str) -> str:
    """Remove NUL and other control characters, and bidirectional overrides; normalise
    line endings."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def render(
    text: str, profile: Profile, mention_resolver: MentionResolver | None = None
) -> Rendered:
    """Render Markdown to sanitized HTML under the rules of one profile.

    For a comment, `mention_resolver` (see MentionResolver) turns "@username" into a link
    to the member's page; names it does not return stay plain text, and so does "@name" in
    code and in links.
    """
    parser = _parser(Profile(profile))
    env: dict = {}
    source = DEEP_CONTAINERS.sub(r"\1", clean_text(text))
    tokens = parser.parse(source, env)
    if _reached_nesting_limit(tokens, parser):
        # Nesting built up over indented lines: flatten the indentation (pathological
        # input loses its layout, never its words) and parse again.
        env = {}
        tokens = parser.parse(DEEP_CONTAINERS.sub(r"\1", INDENTATION.sub("", source)), env)
    mentions = ()
    if mention_resolver is not None and Profile(profile) is Profile.COMMENT:
        mentions = _link_mentions(tokens, mention_resolver)
    html = parser.renderer.render(tokens, parser.options, env)
    return Rendered(
        html=sanitize(html, profile),
        headings=_headings(tokens),
        link_count=sum(
            1 for block in tokens for t in (block.children or []) if t.type == "link_open"
        ),
        mentions=mentions,
    )


def mention_name(run: str) -> str | None:
    """The username an "@" run names, or None if no member could have that name."""
    name = run.rstrip("-_")
    if len(name) > MENTIONABLE_LENGTH or not MENTIONABLE_NAME.fullmatch(name):
        return None
    return name


def _mentionable_text(tokens: list[Token]) -> Iterable[Token]:
    """Text tokens outside links (code spans and blocks are tokens of their own)."""
    for block in tokens:
        in_link = False  # links do not nest (CommonMark)
        for token in block.children or []:
            if token.type in ("link_open", "link_close"):
                in_link = token.type == "link_open"
            elif token.type == "text" and not in_link and "@" in token.content:
                yield token


def _link_mentions(tokens: list[Token], resolver: MentionResolver) -> tuple[str, ...]:
    """Replace each "@name" the resolver knows with a link; returns the names linked."""
    texts = {id(token): token for token in _mentionable_text(tokens)}
    candidates = {
        name
        for token in texts.values()
        for match in MENTION.finditer(token.content)
        if (name := mention_name(match[1]))
    }
    if not candidates:
        return ()
    addresses = resolver(candidates)
    linked: list[str] = []
    for block in tokens:
        if not block.children:
            continue
        children = []
        for token in block.children:
            if id(token) in texts:
                children += _split_mentions(token, addresses, linked)
            else:
                children.append(token)
        block.children = children
    return tuple(dict.fromkeys(linked))  # in order, each once


def _split_mentions(token: Token, addresses: Mapping[str, str], linked: list) -> list[Token]:
    """The text token in pieces: the text around the mentions, and each mention the resolver
    knows as a link to the member's page (HTML of our making, which nh3 checks with the rest)."""
    parts, start, text = [], 0, token.content
    for match in MENTION.finditer(text):
        name = mention_name(match[1])
        if name not in addresses:
            continue
        link = f'<a href="{escape(addresses[name])}" class="mention">@{name}</a>'
        parts += [
            token.copy(content=text[start : match.start()]),
            token.copy(type="html_inline", content=link),
        ]
        linked.append(name)
        start = match.start() + 1 + len(name)
    parts.append(token.copy(content=text[start:]))
    return [part for part in parts if part.content]


def _reached_nesting_limit(tokens, parser: MarkdownIt) -> bool:
    """markdown-it drops everything after the block where nesting reaches its limit."""
    return max((token.level for token in tokens), default=0) >= parser.options["maxNesting"] - 1


def sanitize(html: str, profile: Profile) -> str:
    """Run already-rendered HTML through a profile's allowlist (idempotent)."""
    html = _cleaner(Profile(profile)).clean(html)
    if Profile(profile) is Profile.ARTICLE:
        # nh3 can drop a bad `type` but not the element: a bare <input> is a text box.
        html = NON_CHECKBOX_INPUT.sub("", html)
    return html


def _headings(tokens) -> list[Heading]:
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            inline = tokens[index + 1]
            title = "".join(
                child.content
                for child in inline.children or []
                if child.type in ("text", "code_inline")
            )
            headings.append(Heading(int(token.tag[1]), str(token.attrGet("id")), title))
    return headings


def _heading_slug(title: str) -> str:
    slug = slugify(title) or "section"
    if slug in RESERVED_IDS or slug.startswith("comment-"):
        slug = f"section-{slug}"
    return slug


def _highlight_code(code: str, language: str, _attrs) -> str:
    """Pygments classes, no JavaScript; unknown languages stay plain text."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:  # no language given, or one Pygments does not know
        return ""
    body = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return f'<pre class="highlight"><code>{body}</code></pre>\n'


def _shift_headings(offset: int, lowest: int):
    """A core rule mapping Markdown heading levels into the range the page allows."""

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(6, max(lowest, int(token.tag[1]) + offset))
                token.tag = f"h{level}"

    return rule


def _alignment_classes(state: StateCore) -> None:
    """Table alignment as classes: the CSP forbids style attributes."""
    for token in state.tokens:
        style = token.attrGet("style")
        if token.type in ("th_open", "td_open") and style:
            token.attrs.pop("style")
            token.attrSet("class", "align-" + str(style).split(":")[-1].strip())


@cache
def _parser(profile: Profile) -> MarkdownIt:
    if profile is Profile.ARTICLE:
        md = MarkdownIt(
            "commonmark",
            {"html": True, "linkify": True, "typographer": False, "highlight": _highlight_code},
        ).enable(["table", "strikethrough", "linkify"])
        md.use(footnote_plugin).use(tasklists_plugin)
        md.core.ruler.push("shift_headings", _shift_headings(offset=0, lowest=2))
        # Anchors run after the shift so ids and the table of contents see final levels.
        md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_heading_slug)
        md.core.ruler.push("alignment_classes", _alignment_classes)
        return md
    md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(
        ["strikethrough", "linkify"]
    )
    md.disable("image")
    if profile is Profile.COMMENT:
        # The page's discussion sits under an h2; a comment's headings start at h4.
        md.core.ruler.push("shift_headings", _shift_headings(offset=3, lowest=4))
    else:
        md.disable(["heading", "lheading"])
    return md


INLINE_TAGS = {"a", "strong", "em", "code", "del", "s", "br"}
COMMENT_TAGS = INLINE_TAGS | {"p", "blockquote", "ul", "ol", "li", "pre", "hr", "h4", "h5", "h6"}
BIO_TAGS = INLINE_TAGS | {"p", "blockquote", "ul", "ol", "li", "pre"}
ARTICLE_TAGS = COMMENT_TAGS | {
    "h2", "h3", "img", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "section",
    "span", "input", "figure", "figcaption", "details", "summary", "abbr", "kbd", "mark", "dl",
    "dt", "dd",
}  # fmt: skip


def _image_address(value: str) -> bool:
    """An image from an https address or from the site's own uploads (MEDIA_URL): no data:,
    no http (mixed content), no other relative path."""
    own = value.startswith(settings.MEDIA_URL) and not value.startswith("//") and ".." not in value
    return value.startswith("https://") or own


def _article_attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag != "img":
        return value
    if attribute == "src" and not _image_address(value):
        return None
    if attribute == "srcset":
        candidates = [candidate.split() for candidate in value.split(",") if candidate.strip()]
        if not all(candidate and _image_address(candidate[0]) for candidate in candidates):
            return None
    if attribute in ("width", "height") and not value.isdigit():
        return None
    return value


@cache
def _cleaner(profile: Profile) -> nh3.Cleaner:
    if profile is Profile.ARTICLE:
        return nh3.Cleaner(
            tags=ARTICLE_TAGS,
            clean_content_tags={"script", "style"},
            attributes={
                "a": {"href", "title", "id"},
                "img": {"src", "srcset", "sizes", "alt", "title", "width", "height"},
                "h2": {"id"},
                "h3": {"id"},
                "li": {"id"},
                "ol": {"start"},
                "abbr": {"title"},
                "input": {"disabled", "checked"},
            },
            tag_attribute_values={"input": {"type": {"checkbox"}}},
            allowed_classes={
                "span": PYGMENTS_CLASSES,
                "pre": {"highlight"},
                "th": {"align-left", "align-center", "align-right"},
                "td": {"align-left", "align-center", "align-right"},
                "ul": {"contains-task-list"},
                "li": {"task-list-item", "footnote-item"},
                "input": {"task-list-item-checkbox"},
                "section": {"footnotes"},
                "ol": {"footnotes-list"},
                "hr": {"footnotes-sep"},
                "sup": {"footnote-ref"},
                "a": {"footnote-backref"},
            },
            attribute_filter=_article_attribute_filter,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener",
        )
    return nh3.Cleaner(
        tags=COMMENT_TAGS if profile is Profile.COMMENT else BIO_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}, "ol": {"start"}},
        allowed_classes={"a": {"mention"}} if profile is Profile.COMMENT else None,
        url_schemes={"http", "https", "mailto"},
        # Links from members earn no ranking and open no window back to us.
        link_rel="nofollow ugc noopener",
    )
