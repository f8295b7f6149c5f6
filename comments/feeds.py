from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from accounts.changes import SKILLS_TAG, member_tag
from accounts.models import Skill, User
from articles.models import ARTICLES_TAG, Article
from core.http_cache import add_tags

from .models import Comment

FEED_LENGTH = 50


class CommentsFeed(Feed):
    """Newest first, as Atom: the items' parts every comments feed shares."""

    feed_type = Atom1Feed

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


class ArticleCommentsFeed(CommentsFeed):
    """The newest approved comments on one article."""

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


class MemberCommentsFeed(CommentsFeed):
    """A member's public comments: how their answer to the essay's question moves on."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        member = self.get_object(request, *args, **kwargs)
        return add_tags(response, member_tag(member.pk), ARTICLES_TAG)

    def get_object(self, request, username):
        return get_object_or_404(User.objects.filter(is_active=True), username=username)

    def title(self, member):
        return f"Comments by {member.public_name}"

    def link(self, member):
        return member.get_absolute_url()

    def subtitle(self, member):
        return f"What @{member.username} writes on {settings.SITE_NAME}, newest first."

    def items(self, member):
        return (
            Comment.objects.public()
            .by(member)
            .with_authors()
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )


class SkillCommentsFeed(CommentsFeed):
    """Public comments tagged with one skill, from every discussion."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return add_tags(response, SKILLS_TAG, ARTICLES_TAG)

    def get_object(self, request, slug):
        return get_object_or_404(Skill.objects.approved(), slug=slug)

    def title(self, skill):
        return f"Comments about {skill.name}"

    def link(self, skill):
        return skill.get_absolute_url()

    def subtitle(self, skill):
        return skill.description or f"Comments tagged with {skill.name}."

    def items(self, skill):
        return (
            Comment.objects.public()
            .filter(skills=skill)
            .with_authors()
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )
