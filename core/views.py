from allauth.core import ratelimit
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.http import require_POST

from .markdown import Profile, render

PREVIEW_MAX_CHARACTERS = {Profile.ARTICLE: 200_000, Profile.COMMENT: 10_000, Profile.BIO: 2_000}


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
