import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition, require_POST, require_safe

from .markdown import Profile, render
from .models import Article, Series, Tag

ARTICLES_PER_PAGE = 10
PREVIEW_MAX_CHARACTERS = {Profile.ARTICLE: 200_000, Profile.COMMENT: 10_000, Profile.BIO: 2_000}
# Generous enough for someone pausing while typing, tight enough to stop a renderer farm.
PREVIEWS_PER_MINUTE = 60


def article_list_page(request, articles, template: str, **context):
    page = Paginator(articles.for_lists(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, template, {"page": page, **context})


def article_list(request):
    """The newest published articles, a page at a time."""
    return article_list_page(request, Article.objects.published(), "articles/article_list.html")


def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag)
    return article_list_page(request, articles, "articles/tag_detail.html", tag=tag)


def series_detail(request, slug: str):
    series = get_object_or_404(Series, slug=slug)
    parts = Article.objects.published().in_series(series).select_related("author")
    return TemplateResponse(
        request, "articles/series_detail.html", {"series": series, "parts": parts}
    )


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


def fresh_for_members(etag_func):
    """Conditional GET (ETag, 304) for anonymous readers only.

    A member's page shows their own controls, so it is always rendered fresh and marked
    `private, no-cache`; `condition()` alone would answer members with 304 too.
    """

    def decorator(view):
        conditional_view = condition(etag_func=etag_func)(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
            else:
                response = conditional_view(request, *args, **kwargs)
                # Revalidate every time: the ETag makes that cheap, and a new comment
                # shows at once.
                patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def article_etag(request, slug: str) -> str | None:
    fingerprint = Article.objects.page_fingerprint(slug)
    if fingerprint is None:
        return None
    # The query string selects the page of the discussion, so it is part of the version.
    return f"{fingerprint}-{settings.RELEASE_ID}-{request.GET.urlencode()}"


@require_safe
@fresh_for_members(article_etag)
def article_detail(request, slug: str):
    """An article and its discussion. Staff may preview drafts; others get 404."""
    article = get_object_or_404(
        Article.objects.select_related("author", "series", "follow_up_of").prefetch_related("tags"),
        slug=slug,
    )
    if not article.is_visible_to(request.user):
        raise Http404("No such article.")
    now = timezone.now()
    follows_up = article.follow_up_of
    return TemplateResponse(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "structured_data": article.structured_data(settings.SITE_URL),
            "follows_up": follows_up if follows_up and follows_up.is_published(now) else None,
            "follow_ups": list(article.published_follow_ups(now)),
            "series": article.series_navigation(now),
        },
    )


@require_POST
def markdown_preview(request, profile: str):
    """Render Markdown exactly as it will be published, for the editor's preview pane."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden("Sign in to preview.")
    try:
        profile = Profile(profile)
    except ValueError:
        raise Http404("No such preview.") from None
    if profile is Profile.ARTICLE and not request.user.is_staff:
        return HttpResponseForbidden("Only editors preview articles.")
    text = request.POST.get("content", "")
    if len(text) > PREVIEW_MAX_CHARACTERS[profile]:
        return HttpResponseBadRequest(
            f"Too long to preview: at most {PREVIEW_MAX_CHARACTERS[profile]:,} characters."
        )
    key = f"preview-rate:{request.user.pk}"
    cache.add(key, 0, timeout=60)
    if (cache.incr(key) or 0) > PREVIEWS_PER_MINUTE:
        return HttpResponse("Preview paused: too many previews this minute.", status=429)
    return HttpResponse(render(text, profile).html)
