import datetime
import functools
import hashlib
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone

from .addresses import kept_reverse
from .markdown import Profile, RenderedField, clean_text, render

WORDS_PER_MINUTE = 230


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", args=[self.slug])


class Series(models.Model):
    """Articles meant to be read in order; each member article has a position."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="Plain text, shown on the series page.")

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:series", args=[self.slug])


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


def _aggregate(queryset, aggregate):
    """One aggregate over a whole queryset, as a subquery usable in another query."""
    grouped = queryset.order_by().annotate(whole=models.Value(1)).values("whole")
    return models.Subquery(grouped.annotate(result=aggregate).values("result"))


# Stand-ins compiled into the fingerprint query, replaced by real values on each call.
FINGERPRINT_SLUG = "\x00fingerprint-slug"
FINGERPRINT_NOW = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)


def fingerprint_queryset(slug: str, now):
    """The article's own times, plus what its neighbours and tags add to its page."""
    published = Article.objects.published(now)
    neighbours = published.filter(
        models.Q(follow_up_of=models.OuterRef("pk"))
        | models.Q(pk=models.OuterRef("follow_up_of_id"))
        | models.Q(series=models.OuterRef("series_id"))
    )
    tags = Tag.objects.filter(articles=models.OuterRef("pk"))
    return (
        published.filter(slug=slug)
        .order_by()
        .values("pk", "updated_at", "comments_changed_at")
        .annotate(
            # Any save moves updated_at to now, so count and latest change cover edits,
            # publications and scheduled parts whose time arrived.
            neighbour_count=_aggregate(neighbours, models.Count("pk")),
            neighbours_changed=_aggregate(neighbours, models.Max("updated_at")),
            tag_names=_aggregate(tags, models.StringAgg("name", models.Value(","))),
        )[:1]
    )


@functools.cache
def _compiled_fingerprint_query(alias: str) -> tuple[str, list]:
    """SQL and parameter slots of the fingerprint query for one database."""
    connection = connections[alias]
    queryset = fingerprint_queryset(FINGERPRINT_SLUG, FINGERPRINT_NOW)
    sql, params = queryset.query.get_compiler(alias).as_sql()
    adapted_now = connection.ops.adapt_datetimefield_value(FINGERPRINT_NOW)
    slots = [FINGERPRINT_NOW if param == adapted_now else param for param in params]
    if FINGERPRINT_SLUG not in slots or FINGERPRINT_NOW not in slots:
        raise RuntimeError("The fingerprint query no longer takes the slug and time it needs.")
    return sql, slots


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to everyone: published, with a publication time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user, now=None):
        """Staff may preview drafts and scheduled articles; everyone else sees published ones."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published(now)

    def for_lists(self):
        """Everything a list of article cards shows, in a fixed number of queries."""
        return self.select_related("author").prefetch_related("tags")

    def tagged(self, tag):
        return self.filter(tags=tag)

    def in_series(self, series):
        return self.filter(series=series).order_by("series_position")

    def follow_ups_of(self, article):
        return self.filter(follow_up_of=article).order_by("published_at", "id")

    def page_fingerprint(self, slug: str, now=None) -> str | None:
        """What the public page of an article depends on, as a short string for an ETag.

        None when the page is not public. Besides the article's own times it covers what
        other rows put on the page: published follow-ups, the followed-up article and
        series siblings (including scheduled ones whose time came), and the tags. One
        query, compiled once per process: it runs on every anonymous view of the busiest
        page, where building it through the ORM each time cost more than running it.
        """
        connection = connections[self.db]
        sql, slots = _compiled_fingerprint_query(self.db)
        values = {
            FINGERPRINT_SLUG: slug,
            FINGERPRINT_NOW: connection.ops.adapt_datetimefield_value(now or timezone.now()),
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, [values.get(slot, slot) for slot in slots])
            row = cursor.fetchone()
        if row is None:
            return None
        return hashlib.blake2b(repr(row).encode(), digest_size=12).hexdigest()

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
    body = models.TextField(help_text="Markdown. Images by https URL only.")
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
        # Named several times on its own page, the busiest one.
        return kept_reverse("articles:detail", (self.slug,))

    def copy_with(self, fields) -> "Article":
        """A copy holding only these fields (attribute names), small enough to store beside
        rendered HTML: no Markdown, no loaded author. Any other field would be loaded by a
        query, which the pages' query-count tests catch."""
        names = [f.attname for f in self._meta.concrete_fields if f.attname in fields]
        return Article.from_db(self._state.db, names, [getattr(self, name) for name in names])

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
        """`comments_changed_at` as part of a cache key: what is stored of the discussion
        (threads, members' own comments) is stored under it."""
        return self.comments_changed_at.isoformat() if self.comments_changed_at else "0"

    @property
    def updated_for_readers(self):
        """The 'updated' date readers see: an editor's revision after publication, if any."""
        if self.revised_at and self.published_at and self.revised_at > self.published_at:
            return self.revised_at
        return None

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

    def structured_data(self, base_url: str, tags: list) -> dict:
        """schema.org BlogPosting for search engines (JSON-LD)."""
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
