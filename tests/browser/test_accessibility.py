"""axe-core, in Chromium, finds no WCAG 2.2 A or AA violation on the pages people start from
and the pages of the discussion, in the light and the dark colour scheme (contrast is
checked on the rendered colours). The essay carries threads with replies, skill chips and
tags, and, for a signed-in member, the comment form."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.community import make_community

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ESSAY = "/articles/ai-and-the-gig-economy/"
READER_PAGES = [
    "/",
    ESSAY,
    "/accounts/signup/",
    "/accounts/login/",
    "/about/",
    "/skills/",
    "/skills/data-annotation/",
    "/members/amara/",
    "/search/?q=annotation",
    "/tags/",
    "/archive/",
]
MEMBER_PAGES = [
    ESSAY,
    f"{ESSAY}?reply_to={{thread}}#reply",
    "/accounts/profile/",
    "/members/amara/",
    "/accounts/settings/",
    "/notifications/",
]


def violations(page, paths, scheme) -> list[str]:
    axe, reports = Axe(), []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if results.violations_count:
            reports.append(f"{path} ({scheme}):\n{results.generate_report()}")
    return reports


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_wcag_violations(open_page, sign_in, essay, scheme):
    community = make_community(essay)
    reader, member = open_page(color_scheme=scheme), open_page(color_scheme=scheme)
    sign_in(member, community.amara)
    member_pages = [path.format(thread=community.thread.pk) for path in MEMBER_PAGES]
    reports = violations(reader, READER_PAGES, scheme) + violations(member, member_pages, scheme)
    assert not reports, "\n\n".join(reports)


def test_the_checker_sees_violations(open_page):
    """The check above can fail: a page with a known violation is reported."""
    page = open_page()
    page.goto("/about/")
    page.evaluate("document.querySelector('main img, main a').textContent = ''")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert "html-has-lang" in results.generate_report()
