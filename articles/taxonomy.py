"""How articles are grouped: tags, and series read in order. Defined beside the models,
registered with this app."""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class TagQuerySet(models.QuerySet):
    def in_use(self, now=None):
        """Tags of published articles, with how many each has, most used first."""
        published = models.Q(
            articles__status="published", articles__published_at__lte=now or timezone.now()
        )
        counted = self.annotate(article_count=models.Count("articles", filter=published))
        return counted.filter(article_count__gt=0).order_by("-article_count", "name")


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

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
