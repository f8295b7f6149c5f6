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
    """Newest first, as Atom: the parts every comments feed shares. A subclass says which
    comments (`comments`) and which HTTP-cache tags purge the feed (`cache_tags`)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Tagged by the object get_feed was given, without loading it a second time.
        return add_tags(response, *self.cache_tags(request.feed_object))

    def get_feed(self, obj, request):
        request.feed_object = obj
        return super().get_feed(obj, request)

    def items(self, obj):
        return self.comments(obj).with_authors().order_by("-created_at", "-pk")[:FEED_LENGTH]

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

    def get_object(self, request, slug):
        article = get_object_or_404(Article, slug=slug)
        if not article.is_published():
            raise Http404("No such article.")
        return article

    def cache_tags(self, article):
        return [article.cache_tag]

    def comments(self, article):
        return Comment.objects.for_article(article).approved()

    def title(self, article):
        return f"Comments on “{article.title}”"

    def link(self, article):
        return f"{article.get_absolute_url()}#discussion"

    def subtitle(self, article):
        return article.discussion_prompt or article.summary


class MemberCommentsFeed(CommentsFeed):
    """A member's public comments: how their answer to the essay's question moves on."""

    def get_object(self, request, username):
        return get_object_or_404(User.objects.filter(is_active=True), username=username)

    def cache_tags(self, member):
        return [member_tag(member.pk), ARTICLES_TAG]

    def comments(self, member):
        return Comment.objects.public().by(member)

    def title(self, member):
        return f"Comments by {member.public_name}"

    def link(self, member):
        return member.get_absolute_url()

    def subtitle(self, member):
        return f"What @{member.username} writes on {settings.SITE_NAME}, newest first."


class SkillCommentsFeed(CommentsFeed):
    """Public comments tagged with one skill, from every discussion."""

    def get_object(self, request, slug):
        return get_object_or_404(Skill.objects.approved(), slug=slug)

    def cache_tags(self, skill):
        return [SKILLS_TAG, ARTICLES_TAG]

    def comments(self, skill):
        return Comment.objects.public().filter(skills=skill)

    def title(self, skill):
        return f"Comments about {skill.name}"

    def link(self, skill):
        return skill.get_absolute_url()

    def subtitle(self, skill):
        return skill.description or f"Comments tagged with {skill.name}."
