"""Phone and desktop screenshots of the main pages in both colour schemes, for people to
look at (var/screenshots/), and what a reader notices first: nothing scrolls sideways on a
phone, and lines of text stay short enough to read on a wide screen."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "essay": "/articles/ai-and-the-gig-economy/",
    "signup": "/accounts/signup/",
    "about": "/about/",
}
SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_no_page_scrolls_sideways(open_page, scheme):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme)
    for name, path in PAGES.items():
        page.goto(path)
        screenshot(page, f"phone-{name}-{scheme}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_wide_screen_lines_keep_a_readable_length(open_page, scheme):
    page = open_page(viewport=DESKTOP, color_scheme=scheme)
    for name, path in PAGES.items():
        page.goto(path)
        screenshot(page, f"desktop-{name}-{scheme}")
        widest_paragraph = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main p')].map(p => p.clientWidth))"
        )
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        # At most about 75 characters a line: a character of body text is about 0.5em wide.
        assert widest_paragraph <= 75 * 0.55 * font_size, f"{path}: lines are too long"
