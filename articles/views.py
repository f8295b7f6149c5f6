import datetime
import functools

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import quote_etag
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST, require_safe

from . import personal
from .local_cache import rendered_pages
from .markdown import Profile, render
from .models import Article, Series, Tag

ARTICLES_PER_PAGE = 10
PREVIEW_MAX_CHARACTERS = {Profile.ARTICLE: 200_000, Profile.COMMENT: 10_000, Profile.BIO: 2_000}
# Stored pages are keyed by their ETag, so they never go stale; this only bounds memory.
PAGE_CACHE_SECONDS = 60 * 60


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


def shared_page(etag_func):
    """Conditional GET and a shared page cache for anonymous readers; a shared page for members.

    Anonymous readers all see the same page, so it is answered with 304 when their copy is
    current, else served from the cache under its ETag (which changes whenever anything on
    the page does), else rendered and stored. Members see the page members share, stored
    the same way, with their own parts filled in (articles/personal.py); it is marked
    `private, no-cache` because those parts are theirs.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                etag = etag_func(request, *args, **kwargs) if settings.CACHE_PAGES else None
                response = member_response(request, etag, view, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
            else:
                etag = etag_func(request, *args, **kwargs)
                response = anonymous_response(request, etag)
                if response is None:
                    response = view(request, *args, **kwargs)
                    store_anonymous_page(request, response, etag)
                # Revalidate every time: the ETag makes that cheap, and a new comment
                # shows at once.
                patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def member_response(request, etag: str | None, view, *args, **kwargs) -> HttpResponse:
    """The page members share, from the cache or rendered, with this member's parts in it."""
    key = page_cache_key(request, etag, kind="member-page") if etag else None
    shared = rendered_pages.get(key) if key else None
    if shared is not None:
        return HttpResponse(personal.fill(shared, request))
    response = personal.render_shared(request, view, *args, **kwargs)
    if not hasattr(response, "render"):
        return response
    shared = personal.split(response.content.decode())
    if key and response.status_code == 200 and personal.is_shareable(request):
        rendered_pages.set(key, shared, PAGE_CACHE_SECONDS)
    response.content = personal.fill(shared, request)
    return response


def page_cache_key(request, etag: str, kind: str = "page") -> str:
    return f"{kind}:{etag}:{request.path}"


def anonymous_response(request, etag: str | None) -> HttpResponse | None:
    """304, or the stored page for this ETag; None when the view must render."""
    if etag is None:
        return None
    not_modified = get_conditional_response(request, etag=quote_etag(etag))
    if not_modified is not None:
        return not_modified
    if not settings.CACHE_PAGES or get_messages(request):
        return None
    content = rendered_pages.get(page_cache_key(request, etag))
    if content is None:
        return None
    response = HttpResponse(content)
    response["ETag"] = quote_etag(etag)
    return response


def store_anonymous_page(request, response, etag: str | None) -> None:
    if etag is None or response.status_code != 200:
        return
    response["ETag"] = quote_etag(etag)
    if settings.CACHE_PAGES and not get_messages(request):
        if hasattr(response, "render"):
            response.render()
        rendered_pages.set(page_cache_key(request, etag), response.content, PAGE_CACHE_SECONDS)


def article_etag(request, slug: str) -> str | None:
    fingerprint = Article.objects.page_fingerprint(slug)
    if fingerprint is None:
        return None
    # Other apps' data on the page (members' names and skills) changes its version too;
    # config wires those in, so articles imports none of them.
    versions = "-".join(str(import_string(path)()) for path in settings.ARTICLE_PAGE_VERSIONS)
    # The query string selects the page of the discussion, so it is part of the version.
    return f"{fingerprint}-{versions}-{settings.RELEASE_ID}-{request.GET.urlencode()}"


@require_safe
@shared_page(article_etag)
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
    # Per member and per address (allauth's client-IP rule), counted in the shared cache.
    if not ratelimit.consume(request, action="markdown_preview", user=request.user):
        return HttpResponse("Preview paused: too many previews this minute.", status=429)
    return HttpResponse(render(text, profile).html)
