from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: answers without touching the database, cache or session."""
    return HttpResponse("ok", content_type="text/plain")


# Staff sign in through allauth, so its rate limits (and MFA) guard the admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Adapting Together: moderation and editing"
admin.site.site_title = "Adapting Together admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
]
