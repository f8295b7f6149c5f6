"""The site's URLs plus two views that fail on purpose, to show the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("config.urls")),
]
