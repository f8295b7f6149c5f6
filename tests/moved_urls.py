"""The site's URLs under /moved/: an URLconf whose addresses differ from the site's."""

from django.urls import include, path

urlpatterns = [path("moved/", include("config.urls"))]
