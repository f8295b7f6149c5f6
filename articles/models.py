import math

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .markdown import Profile, clean_text, render

WORDS_PER_MINUTE = 230


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to everyone: published, with a publication time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user, now=None):
        """Staff may preview drafts and scheduled articles; everyone else sees published ones."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published(now)


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
    comments_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

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
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_pub_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.render()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "headings", "word_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

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
