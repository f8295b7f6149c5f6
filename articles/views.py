from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .markdown import Profile, render
from .models import Article

ARTICLES_PER_PAGE = 10
PREVIEW_MAX_CHARACTERS = {Profile.ARTICLE: 200_000, Profile.COMMENT: 10_000, Profile.BIO: 2_000}
# Generous enough for someone pausing while typing, tight enough to stop a renderer farm.
PREVIEWS_PER_MINUTE = 60


def article_list(request):
    """The newest published articles, a page at a time."""
    articles = Article.objects.published().select_related("author")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "articles/article_list.html", {"page": page})


def article_detail(request, slug: str):
    """An article and its discussion. Staff may preview drafts; others get 404."""
    article = get_object_or_404(Article.objects.select_related("author"), slug=slug)
    if not article.is_visible_to(request.user):
        raise Http404("No such article.")
    return TemplateResponse(request, "articles/article_detail.html", {"article": article})


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
