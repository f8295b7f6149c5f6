"""Browser tests: the real site in a live server thread, driven by Debian's Chromium.

Every page a test opens comes from `open_page` (or `page`, its default), which fails the
test when the browser logged an error or the Content Security Policy blocked anything.
"""

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from accounts.skills import ensure_skills
from articles.seed import ensure_essay
from comments.permissions import ensure_moderators_group
from tests.conftest import require_tool
from tests.factories import make_comment, make_user

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium as root, offline: no sandbox, and nothing that phones home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

# Reported as console errors too, but an event names the directive that blocked.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline code";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked}`);
});
"""


@pytest.fixture(scope="package", autouse=True)
def allow_django_in_playwright_thread():
    """Playwright's sync API runs an event loop in the test thread, which makes Django refuse
    database calls there (the essay fixture, the flush after each test); allowed for these
    tests only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


class OneRequestAtATime:
    """Serves a live server's requests one after another.

    With an in-memory SQLite database, every request thread of the live server uses the
    test's one connection; two requests using it at once (a page reload while the editor's
    preview is being fetched) fail with "bad parameter or other API misuse". The body is read
    and the response closed inside the turn, since Django's request_finished handlers use the
    connection too.
    """

    def __init__(self, application):
        self.application = application
        self.turn = threading.Lock()

    def __call__(self, environ, start_response):
        with self.turn:
            response = self.application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served by whitenoise as in production.

    pytest-django serves static files through the staticfiles finders, which know only the
    source names, not the hashed ones that the manifest storage puts in every page.
    """
    server = LiveServer("127.0.0.1:0", start=False)
    if server.thread.connections_override:
        server.thread.static_handler = OneRequestAtATime
    else:
        server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = require_tool(CHROMIUM, "apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": str(chromium), "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def essay(live_server, transactional_db):
    """The live server's tests flush the database when they end: put back what migrations
    created (the skills, the Moderators group and the essay) first, so test order never
    matters."""
    ensure_skills()
    ensure_moderators_group()
    return ensure_essay()


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, user) gives the page's browser context a session for `user`, as if
    they had signed in (for journeys that are not about signing in)."""

    def sign_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a fresh browser context (keyword arguments go to new_context).

    When the test ends, each page is left to settle, and any console error, uncaught
    exception or CSP violation fails the test.
    """
    contexts, problems, failed_loads, refusals_answered = [], [], [], set()

    def open_page(**context_args):
        context = browser.new_context(base_url=live_server.url, **context_args)
        context.set_default_timeout(10_000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type != "error":
                return
            if message.text.startswith("Failed to load resource"):
                # Judged when the test ends, once every response has been seen.
                failed_loads.append((page.url, message.location.get("url"), message.text))
            else:
                problems.append(f"{page.url}: console error: {message.text}")

        def on_response(response):
            # comments.js posts with fetch and shows the refusal (400, 403, 429) it gets
            # back; Chromium still logs such an answer as a failed load.
            if response.request.resource_type == "fetch" and 400 <= response.status < 500:
                refusals_answered.add(response.url)

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: exception: {error}"))
        return page

    yield open_page
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()
    for page_url, resource_url, text in failed_loads:
        # A page shown with an error status (a 404 or 429 page a test asks for) is logged
        # as a failed load of the document itself; the test checks what that page says.
        if resource_url != page_url and resource_url not in refusals_answered:
            problems.append(f"{page_url}: console error: {text} ({resource_url})")
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page):
    return open_page()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def commenter(essay):
    """A member whose comments are no longer held (they have an approved one)."""
    member = make_user(username="tomas", display_name="Tomás Ruiz")
    make_comment(member, essay, body="My first comment, approved long ago.")
    return member


@pytest.fixture
def essay_page(open_page, sign_in, commenter, essay):
    """essay_page(**context_args): the essay, open for the commenter, signed in."""

    def essay_page(**context_args):
        page = open_page(**context_args)
        sign_in(page, commenter)
        page.goto(essay.get_absolute_url())
        return page

    return essay_page
