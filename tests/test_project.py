"""Project-wide promises: settings, migrations, health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_debug_a_missing_secret_key_stops_the_process():
    result = run_python("import django; django.setup()")
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is required" in result.stderr


def test_debug_off_turns_on_production_security():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_python(code, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True"]


def test_the_site_hashes_passwords_with_a_slow_hasher_outside_the_tests():
    """The test suite swaps in a fast hasher (tests/conftest.py); the site itself never does."""
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import get_hasher; "
        "print(get_hasher().algorithm, get_hasher().iterations >= 1_000_000)"
    )
    result = run_python(code, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pbkdf2_sha256", "True"]


def test_database_url_selects_postgresql_through_psycopg():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'])"
    )
    result = run_python(code, DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/blog")
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


@pytest.mark.redis
def test_the_configured_cache_is_redis_and_round_trips():
    from django.core.cache import caches

    cache = caches["default"]
    assert type(cache).__name__ == "ForgivingRedisCache"
    cache.set("round-trip", {"a": 1}, timeout=30)
    assert cache.get("round-trip") == {"a": 1}


@pytest.mark.postgres
@pytest.mark.django_db
def test_email_uniqueness_is_case_insensitive_in_postgresql():
    from django.db import IntegrityError, connection

    from tests.factories import make_user

    assert connection.vendor == "postgresql"
    make_user(email="Same@Example.com")
    with pytest.raises(IntegrityError):
        make_user(email="same@example.com")


def test_the_bench_app_is_not_installed_in_production_settings():
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.INSTALLED_APPS)"
    result = run_python(code, DEBUG="1")
    assert "'core'" in result.stdout and "'bench'" not in result.stdout
