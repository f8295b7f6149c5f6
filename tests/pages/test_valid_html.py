"""The Nu HTML Checker (vnu-jar from npm, run with Java) finds no errors in the pages."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from articles.seed import ensure_essay
from tests.community import make_community
from tests.conftest import require_tool

pytestmark = [pytest.mark.html, pytest.mark.urls("tests.error_urls")]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "home": ("/", 200),
    "essay": ("/articles/ai-and-the-gig-economy/", 200),
    "signup": ("/accounts/signup/", 200),
    "login": ("/accounts/login/", 200),
    "about": ("/about/", 200),
    "not-found": ("/articles/no-such-essay/", 404),
    "forbidden": ("/forbidden/", 403),
    "server-error": ("/broken/", 500),
    "skills-map": ("/skills/", 200),
    "skill": ("/skills/data-annotation/", 200),
    "member": ("/members/amara/", 200),
    "search": ("/search/?q=annotation", 200),
    "topics": ("/tags/", 200),
    "archive": ("/archive/", 200),
}
# Seen by a signed-in member: the comment form, in place and under a comment; profile editing.
ESSAY = "/articles/ai-and-the-gig-economy/"
MEMBER_PAGES = {
    "essay-member": (ESSAY, 200),
    "essay-reply": (ESSAY + "?reply_to={thread}", 200),
    "profile-edit": ("/accounts/profile/", 200),
    "settings": ("/accounts/settings/", 200),
    "inbox": ("/notifications/", 200),
    "digest": ("/notifications/digest/", 200),
}


@pytest.fixture(scope="module")
def nu_checker():
    java = require_tool(
        Path(shutil.which("java") or "/usr/bin/java"), "apt-get install default-jre"
    )
    jar = require_tool(VNU_JAR, "npm ci (make test runs it)")
    return [str(java), "-jar", str(jar), "--format", "gnu"]


def nu_errors(nu_checker, *files: Path) -> str:
    """The checker's error report for the files, empty when they are valid. One JVM checks
    them all: starting Java costs more than checking a page."""
    result = subprocess.run(
        [*nu_checker, *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stderr if result.returncode else ""


@pytest.mark.django_db
def test_pages_are_valid_html(nu_checker, tmp_path):
    community = make_community(ensure_essay())
    reader, member = Client(raise_request_exception=False), Client()
    member.force_login(community.amara)
    files = []
    for client, pages in ((reader, PAGES), (member, MEMBER_PAGES)):
        for name, (path, status) in pages.items():
            response = client.get(path.format(thread=community.thread.pk))
            assert response.status_code == status, path
            files.append(tmp_path / f"{name}.html")
            files[-1].write_text(response.text, encoding="utf-8")
    assert not nu_errors(nu_checker, *files)


def test_the_checker_reports_invalid_html(nu_checker, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html lang=en><title>x</title><p><span><ul><li>a list</ul>")
    assert "error" in nu_errors(nu_checker, page)
