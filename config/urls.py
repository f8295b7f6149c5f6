from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from accounts.staff_mfa import require_mfa_for_staff
from articles.models import ARTICLES_TAG
from articles.sitemaps import ArticleSitemap
from core.http_cache import shareable


@never_cache
def healthz(request):
    """For load balancers: answers without touching the database, cache or session."""
    return HttpResponse("ok", content_type="text/plain")


# Staff sign in through allauth, so its rate limits (and MFA) guard the admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.admin_view = require_mfa_for_staff(admin.site.admin_view)
admin.site.site_header = "Adapting Together: moderation and editing"
admin.site.site_title = "Adapting Together admin"

handler400 = "core.views.bad_request"
# A database out of reach is a 503 with Retry-After, not a 500 (core.views.server_error).
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        shareable(ARTICLES_TAG)(sitemap),
        {"sitemaps": {"articles": ArticleSitemap}},
        name="sitemap",
    ),
    path(
        "robots.txt",
        shareable()(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
    path("search/", include("search.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("core.urls")),
]
