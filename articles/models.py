import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from core.images import StoredImage
from core.markdown import Profile, RenderedField, clean_text, render

from .cards import HEIGHT as CARD_HEIGHT
from .cards import WIDTH as CARD_WIDTH
from .cards import card_name
from .taxonomy import Series, Tag

WORDS_PER_MINUTE = 230
# The HTTP-cache tag of every page that lists or links articles (core.http_cache): any change
# to an article, tag or series purges them all. Member and skill pages carry it too.
ARTICLES_TAG = "articles"
# The pages that list articles with their comment counts (home, tags, series, archive):
# every change to a discussion purges them too.
ARTICLE_LISTS_TAG = "article-lists"


@dataclass(frozen=True)
class SeriesNavigation:
    series: "Series | None" = None
    parts: list = field(default_factory=list)
    previous: "Article | None" = None
    next: "Article | None" = None


@dataclass(frozen=True)
class Neighbours:
    """The article a page follows up on and the ones that follow it up, as links show them."""

    follows_up: "Article | None" = None
    follow_ups: list = field(default_factory=list)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to everyone: published, with a publication time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user, now=None):
        """Staff may preview drafts and scheduled articles; everyone else sees published ones."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published(now)

    def version(self, now=None) -> str:
        """A key for fragments that show published articles (their cards, an article's own
        part with its neighbours): it changes when any article is saved (every save moves
        `updated_at`; so do tag and series changes, articles.signals), when its discussion
        changes (cards show comment counts), and when one comes or goes (a scheduled time
        arriving, a withdrawal). One query."""
        found = self.aggregate(
            latest=models.Max("updated_at"),
            discussed=models.Max("comments_changed_at"),
            published=models.Count(
                "pk",
                filter=models.Q(
                    status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now()
                ),
            ),
        )
        return repr(tuple(found.values()))

    def for_lists(self):
        """Everything a list of article cards shows, in a fixed number of queries."""
        return self.select_related("author").prefetch_related("tags")

    def tagged(self, tag):
        return self.filter(tags=tag)

    def in_series(self, series):
        return self.filter(series=series).order_by("series_position")

    def follow_ups_of(self, article):
        return self.filter(follow_up_of=article).order_by("published_at", "id")

    def by_month(self):
        """(first day of the month, how many were published in it), newest first."""
        months = self.annotate(month=TruncMonth("published_at")).values("month")
        return months.annotate(count=models.Count("pk")).order_by("-month")

    def in_month(self, year: int, month: int):
        """Published in a calendar month of the site's time zone."""
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
        return self.filter(published_at__gte=start, published_at__lt=end)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences for lists, feeds and search."
    )
    body = models.TextField(
        help_text="Markdown. Drag or paste an image into the editor to upload it, or link one "
        "by its https address."
    )
    body_html = models.TextField(editable=False, default="")
    headings = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Published articles appear from this time on; a future time schedules them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    discussion_prompt = models.CharField(
        max_length=300,
        blank=True,
        help_text="The question the comment form asks readers, e.g. the article's closing call.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="Closed discussions keep their comments but take no new ones."
    )
    # Kept up to date by the comments app whenever a comment changes state, so lists and
    # conditional GETs never need a comment query.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    # Threads the discussion shows (approved starts, and starts kept for their replies): the
    # number of its pages, which counting on every view would cost more as it grows.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    comments_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        "revised",
        null=True,
        blank=True,
        help_text="Set when you change the substance of a published article; readers see it "
        "as the 'updated' date. Typo fixes need not set it.",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    # PROTECT: deleting a series must not leave articles holding a position in nothing.
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    series_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 for the first part of the series, 2 for the next…"
    )
    follow_up_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="The article whose discussion this one grows from.",
    )

    # The cover as core.images stored it (url, width, height, srcset), or {} for none.
    cover = models.JSONField(default=dict, blank=True, editable=False)
    cover_alt = models.CharField(
        "cover description",
        max_length=300,
        blank=True,
        help_text="What the cover shows, for readers who cannot see it.",
    )
    # The generated social card (articles.cards) for an article without a cover: its
    # storage name, which carries the title's hash. Made by the task worker.
    social_card = models.CharField(max_length=200, blank=True, editable=False)

    # Stored HTML that the `rerender` command rebuilds after a pipeline change.
    rendered_fields = [RenderedField("body", "body_html", Profile.ARTICLE, headings="headings")]

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published article needs a publication time.",
            ),
            models.UniqueConstraint(
                fields=["series", "series_position"],
                name="article_unique_series_position",
                violation_error_message="Another article already has this position in the series.",
            ),
            models.CheckConstraint(
                condition=models.Q(series_position__isnull=True) | models.Q(series__isnull=False),
                name="article_series_position_needs_series",
                violation_error_message="A series position needs a series.",
            ),
            models.CheckConstraint(
                condition=models.Q(series__isnull=True) | models.Q(series_position__isnull=False),
                name="article_series_needs_position",
                violation_error_message="An article in a series needs its position in it.",
            ),
            models.CheckConstraint(
                condition=~models.Q(follow_up_of=models.F("pk")),
                name="article_not_follow_up_of_itself",
                violation_error_message="An article cannot follow up itself.",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_pub_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # A save of other fields (counts, status) leaves the stored HTML as it is.
        if update_fields is None or "body" in update_fields:
            self.render()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "headings", "word_count"}
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

    @property
    def cache_tag(self) -> str:
        """Names the pages that show this article's discussion (core.http_cache)."""
        return self.cache_tag_for(self.pk)

    @staticmethod
    def cache_tag_for(pk: int) -> str:
        return f"article-{pk}"

    def clean(self):
        # The constraints above say the same; these messages point at the field to fix.
        errors = {}
        if self.series_position is not None and self.series_id is None:
            errors["series"] = "A series position needs a series: choose one or clear the position."
        if self.series_id is not None and self.series_position is None:
            errors["series_position"] = "An article in a series needs its position in it."
        if self.pk is not None and self.follow_up_of_id == self.pk:
            errors["follow_up_of"] = "An article cannot follow up itself."
        if errors:
            raise ValidationError(errors)

    def render(self) -> None:
        """Store the body's HTML, headings and length; called on every save."""
        self.body = clean_text(self.body)
        rendered = render(self.body, Profile.ARTICLE)
        self.body_html = rendered.html
        self.headings = [vars(heading) for heading in rendered.headings]
        self.word_count = len(self.body.split())

    def is_published(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    is_published.boolean = True

    def is_visible_to(self, user, now=None) -> bool:
        return self.is_published(now) or (user.is_authenticated and user.is_staff)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def discussion_version(self) -> str:
        """`comments_changed_at` as part of a cache key: the discussion's cached threads are
        stored under it."""
        return self.comments_changed_at.isoformat() if self.comments_changed_at else "0"

    @property
    def updated_for_readers(self):
        """The 'updated' date readers see: an editor's revision after publication, if any."""
        if self.revised_at and self.published_at and self.revised_at > self.published_at:
            return self.revised_at
        return None

    @property
    def cover_image(self) -> StoredImage | None:
        return StoredImage(**self.cover) if self.cover else None

    def needs_social_card(self) -> bool:
        """No cover, and no card for the current title yet."""
        return not self.cover and self.social_card != card_name(self.pk, self.title)

    @property
    def social_image(self) -> dict | None:
        """What a shared link shows: the cover, else the generated card once it is made."""
        if self.cover:
            url, width, height = self.cover["url"], self.cover["width"], self.cover["height"]
        elif self.social_card:
            url, width, height = default_storage.url(self.social_card), CARD_WIDTH, CARD_HEIGHT
        else:
            return None
        absolute = url if url.startswith(("https://", "http://")) else settings.SITE_URL + url
        return {"url": absolute, "width": width, "height": height}

    def series_navigation(self, now=None) -> "SeriesNavigation":
        """The published parts of this article's series, and its neighbours among them."""
        if self.series_id is None:
            return SeriesNavigation()
        parts = list(
            Article.objects.published(now)
            .in_series(self.series_id)
            .select_related("series")
            .only("title", "slug", "series_position", "published_at", "status", "series")
        )
        series = parts[0].series if parts else None
        index = next((i for i, part in enumerate(parts) if part.pk == self.pk), None)
        if index is None:  # a preview of an unpublished part: no place in the order yet
            return SeriesNavigation(series, parts)
        return SeriesNavigation(
            series,
            parts,
            previous=parts[index - 1] if index > 0 else None,
            next=parts[index + 1] if index + 1 < len(parts) else None,
        )

    def neighbours(self, now=None) -> Neighbours:
        """The published article this one follows up on, and its published follow-ups: one query."""
        linked = models.Q(follow_up_of=self.pk)
        if self.follow_up_of_id is not None:
            linked |= models.Q(pk=self.follow_up_of_id)
        found = (
            Article.objects.published(now)
            .filter(linked)
            .order_by("published_at", "id")
            .only("title", "slug", "published_at", "follow_up_of")
        )
        follows_up, follow_ups = None, []
        for article in found:
            if article.pk == self.follow_up_of_id:
                follows_up = article
            else:
                follow_ups.append(article)
        return Neighbours(follows_up, follow_ups)

    def structured_data(self) -> dict:
        """schema.org BlogPosting for search engines (JSON-LD)."""
        base_url = settings.SITE_URL
        tags = self.tags.all()
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.summary,
            "url": base_url + self.get_absolute_url(),
            "mainEntityOfPage": base_url + self.get_absolute_url(),
            "wordCount": self.word_count,
            "commentCount": self.comment_count,
            "keywords": [tag.name for tag in tags],
        }
        if self.published_at:
            data["datePublished"] = self.published_at.isoformat()
            data["dateModified"] = (self.updated_for_readers or self.published_at).isoformat()
        if self.author:
            data["author"] = {"@type": "Person", "name": self.author.public_name}
        return data
