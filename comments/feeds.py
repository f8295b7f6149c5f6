from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from core.http_cache import add_tags

from .models import Comment

FEED_LENGTH = 50


class ArticleCommentsFeed(Feed):
    """The newest approved comments on one article, as Atom."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return add_tags(response, self.get_object(request, *args, **kwargs).cache_tag)

    def get_object(self, request, slug):
        article = get_object_or_404(Article, slug=slug)
        if not article.is_published():
            raise Http404("No such article.")
        return article

    def title(self, article):
        return f"Comments on “{article.title}”"

    def link(self, article):
        return f"{article.get_absolute_url()}#discussion"

    def subtitle(self, article):
        return article.discussion_prompt or article.summary

    def items(self, article):
        return (
            Comment.objects.for_article(article)
            .approved()
            .with_authors()
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, comment):
        return f"{comment.author.public_name} on “{comment.article.title}”"

    def item_description(self, comment):
        # Stored HTML went through the comment sanitizer when it was saved.
        return comment.body_html

    def item_author_name(self, comment):
        return comment.author.public_name

    def item_author_link(self, comment):
        # A deleted member has no page; the others' pages by their public address.
        if comment.author.anonymised_at:
            return None
        return settings.SITE_URL + comment.author.get_absolute_url()

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.created_at
