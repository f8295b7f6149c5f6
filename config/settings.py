"""Settings for the community blog: one module, every value read once from the environment.

Defaults suit local work (SQLite, local-memory cache, console mail). Production sets
DEBUG off, which turns on the security settings and requires SECRET_KEY; see README.md
for every variable.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless asked for: a forgotten variable must never expose debug pages.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required when DEBUG is off. "
            "Set SECRET_KEY to a long random string, or set DEBUG=1 for local work."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, for links in emails and feeds outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Adapting Together")
# Part of the discussion fragments' cache keys, so a deploy never shows fragments rendered
# by the old templates.
RELEASE_ID = os.environ.get("RELEASE_ID", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "markdownx",
    "django_tasks_db",
    # Before our apps: comments.admin_audit replaces the admin auditlog registers.
    "auditlog",
    "accounts",
    "articles",
    "comments",
    "search",
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ETags and 304s for shared pages, with or without an HTTP cache in front. Above the
    # next one, so a 304 carries the caching headers of the page it stands for.
    "core.middleware.SharedPagesConditionalGetMiddleware",
    # Public or private, once the session, CSRF and message middleware below have set their
    # cookies (core.http_cache).
    "core.middleware.SharedCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user is the actor of every audit entry a request writes (comments.audit).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
    {
        # Only the comment thread (comments/jinja2/): the one part of the article page that
        # grows with the discussion, a recursive template Jinja2 renders several times faster
        # than Django's when the discussion fragment is not cached.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": True},
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections with a health check: a reused connection that died is replaced.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request within seconds (a 503 page,
    # core.views.server_error) instead of holding a web worker until gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "blog")
if REDIS_URL:
    CACHES = {
        "default": {
            # Treats a lost Redis as a cache miss, so an outage degrades instead of failing.
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Rendered fragments go to their own alias of the same cache, so the benchmark can measure
# the site without them (bench/settings.py) while rate limits and sessions keep working.
CACHES["fragments"] = CACHES["default"]

if REDIS_URL:
    # Sessions read from Redis, written through to the database. Only with a shared cache:
    # with one cache per process, a session ended in one would live on in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# allauth: sign in by email or username (both are asked at sign-up; the username is public).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming the address from the browser that signed up signs the member in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Behind N proxies the client address is the Nth from the right in X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
# allauth's own limits stay at their defaults; these add the site's, through the same
# helper, so they share its client-address rule and its cache.
ACCOUNT_RATE_LIMITS = {
    # The Markdown preview: generous for typing pauses, tight for a renderer farm.
    "markdown_preview": "60/m/user,120/m/ip",
    "edit_profile": "20/m/user,60/m/ip",
    "suggest_skill": "5/h/user,20/h/ip",
    # Editors' image uploads: each is decoded and re-encoded in several widths.
    "markdown_upload": "30/m/user",
    "upload_picture": "10/m/user,30/m/ip",
    # "@" suggestions in the comment box: one look-up per typing pause.
    "mention_suggest": "60/m/user,120/m/ip",
}

# Two-factor authentication: authenticator apps (TOTP) and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff without a second factor are sent to set one up before the admin (accounts.staff_mfa).
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", not DEBUG)

# Mail: console locally; SMTP when SMTP_HOST is set. The timeout keeps a dead
# mail server from holding a request.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Adapting Together <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": env_int("SMTP_PORT", 587),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": env_int("SMTP_TIMEOUT", 10),
            },
        }
    }
else:
    # Printed with links whole for local work (core.mail); Django's own backend otherwise,
    # so that `check --deploy` still says a production site without SMTP sends nothing.
    console = (
        "core.mail.ReadableConsoleBackend"
        if DEBUG
        else "django.core.mail.backends.console.EmailBackend"
    )
    MAILERS = {"default": {"BACKEND": console}}

# The audit trail of moderation and admin actions (comments.audit): entries with a kind and
# the member they concern. No IP addresses: the actor's account and two factors identify
# them, and an address would be one more thing to forget when they leave.
AUDITLOG_LOGENTRY_MODEL = "comments.AuditEntry"
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Comments: the moderation policy (comments/moderation.py) reads these; README lists them.
COMMENTS_LINK_LIMIT = env_int("COMMENTS_LINK_LIMIT", 2)
COMMENTS_FLAG_THRESHOLD = env_int("COMMENTS_FLAG_THRESHOLD", 3)
# Members told of one comment's @mentions (more still link, but tell nobody): a comment
# cannot page a crowd.
COMMENTS_MENTION_LIMIT = env_int("COMMENTS_MENTION_LIMIT", 5)
COMMENTS_EDIT_WINDOW = timedelta(minutes=env_int("COMMENTS_EDIT_WINDOW_MINUTES", 15))
# "count/period" with period second, minute, hour or day. The IP limits are looser than
# the member ones because many members can share one address (offices, mobile carriers).
COMMENTS_RATE_LIMITS_PER_MEMBER = env_list(
    "COMMENTS_RATE_LIMITS_PER_MEMBER", ["5/minute", "50/day"]
)
COMMENTS_RATE_LIMITS_PER_IP = env_list("COMMENTS_RATE_LIMITS_PER_IP", ["20/minute", "200/day"])
COMMENTS_FLAG_RATE_LIMITS = env_list("COMMENTS_FLAG_RATE_LIMITS", ["30/hour"])
# Reactions (helpful, same here, thank you) per member and per IP, taking back included.
COMMENTS_REACTION_RATE_LIMITS = env_list("COMMENTS_REACTION_RATE_LIMITS", ["30/minute", "300/hour"])
# Graduated trust (comments/trust.py): members become trusted after this many approved
# comments, the first this many days ago; each comment rejected or marked as spam within
# TRUST_STRIKE_DAYS costs a level. Trusted members get TRUST_LIMIT_MULTIPLIER times the
# link and posting limits above (new members half), and their flags weigh TRUST_FLAG_WEIGHT.
TRUST_APPROVED_COMMENTS = env_int("TRUST_APPROVED_COMMENTS", 10)
TRUST_DAYS = env_int("TRUST_DAYS", 30)
TRUST_STRIKE_DAYS = env_int("TRUST_STRIKE_DAYS", 90)
TRUST_LIMIT_MULTIPLIER = env_int("TRUST_LIMIT_MULTIPLIER", 4)
TRUST_FLAG_WEIGHT = env_int("TRUST_FLAG_WEIGHT", 2)
# HTTP caching (core.http_cache): how long a shared cache (Varnish, a CDN) keeps a public
# page, and serves it stale while refetching or while the site is down. Changes purge
# pages at once; these bound what a lost purge or a scheduled publication can leave.
HTTP_CACHE_SECONDS = env_int("HTTP_CACHE_SECONDS", 60)
HTTP_CACHE_STALE_SECONDS = 30
HTTP_CACHE_STALE_IF_ERROR_SECONDS = 24 * 60 * 60
# Where purges go: each HTTP cache in front of the site (e.g. http://127.0.0.1:6081/).
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS", [])
HTTP_CACHE_PURGE_TIMEOUT = 2
# Rendered fragments (a discussion's threads, an article's own part, lists of articles,
# the skills map) are kept in the "fragments" cache under keys made of what they show, so
# a change makes a new key and this only bounds memory.
FRAGMENT_CACHE_SECONDS = 24 * 60 * 60

# Background work (django.tasks: notification emails, HTTP cache purges) is queued in the
# database and run by `manage.py db_worker` (Procfile), so nothing slow or fallible runs inside
# a request. The test suite swaps in the immediate backend for speed (tests/conftest.py);
# tests/worker runs the real worker against a real mail server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A notification email that fails is tried again by the worker after NOTIFICATION_RETRY_SECONDS,
# each next wait four times longer (1, 4, 16, 64 minutes), NOTIFICATION_MAX_ATTEMPTS tries in
# all; then the row stays `failed` with the reason, for the admin and `send_notifications`.
# The first wait must outlast the slowest send: it is also when the send of a worker that died
# mid-way is taken up again.
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_RETRY_SECONDS = env_int("NOTIFICATION_RETRY_SECONDS", 60)

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded images (core.images): on this machine's disk by default, served by Django under
# `make run` and by the web server or HTTP cache in production; names carry the content's
# hash, so they may be cached forever.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 8_000_000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# On several machines, media go to an object store over the S3 API (django-storages):
# MEDIA_S3_BUCKET turns it on; MEDIA_S3_ENDPOINT_URL names a store other than AWS (MinIO,
# Ceph, R2...); MEDIA_S3_PUBLIC_URL is where readers fetch the files (a CDN in front of the
# bucket), by default the bucket's own address. Credentials come the AWS way
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role). The files must be
# readable by everyone: the site links them directly, without signed addresses.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    _endpoint = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    _region = os.environ.get("MEDIA_S3_REGION", "us-east-1")
    _default_public = (
        f"{_endpoint}/{MEDIA_S3_BUCKET}/"
        if _endpoint
        else f"https://{MEDIA_S3_BUCKET}.s3.{_region}.amazonaws.com/"
    )
    MEDIA_URL = os.environ.get("MEDIA_S3_PUBLIC_URL", _default_public).rstrip("/") + "/"
    _scheme, _, _public_host_and_path = MEDIA_URL.partition("://")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": _endpoint or None,
            "region_name": _region,
            # Addresses are MEDIA_URL + name, so the article sanitiser (core.markdown)
            # recognises the site's own images.
            "custom_domain": _public_host_and_path.rstrip("/"),
            "url_protocol": f"{_scheme}:",
            "querystring_auth": False,
            "file_overwrite": False,
            # Names carry the content's hash: every cache may keep a file for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Hashed names never change content, so browsers and CDNs may keep them forever.
WHITENOISE_MAX_AGE = 3600

# Request size caps: refuse oversized bodies before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The profile form posts two fields for each approved skill (its list and its place), so
# this bounds how many skills the vocabulary may hold (about 490) before saving a profile
# would be refused; tests/accounts/test_profiles.py saves one with 300 skills.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Who "@username" names, for the editor's preview (core.views; comments render through it
# on save too).
MARKDOWN_MENTION_RESOLVER = "accounts.mentions.member_pages"
# markdownx: only its editor widget is used; our own preview views replace its URLs.
MARKDOWNX_EDITOR_RESIZABLE = True
MARKDOWNX_SERVER_CALL_LATENCY = 700

# Security. HTTPS settings follow DEBUG unless HTTPS says otherwise (the test suite and
# the browser tests serve plain http on 127.0.0.1).
HTTPS = env_bool("HTTPS", not DEBUG)
# Links in allauth's emails (verification, password reset) use the site's scheme.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The HTTP cache passes every request carrying a CSRF cookie (deploy/varnish/site.vcl): one
# for the browser session only, so a reader who once opened a form is not passed for a year.
CSRF_COOKIE_AGE = None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Trust X-Forwarded-Proto only when a TLS proxy in front of us sets it.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts or styles anywhere, so the policy can stay strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Uploads on an object store over plain http (a local one) are named as well.
    "img-src": [CSP.SELF, "https:", *([MEDIA_URL] if MEDIA_URL.startswith("http:") else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": sys.stderr, "formatter": "plain"}
    },
    # Errors in requests and background tasks reach stderr even with DEBUG off.
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.tasks": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
