"""Social cards: the picture a shared link shows (og:image) for an article without a cover.

The title is set in the bundled DejaVu Serif Bold (fonts/, free to redistribute) on the
site's colours, shrunk until it fits in four lines; the site's name sits below it. Cards are
made by the task worker (articles.tasks) and stored under a name that carries the title's
hash, so a new title makes a new card and caches may keep each one forever.
"""

import hashlib
from io import BytesIO
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # what Facebook, LinkedIn, Mastodon and X crop least
FONT = Path(__file__).parent / "fonts" / "DejaVuSerif-Bold.ttf"
BACKGROUND = "#133f5e"  # --accent-strong in static/css/site.css
TEXT = "#ffffff"
MUTED = "#e3edf5"  # --accent-soft
MARGIN = 80
MAX_LINES = 4
TITLE_SIZES = (72, 64, 56, 48, 42)
# Raised when the design changes, so every card is made again.
DESIGN_VERSION = 1


def card_name(article_pk: int, title: str) -> str:
    """Where the card for this title is stored; a new title (or site name) is a new name."""
    digest = hashlib.sha256(f"{DESIGN_VERSION}|{settings.SITE_NAME}|{title}".encode())
    return f"cards/{article_pk}-{digest.hexdigest()[:12]}.png"


def draw_card(title: str) -> bytes:
    """A PNG of WIDTH × HEIGHT with the title and the site's name."""
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, HEIGHT), fill=MUTED)  # the accent rule of the site's headings
    lines, font = title_lines(title)
    line_height = round(font.size * 1.25)
    top = (HEIGHT - 90 - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=TEXT)
    site_font = ImageFont.truetype(FONT, 34)
    draw.text((MARGIN, HEIGHT - MARGIN - 34), settings.SITE_NAME, font=site_font, fill=MUTED)
    out = BytesIO()
    card.save(out, "PNG", optimize=True)
    return out.getvalue()


def title_lines(title: str):
    """The title's lines at the largest size at which they fit, and that font; at the
    smallest size, what does not fit is cut with an ellipsis."""
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        font = ImageFont.truetype(FONT, size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= MAX_LINES:
            return lines, font
    lines = lines[:MAX_LINES]
    lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines, font


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines
