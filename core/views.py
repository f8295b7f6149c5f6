import mimetypes
import sys

from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.views import defaults
from django.views.decorators.http import require_POST

from .images import ImageNotStored, ImageRefused, store_upload
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
    limit = PREVIEW_MAX_CHARACTERS[profile]
    # Mentions link in the preview as they will once posted (the app that knows members
    # is named in settings: core knows none).
    resolver = import_string(settings.MARKDOWN_MENTION_RESOLVER)
    # Per member and per address (allauth's client-IP rule), counted in the shared cache.
    if not ratelimit.consume(request, action="markdown_preview", user=request.user):
        return HttpResponse("Preview paused: too many previews this minute.", status=429)
    if len(text) > limit:
        # The pane keeps working while the member shortens the text; the form refuses it.
        notice = (
            f'<p class="preview-notice">The preview shows the first {limit:,} characters: '
            "longer text cannot be posted.</p>"
        )
        return HttpResponse(notice + render(text[:limit], profile, resolver).html)
    return HttpResponse(render(text, profile, resolver).html)


def bad_request(request, exception=None):
    """Django's 400, in the site's words; a body over the size cap (a giant paste posted
    without JavaScript) is told so, with 413, and how to get the text back."""
    too_big = isinstance(exception, RequestDataTooBig)
    context = {"too_big": too_big, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1e6}
    return TemplateResponse(request, "400.html", context, status=413 if too_big else 400)


# How long a reader is asked to wait when the database is out of reach (a restart, a
# failover): PostgreSQL restarts in seconds.
RETRY_AFTER_SECONDS = 10


def server_error(request):
    """Django's 500, unless the database could not be reached (a restart, a failover): then
    503 with Retry-After, at once rather than a hang (the connect timeout in settings), in a
    page that needs no database. Called inside the exception handler, so it sees the error."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


@require_POST
def markdown_image_upload(request):
    """The article editor's image upload (markdownx drops a file here): staff only, rate
    limited, the image checked and cleaned (core.images) before it is stored. Answers what
    markdownx inserts, or the reason it was refused."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"error": "Only editors upload images."}, status=403)
    if not ratelimit.consume(request, action="markdown_upload", user=request.user):
        return JsonResponse({"error": "Too many uploads this minute: wait a little."}, status=429)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": "Choose an image to upload."}, status=400)
    try:
        image = store_upload(upload)
    except ImageRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    except ImageNotStored as failure:  # a full disk: said in words, nothing left behind
        return JsonResponse({"error": failure.message}, status=failure.status)
    return JsonResponse({"image_code": image.as_html()})


def media_file(request, name: str):
    """An uploaded image, the same for everyone and never changed under its hashed name: any
    cache (browser, Varnish, a CDN) may keep it for a year, so Django serves each file about
    once. An object store (django-storages) serves its own files instead."""
    try:
        file = default_storage.open(name)
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
