import os
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from tests.factories import make_article, make_comment, make_user
from tests.purge_recorder import recording_purges

# The seed essay and the test corpora nobody here wrote: ../shared beside the checkout, or
# SHARED_DIR (mutmut runs the tests from a copy in mutants/, where ../shared is not).
SHARED = Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
IN_CI = bool(os.environ.get("CI"))
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Property tests: CI tries the same examples every run, so a red run is reproducible and
# never a fluke of one draw; developers' runs draw new ones each time, and more of them, so
# over many runs they search further. HYPOTHESIS_PROFILE picks one by name. No deadline: a
# loaded 2-core machine makes timings meaningless.
hypothesis_settings.register_profile("dev", max_examples=400, deadline=None)
hypothesis_settings.register_profile(
    "ci", max_examples=150, derandomize=True, deadline=None, print_blob=True
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


def pytest_configure(config):
    # Registered here because pyproject.toml's list is not ours to edit (tests/worker).
    config.addinivalue_line(
        "markers", "worker: runs manage.py db_worker and a real SMTP server (tests/worker)"
    )
    # Tests use their own Redis database, so clearing it never touches development data.
    cache_settings = django_settings.CACHES["default"]
    if "Redis" in cache_settings["BACKEND"]:
        test_db = os.environ.get("REDIS_TEST_DB", "15")
        cache_settings["LOCATION"] = re.sub(
            r"(/\d+)?$", f"/{test_db}", cache_settings["LOCATION"].rstrip("/"), count=1
        )


def service_missing(marker_name: str) -> str | None:
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if marker_name == "postgres" and "postgresql" not in engine:
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker_name == "redis" and not django_settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    return None


# Browser tests and page checks do not depend on the database backend, so they run in the
# SQLite leg of CI only (REQUIRE_SERVICES=1 marks the PostgreSQL + Redis leg): one Chromium
# and one JVM per CI run keeps it fast.
BACKEND_INDEPENDENT_MARKERS = ("browser", "html")


def pytest_collection_modifyitems(config, items):
    if not REQUIRE_SERVICES:
        return
    # Deselected, not skipped: under REQUIRE_SERVICES=1 no test may report a skip.
    independent = [
        item
        for item in items
        if any(item.get_closest_marker(marker) for marker in BACKEND_INDEPENDENT_MARKERS)
    ]
    if independent:
        config.hook.pytest_deselected(items=independent)
        items[:] = [item for item in items if item not in independent]


def pytest_runtest_setup(item):
    for name in ("postgres", "redis"):
        if item.get_closest_marker(name) and (reason := service_missing(name)):
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}")
            pytest.skip(reason)


def require_tool(path: Path, install_hint: str) -> Path:
    """An external program the test needs; skips outside CI when absent, fails in CI."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} missing in CI: {install_hint}")
        pytest.skip(f"{path} not present: {install_hint}")
    return path


def shared_corpus(*parts: str) -> Path:
    """A file from ../shared/corpora; skips outside CI when absent, fails in CI."""
    path = SHARED.joinpath("corpora", *parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"corpus missing in CI: {path}")
        pytest.skip(f"corpus not present: {path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def static_manifest():
    """Templates use hashed static names, so the manifest must exist before any page renders,
    and be newer than every source file, or browsers in the tests would get yesterday's CSS."""
    manifest = Path(django_settings.STATIC_ROOT) / "staticfiles.json"
    sources = (
        path for folder in django_settings.STATICFILES_DIRS for path in Path(folder).rglob("*")
    )
    if not manifest.exists() or any(
        path.stat().st_mtime > manifest.stat().st_mtime for path in sources
    ):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def parsers_built_by_the_mutant():
    """Under `make mutation` the Markdown parsers and cleaners are built afresh for each
    test: cached, they would be built once, by the unchanged code in the process mutmut
    forks from, and mutmut would see only the first test that built them."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from core import markdown

        markdown._parser.cache_clear()
        markdown._cleaner.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def content_types_of_this_test_database(request):
    """mutmut runs pytest more than once in one process, each time on a new test database,
    where PostgreSQL may number the content types otherwise: they are looked up again, all
    at once, so no test's query count depends on which test ran first."""
    # Set, and empty, for the run without a mutant that checks the tests pass. pytest-django
    # makes no test database for a run whose tests need none.
    if "MUTANT_UNDER_TEST" in os.environ and any(
        item.get_closest_marker("django_db") or "_django_db_helper" in item.fixturenames
        for item in request.session.items
    ):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            ContentType.objects.clear_cache()
            ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Every member a test makes has a password; the production hasher's deliberate slowness
    (a third of a second each) would be most of the suite's time. As Django's testing docs
    advise; tests/test_project.py checks that the site's settings keep the strong ones."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def immediate_tasks():
    """Tasks run at once, inside the code that queues them, so a test sees their outcome
    without a worker process (the site queues them in the database: config/settings.py).
    tests/worker runs the real worker."""
    immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads, covers and social cards go to a folder of the test's own, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    caches["fragments"].clear()
    yield
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture
def purges(settings):
    """The tags of each purge the site sends during the test (tests/purge_recorder.py)."""
    with recording_purges(settings) as received:
        yield received


@pytest.fixture
def cached_discussion(db):
    """An article where `author` commented, its discussion already in the cache: returns a
    function that reads the article's page again, as an anonymous reader would."""

    def start(author):
        article = make_article()
        make_comment(article=article, author=author, body="What I am learning this month.")
        url = article.get_absolute_url()
        Client().get(url)
        return lambda: Client().get(url).text

    return start


@pytest.fixture
def one_minute_window():
    """Rate limits count in fixed windows of the clock: keep the test's requests in one
    (the clock stands still at second 5 of this minute), or a test that runs across the
    turn of a minute or an hour sees its count start again."""
    with time_machine.travel(timezone.now().replace(second=5, microsecond=0), tick=False):
        yield


@pytest.fixture
def member(db):
    return make_user(username="maria", display_name="Maria Lopez")


@pytest.fixture
def staff(db):
    return make_user(username="editor", display_name="The Editor", is_staff=True, is_superuser=True)


@pytest.fixture
def article(db):
    return make_article()
