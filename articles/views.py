import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.http_cache import add_tags, shareable

from .models import ARTICLES_TAG, Article, Series, Tag

ARTICLES_PER_PAGE = 10


def article_list_page(request, articles, template: str, **context):
    page = Paginator(articles.for_lists(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, template, {"page": page, **context})


@require_safe
@shareable(ARTICLES_TAG)
def article_list(request):
    """The newest published articles, a page at a time."""
    return article_list_page(request, Article.objects.published(), "articles/article_list.html")


@require_safe
@shareable(ARTICLES_TAG)
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag)
    return article_list_page(request, articles, "articles/tag_detail.html", tag=tag)


@require_safe
@shareable(ARTICLES_TAG)
def series_detail(request, slug: str):
    series = get_object_or_404(Series, slug=slug)
    parts = Article.objects.published().in_series(series).select_related("author")
    return TemplateResponse(
        request, "articles/series_detail.html", {"series": series, "parts": parts}
    )


@require_safe
@shareable(ARTICLES_TAG)
def archive_month(request, year: str, month: str):
    """Articles published in one month, with links to the other months that have some."""
    year, month = int(year), int(month)
    if not (1 <= month <= 12 and 1 <= year <= 9998):
        raise Http404("No such month.")
    published = Article.objects.published()
    return article_list_page(
        request,
        published.in_month(year, month),
        "articles/archive_month.html",
        month=datetime.date(year, month, 1),
        months=published.datetimes("published_at", "month", order="DESC"),
    )


@require_safe
def article_detail(request, slug: str):
    """An article and its discussion. Staff may preview drafts; others get 404."""
    now = timezone.now()
    article = get_object_or_404(Article.objects.select_related("author"), slug=slug)
    if not article.is_visible_to(request.user, now):
        raise Http404("No such article.")
    tags = list(article.tags.all())
    neighbours = article.neighbours(now)
    response = TemplateResponse(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "tags": tags,
            "structured_data": article.structured_data(settings.SITE_URL, tags),
            "follows_up": neighbours.follows_up,
            "follow_ups": neighbours.follow_ups,
            "series_nav": article.series_navigation(now),
        },
    )
    if article.is_published(now):
        # Its neighbours, series and tags show too: every article change purges "articles".
        add_tags(response, ARTICLES_TAG, article.cache_tag)
    return response
