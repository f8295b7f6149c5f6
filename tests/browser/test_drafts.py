"""A half-written comment survives a reload and a refused post, and is forgotten once the
site has accepted it (static/js/draft.js, on a stand-in for the comment form)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEXT = "I started pairing with an AI tool on client briefs, and"


@pytest.fixture
def draft_page(settings, page):
    settings.ROOT_URLCONF = "tests.browser.draft_urls"
    page.goto("/draft-form/")
    return page


def comment_box(page):
    return page.get_by_role("textbox", name="Comment")


def test_half_written_comment_survives_a_reload(draft_page):
    comment_box(draft_page).press_sequentially(TEXT[:20])
    comment_box(draft_page).fill(TEXT)
    draft_page.reload()
    expect(comment_box(draft_page)).to_have_value(TEXT)


def test_a_refused_post_keeps_the_text(draft_page):
    draft_page.context.add_cookies([{"name": "rate_limited", "value": "1", "url": draft_page.url}])
    comment_box(draft_page).fill(TEXT)
    draft_page.get_by_role("button", name="Post comment").click()
    expect(draft_page.get_by_role("heading", level=1)).to_have_text("Please slow down a little")

    draft_page.goto("/draft-form/")
    expect(comment_box(draft_page)).to_have_value(TEXT)


def test_an_accepted_post_forgets_the_draft(draft_page):
    comment_box(draft_page).fill(TEXT)
    draft_page.get_by_role("button", name="Post comment").click()
    expect(draft_page.get_by_text("Thanks, it was posted.")).to_be_visible()
    expect(comment_box(draft_page)).to_have_value("")

    draft_page.goto("/draft-form/")
    expect(comment_box(draft_page)).to_have_value("")
