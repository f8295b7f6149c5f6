"""Phone and desktop screenshots of the main pages in both colour schemes, for people to
look at (var/screenshots/), and what a reader notices first: nothing scrolls sideways on a
phone, and lines of text stay short enough to read on a wide screen.

The pages show a small community (tests/community.py): the essay with threads, chips and
the comment form as a signed-in member sees it, a member page, the skills map and the
moderators' queue in the admin."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.community import make_community

pytestmark = pytest.mark.browser

ESSAY = "/articles/ai-and-the-gig-economy/"
# name: (path, seen by the moderator?)
PAGES = {
    "home": ("/", False),
    "essay": (ESSAY, False),
    "essay-with-form": (ESSAY, True),
    "signup": ("/accounts/signup/", False),
    "about": ("/about/", False),
    "skills-map": ("/skills/", False),
    "member": ("/members/amara/", False),
    "admin-queue": ("/admin/comments/comment/", True),
}
# The admin is a tool, not reading: its tables may be as wide as the screen.
NOT_FOR_READING = {"admin-queue"}
SCHEMES = ["light", "dark"]


@pytest.fixture
def pages(open_page, sign_in, essay):
    """Visits every page in a reader's and a moderator's browser; yields (name, page)."""
    community = make_community(essay)

    def visit(**context_args):
        reader, moderator = open_page(**context_args), open_page(**context_args)
        sign_in(moderator, community.moderator)
        for name, (path, as_moderator) in PAGES.items():
            page = moderator if as_moderator else reader
            page.goto(path)
            yield name, page

    return visit


def assert_bars_share_one_scale(page):
    """On the skills map a longer bar means more members: every chart starts at the same
    place and is as wide as the others, whatever the length of the name beside it."""
    boxes = [chart.bounding_box() for chart in page.locator(".skill-bars svg").all()]
    assert len(boxes) > 1
    assert {(round(box["x"]), round(box["width"])) for box in boxes} == {
        (round(boxes[0]["x"]), round(boxes[0]["width"]))
    }, "the skills map's bars do not share one scale"
    assert boxes[0]["width"] >= 100, "the skills map's bars are squeezed"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_no_page_scrolls_sideways(pages, scheme):
    for name, page in pages(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme):
        screenshot(page, f"phone-{name}-{scheme}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
        if name == "skills-map":
            assert_bars_share_one_scale(page)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_wide_screen_lines_keep_a_readable_length(pages, scheme):
    for name, page in pages(viewport=DESKTOP, color_scheme=scheme):
        screenshot(page, f"desktop-{name}-{scheme}")
        if name == "skills-map":
            assert_bars_share_one_scale(page)
        if name in NOT_FOR_READING:
            continue
        widest_paragraph = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main p')].map(p => p.clientWidth))"
        )
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        # At most about 75 characters a line: a character of body text is about 0.5em wide.
        assert widest_paragraph <= 75 * 0.55 * font_size, f"{name}: lines are too long"
