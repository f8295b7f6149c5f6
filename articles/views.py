import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from core.http_cache import add_tags, shareable

from .models import ARTICLE_LISTS_TAG, ARTICLES_TAG, Article, Series, Tag

ARTICLES_PER_PAGE = 10


def article_list_page(request, articles, template: str, **context):
    """A page of article cards. The cards are a fragment cached under the articles'
    version, so the page is only counted and loaded when that changes."""
    wanted = request.GET.get("page", "1")
    paginator = Paginator(articles.for_lists(), ARTICLES_PER_PAGE)
    page = SimpleLazyObject(lambda: paginator.get_page(wanted))
    context |= {
        "page": page,
        # The canonical address and the fragment's key: the number asked for, if plausible.
        "page_number": int(wanted) if wanted.isdigit() and len(wanted) < 6 else 1,
        "articles_version": Article.objects.version(),
    }
    return TemplateResponse(request, template, context)


@require_safe
@shareable(ARTICLES_TAG, ARTICLE_LISTS_TAG)
def article_list(request):
    """The newest published articles, a page at a time."""
    return article_list_page(request, Article.objects.published(), "articles/article_list.html")


@require_safe
@shareable(ARTICLES_TAG)
def tag_index(request):
    """Every tag in use, with how many articles each has."""
    return TemplateResponse(request, "articles/tag_index.html", {"tags": Tag.objects.in_use()})


@require_safe
@shareable(ARTICLES_TAG)
def archive_index(request):
    """The months articles were published in, with how many each."""
    months = Article.objects.published().by_month()
    return TemplateResponse(request, "articles/archive_index.html", {"months": months})


@require_safe
@shareable(ARTICLES_TAG, ARTICLE_LISTS_TAG)
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag)
    return article_list_page(request, articles, "articles/tag_detail.html", tag=tag)


@require_safe
@shareable(ARTICLES_TAG, ARTICLE_LISTS_TAG)
def series_detail(request, slug: str):
    series = get_object_or_404(Series, slug=slug)
    parts = Article.objects.published().in_series(series).select_related("author")
    return TemplateResponse(
        request, "articles/series_detail.html", {"series": series, "parts": parts}
    )


@require_safe
@shareable(ARTICLES_TAG, ARTICLE_LISTS_TAG)
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
    # The article's own part of the page (its tags, series and follow-ups too) is a fragment
    # cached under the articles' version: loaded only when an article changes.
    context = {"article": article, "articles_version": Article.objects.version(now)}
    response = TemplateResponse(request, "articles/article_detail.html", context)
    if article.is_published(now):
        # Its neighbours, series and tags show too: every article change purges "articles".
        add_tags(response, ARTICLES_TAG, article.cache_tag)
    return response
