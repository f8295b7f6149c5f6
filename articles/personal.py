"""Personal parts: the few pieces of a shared page that differ from one member to the next.

A member's article page is the page every member sees, kept in the cache under the same
ETag as the anonymous one, with a handful of parts filled in for them on each request: the
account links, messages, their own comments, the comment form with its CSRF token.
Templates mark such a part with `{% personal "name" argument %}`. Rendered normally, the
tag renders the part in place. While the shared page is being rendered for members, it
leaves a marker instead, and `fill()` renders the parts into the stored page.

Each part is a function `(request, *arguments) -> str`, named in `settings.PERSONAL_PARTS`
so that config wires the apps together and this module imports none of them. A marker
names its arguments as text (a model instance as its primary key); the stored page keeps
the arguments themselves beside it, so filling it in loads nothing again. Keep them small:
they are stored with every copy of the page.
"""

import contextlib
import functools
import re

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

# Set on the request while the page members share is rendered.
RENDERING_SHARED = "personal_parts_as_markers"
# Set by a part whose page must not be shared, such as a reply form inside the thread.
NOT_SHAREABLE = "personal_page_not_shareable"
# The stored fragments placed in the page being rendered (see place()).
PLACED = "_placed_fragments"


@functools.cache
def _marker_key() -> str:
    # A marker a comment could forge would let it pull another part into the page; the
    # pipeline strips HTML comments anyway, and the key makes forging one pointless.
    return salted_hmac("articles.personal", "marker", algorithm="sha256").hexdigest()[:16]


@functools.cache
def _marker_pattern() -> re.Pattern:
    return re.compile(rf"<!--personal:{_marker_key()}:([\w:-]+):([^>]*?)-->")


@functools.cache
def _placed_pattern() -> re.Pattern:
    return re.compile(rf"<!--placed:{_marker_key()}:(\d+)-->".encode())


@functools.cache
def _part(name: str):
    return import_string(settings.PERSONAL_PARTS[name])


def render(request, name: str, *arguments) -> str:
    """The part itself, or its marker while the shared page is being rendered."""
    if getattr(request, RENDERING_SHARED, False):
        text = ",".join(str(a.pk if isinstance(a, models.Model) else a) for a in arguments)
        if not re.fullmatch(r"[\w.,-]*", text):
            raise ValueError(f"Personal part arguments must be simple values: {text!r}")
        # Kept for split(), so that the stored page holds the arguments themselves.
        request.__dict__.setdefault("_personal_arguments", {})[name, text] = arguments
        return mark_safe(f"<!--personal:{_marker_key()}:{name}:{text}-->")
    return _part(name)(request, *arguments)


@contextlib.contextmanager
def _parts_as_markers(request):
    already = getattr(request, RENDERING_SHARED, False)
    setattr(request, RENDERING_SHARED, True)
    try:
        yield
    finally:
        setattr(request, RENDERING_SHARED, already)


def render_shared(request, view, *args, **kwargs):
    """Call the view with every personal part left as a marker; the response is rendered."""
    with _parts_as_markers(request):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
    return response


def is_shareable(request) -> bool:
    return not getattr(request, NOT_SHAREABLE, False)


def mark_not_shareable(request) -> None:
    setattr(request, NOT_SHAREABLE, True)


def split(html: str, request) -> tuple:
    """The page members share, rendered for `request`, as encoded text and parts in turn.

    Each part is its name and the arguments it was rendered with, so filling the page in
    needs no search and no query for them. The text is kept encoded: encoding a page of a
    few hundred kilobytes for every member cost more than filling in their parts.
    """
    return tuple(
        piece.encode() if isinstance(piece, str) else piece for piece in _pieces(html, request)
    )


def _pieces(html: str, request) -> tuple:
    pieces = _marker_pattern().split(html)
    rendered_with = getattr(request, "_personal_arguments", {})
    # re.split alternates: text, name, arguments, text, name, arguments, …, text.
    return tuple(
        piece if index % 3 == 0 else (piece, rendered_with[piece, pieces[index + 1]])
        for index, piece in enumerate(pieces)
        if index % 3 != 2
    )


def render_fragment(request, render_html) -> tuple:
    """A fragment that every reader shares, such as a discussion, rendered to be stored: what
    `render_html()` returns, as encoded text and personal parts in turn (as `split` gives the
    page members share). `place` puts it in a page with each reader's parts filled in."""
    with _parts_as_markers(request):
        return split(render_html(), request)


def place(request, fragment: tuple) -> str:
    """Where a stored fragment goes in the page being rendered: a marker, replaced with the
    fragment's bytes once the page is rendered, if the view asked for that
    (`fill_placed_after_render`); else the fragment itself.

    Passed through the templates, a fragment of a few hundred kilobytes was copied again at
    each level and then encoded, which cost more than rendering the rest of the page.
    """
    placed = getattr(request, PLACED, None)
    if placed is None:
        return mark_safe(fill(fragment, request).decode())
    placed.append(fragment)
    return mark_safe(f"<!--placed:{_marker_key()}:{len(placed) - 1}-->")


def fill_placed_after_render(request, response) -> None:
    """Have the fragments placed while `response` renders put into its bytes afterwards."""
    setattr(request, PLACED, [])
    response.add_post_render_callback(functools.partial(fill_placed, request))


def fill_placed(request, response) -> None:
    """Post-render: each placed fragment in the rendered page, with this reader's parts in it.
    While the page members share is rendered, those parts are markers, as the page's own."""
    placed = getattr(request, PLACED)
    if not placed:
        return
    # re.split alternates: text, index, text, index, …, text.
    pieces = _placed_pattern().split(response.content)
    response.content = b"".join(
        fill(placed[int(piece)], request) if index % 2 else piece
        for index, piece in enumerate(pieces)
    )


def fill(shared: tuple, request) -> bytes:
    """A shared page or fragment (from `split` or `render_fragment`) for this reader, encoded:
    their parts rendered into it, or left as markers while a shared page is being rendered."""
    return b"".join(
        piece if isinstance(piece, bytes) else render(request, piece[0], *piece[1]).encode()
        for piece in shared
    )


def messages(request) -> str:
    """The messages waiting for this reader, such as "Your comment is posted"."""
    return render_to_string("includes/messages.html", request=request)
