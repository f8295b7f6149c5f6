import datetime
import functools
from dataclasses import dataclass

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
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

from . import page_versions, personal
from .local_cache import rendered_pages
from .markdown import Profile, render
from .models import Article, Series, Tag

ARTICLES_PER_PAGE = 10
PREVIEW_MAX_CHARACTERS = {Profile.ARTICLE: 200_000, Profile.COMMENT: 10_000, Profile.BIO: 2_000}
# The page members share, stored encoded (articles.personal.split): a new name for a new
# format, so a page stored by an earlier release is never read as this one.
MEMBER_PAGE = "member-page-encoded"
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


@dataclass(frozen=True)
class PageVersion:
    """An ETag, whether it alone shows that the page is public, and how long a page stored
    under it may be kept.

    A version from the database is only given for a public page. A version from the
    shared cache (articles.page_versions) is the same for every address, public or not:
    only a stored page (or a stored article part, which is kept only for a published
    article) says that a page with that ETag exists. It also lives for a few minutes at
    most, and nothing stored under it is read after that.
    """

    etag: str
    proves_public: bool
    # What the page shows, whatever its query string: the key for the parts of it that
    # every query string shares, such as the article's own (render_article_part).
    shown: str
    store_seconds: int = PAGE_CACHE_SECONDS


def shared_page(version_func):
    """Conditional GET and a shared page cache for anonymous readers; a shared page for members.

    Anonymous readers all see the same page, so it is answered with 304 when their copy is
    current, else served from the cache under its ETag (which changes whenever anything on
    the page does), else rendered and stored. Members see the page members share, stored
    the same way, with their own parts filled in (articles/personal.py); it is marked
    `private, no-cache` because those parts are theirs. A view marks a page that must not
    be shared, such as a staff preview of a draft, with `personal.mark_not_shareable`.
    The view must accept the page's version as the keyword `page_version` (None when there
    is none, and for members unless whole pages are cached), to key the parts it keeps.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                version = version_func(request, *args, **kwargs) if settings.CACHE_PAGES else None
                kwargs["page_version"] = version
                response = member_response(request, version, view, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
            else:
                version = version_func(request, *args, **kwargs)
                response = anonymous_response(request, version)
                if response is None:
                    response = view(request, *args, page_version=version, **kwargs)
                    store_anonymous_page(request, response, version)
                # Revalidate every time: the ETag makes that cheap, and a new comment
                # shows at once.
                patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def member_response(request, version: PageVersion | None, view, *args, **kwargs) -> HttpResponse:
    """The page members share, from the cache or rendered, with this member's parts in it."""
    key = page_cache_key(request, version.etag, kind=MEMBER_PAGE) if version else None
    shared = rendered_pages.get(key) if key else None
    if shared is not None:
        return HttpResponse(personal.fill(shared, request))
    response = personal.render_shared(request, view, *args, **kwargs)
    if not hasattr(response, "render"):
        return response
    shared = personal.split(response.content.decode(), request)
    if key and response.status_code == 200 and personal.is_shareable(request):
        rendered_pages.set(key, shared, version.store_seconds)
    response.content = personal.fill(shared, request)
    return response


def page_cache_key(request, etag: str, kind: str = "page") -> str:
    return f"{kind}:{etag}:{request.path}"


def anonymous_response(request, version: PageVersion | None) -> HttpResponse | None:
    """304, or the stored page for this ETag; None when the view must render."""
    if version is None:
        return None
    use_stored = settings.CACHE_PAGES and not get_messages(request)
    key = page_cache_key(request, version.etag)
    # Without proof from the version, only a stored page shows that this one is public.
    content = rendered_pages.get(key) if use_stored and not version.proves_public else None
    if content is None and not version.proves_public:
        return None
    not_modified = get_conditional_response(request, etag=quote_etag(version.etag))
    if not_modified is not None:
        return not_modified
    if content is None and use_stored:
        content = rendered_pages.get(key)
    if content is None:
        return None
    response = HttpResponse(content)
    response["ETag"] = quote_etag(version.etag)
    return response


def store_anonymous_page(request, response, version: PageVersion | None) -> None:
    if version is None or response.status_code != 200 or not personal.is_shareable(request):
        return
    response["ETag"] = quote_etag(version.etag)
    if settings.CACHE_PAGES and not get_messages(request):
        if hasattr(response, "render"):
            response.render()
        rendered_pages.set(
            page_cache_key(request, version.etag), response.content, version.store_seconds
        )


