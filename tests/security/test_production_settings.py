"""Production settings hold up: Django's deployment checklist and the security headers."""

import pytest

from tests.test_project import run_python

PRODUCTION = {
    "SECRET_KEY": "kJ3v9-long-random-production-like-secret-key-for-the-check-7Qz2pX8wR4tY6uI0",
    "ALLOWED_HOSTS": "example.org",
    "SMTP_HOST": "smtp.example.org",
}


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_complains_without_a_real_mail_server():
    settings = {key: value for key, value in PRODUCTION.items() if key != "SMTP_HOST"}
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])",
        **settings,
    )
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_production_cookies_are_secure_httponly_and_lax():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS)"
    )
    result = run_python(code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "Lax", "Lax", "31536000"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articles/ai-and-the-gig-economy/", "/accounts/login/"])
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_and_https_redirect_when_https_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/").status_code == 301
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    # Load balancers probe over plain http.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_five_megabyte_post_is_refused_before_parsing(client, member):
    client.force_login(member)
    response = client.post("/markdown/preview/comment/", {"content": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 413
