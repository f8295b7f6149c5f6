"""RSS and Atom feeds: site-wide and per tag, full content with absolute links."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html

from .models import Article, Tag

FEED_LENGTH = 20
# Sanitized HTML always has double-quoted attributes, so this finds every relative link.
# Protocol-relative `//host` links are left alone: they already name a host.
RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*|#[^"]*)"')
SRCSET = re.compile(r'\ssrcset="[^"]*"')
# In a srcset, each candidate's address starts the value or follows a comma.
RELATIVE_CANDIDATE = re.compile(r'(\ssrcset="|,\s*)(?=/(?!/))')


def absolute_links(html: str, page_url: str, site_url: str) -> str:
    """Make `/path` and `#anchor` links absolute: feed readers show content out of the site."""

    def absolute(match: re.Match) -> str:
        link = match.group(2)
        base = page_url if link.startswith("#") else site_url
        return f'{match.group(1)}{base}{link}"'

    def absolute_candidates(match: re.Match) -> str:
        return RELATIVE_CANDIDATE.sub(lambda candidate: candidate[1] + site_url, match[0])

    return SRCSET.sub(absolute_candidates, RELATIVE_LINK.sub(absolute, html))


class LatestArticlesFeed(Feed):
    title = settings.SITE_NAME
    description = "Essays on AI and independent work, and the follow-ups members inspire."

    def link(self):
        return "/"

    def items(self):
        return Article.objects.published().for_lists()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        html = item.body_html
        cover = item.cover_image
        if cover:
            figure = format_html(
                '<figure><img src="{}" srcset="{}" width="{}" height="{}" alt="{}"></figure>',
                cover.url, cover.srcset, cover.width, cover.height, item.cover_alt,
            )  # fmt: skip
            html = figure + html
        return absolute_links(html, settings.SITE_URL + item.get_absolute_url(), settings.SITE_URL)

    def item_author_name(self, item: Article) -> str | None:
        return item.author.public_name if item.author else None

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_for_readers or item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return f"{settings.SITE_NAME}: {tag.name}"

    def description(self, tag: Tag) -> str:
        # RSS leaves open whether a channel's description is text or HTML, and readers that
        # show this feed's items as HTML show it as HTML too: escaped, a tag named "<b>Q&A"
        # reads as typed there, and a name cannot become markup.
        return f"Articles tagged “{escape(tag.name)}”."

    def link(self, tag: Tag) -> str:
        return tag.get_absolute_url()

    def items(self, tag: Tag):
        return Article.objects.published().tagged(tag).for_lists()[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, tag: Tag) -> str:
        # Atom's subtitle is plain text unless it says otherwise: the name as typed.
        return f"Articles tagged “{tag.name}”."
