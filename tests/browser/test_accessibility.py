"""axe-core, in Chromium, finds no WCAG 2.2 A or AA violation on the pages people start from,
in the light and the dark colour scheme (contrast is checked on the rendered colours)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    "/articles/ai-and-the-gig-economy/",
    "/accounts/signup/",
    "/accounts/login/",
    "/about/",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_wcag_violations(open_page, scheme):
    page = open_page(color_scheme=scheme)
    axe = Axe()
    reports = []
    for path in PAGES:
        page.goto(path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if results.violations_count:
            reports.append(f"{path} ({scheme}):\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)


def test_the_checker_sees_violations(open_page):
    """The check above can fail: a page with a known violation is reported."""
    page = open_page()
    page.goto("/about/")
    page.evaluate("document.querySelector('main img, main a').textContent = ''")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert "html-has-lang" in results.generate_report()