def article_version(request, slug: str) -> PageVersion | None:
    # The query string selects the page of the discussion, so it is part of the ETag.
    query = request.GET.urlencode()
    shared = page_versions.current() if settings.CACHE_FRAGMENTS else None
    if shared is not None:
        # Other apps move this version when what they show on the page changes
        # (settings.MEMBER_DISPLAY_DEPENDENTS).
        shown = f"{shared}-{settings.RELEASE_ID}"
        return PageVersion(
            f"{shown}-{query}",
            proves_public=False,
            shown=shown,
            store_seconds=page_versions.VERSION_SECONDS,
        )
    fingerprint = Article.objects.page_fingerprint(slug)
    if fingerprint is None:
        return None
    # Other apps' data on the page (members' names and skills) changes its version too;
    # config wires those in, so articles imports none of them.
    versions = "-".join(str(import_string(path)()) for path in settings.ARTICLE_PAGE_VERSIONS)
    shown = f"{fingerprint}-{versions}-{settings.RELEASE_ID}"
    return PageVersion(f"{shown}-{query}", proves_public=True, shown=shown)


@require_safe
@shared_page(article_version)
def article_detail(request, slug: str, page_version: PageVersion | None = None):
    """An article and its discussion. Staff may preview drafts; others get 404."""
    now = timezone.now()
    part = stored_article_part(slug, page_version)
    # Only a published article's part is kept, and its version covers the article's row:
    # the copy kept with the part is current, and the page is public.
    article = part.article if part else None
    if article is None:
        article = get_object_or_404(Article, slug=slug)
        if not article.is_visible_to(request.user, now):
            raise Http404("No such article.")
    if part is None:
        part = render_article_part(request, article, now, page_version)
    if not article.is_published(now):
        personal.mark_not_shareable(request)
    response = TemplateResponse(
        request, "articles/article_detail.html", {"article": article, "part": part}
    )
    # The discussion is placed into the rendered page (comments' {% comment_thread %}).
    personal.fill_placed_after_render(request, response)
    return response


@dataclass(frozen=True)
class ArticlePart:
    """The article's own part of its page, rendered: its metadata for the head, and the
    article with its tags, series and follow-ups; with what the rest of the page needs of
    the article (PAGE_FIELDS)."""

    article: Article
    head: str
    body: str


# What the page around the article's part reads of the article: its title, address and
# summary, whether it is published, and what the discussion under it needs.
PAGE_FIELDS = {
    "id",
    "title",
    "slug",
    "summary",
    "status",
    "published_at",
    "updated_at",
    "comments_open",
    "discussion_prompt",
    "comment_count",
    "thread_count",
    "comments_changed_at",
}


def _article_part_key(slug: str, version: PageVersion | None) -> str | None:
    if version is None or not settings.CACHE_FRAGMENTS:
        return None
    return f"article-part:{slug}:{version.shown}"


def stored_article_part(slug: str, version: PageVersion | None) -> ArticlePart | None:
    """The part kept under this version of the page, if any.

    Everything the part shows, the article included, is covered by the page's version, and
    only a published article's part is kept: a page rendered around a stored part and a
    stored discussion needs no query besides its version's (none with the shared cache's).
    """
    key = _article_part_key(slug, version)
    return rendered_pages.get(key) if key else None


def render_article_part(request, article: Article, now, version) -> ArticlePart:
    """Render the article's part of its page, and keep it under the page's version unless it
    is a preview of an unpublished article."""
    tags = list(article.tags.all())
    neighbours = article.neighbours(now)
    context = {
        "article": article,
        "author": article.author,
        "tags": tags,
        "structured_data": article.structured_data(settings.SITE_URL, tags),
        "follows_up": neighbours.follows_up,
        "follow_ups": neighbours.follow_ups,
        "series_nav": article.series_navigation(now),
    }
    head, body = (
        render_to_string(f"articles/article_detail.html#{name}", context, request=request)
        for name in ("head", "article")
    )
    part = ArticlePart(article.copy_with(PAGE_FIELDS), head, body)
    key = _article_part_key(article.slug, version)
    if key and article.is_published(now):
        rendered_pages.set(key, part, version.store_seconds)
    return part


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
