"""A member's half-written comment survives a reload and a refused post, and is forgotten
once the site has accepted it (static/js/draft.js on the essay's comment form)."""

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEXT = "I started pairing with an AI tool on client briefs, and"
SLOW_DOWN = "You are posting faster than the site allows."


@pytest.fixture
def one_comment_a_day(settings):
    """A limit of one a day, with the site's clock at noon (time-machine moves it in the live
    server's thread too), so the two posts can never straddle midnight."""
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["1/day"]
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        yield


def comment_box(page):
    return page.get_by_role("textbox", name="Your comment")


def post(page, text):
    comment_box(page).fill(text)
    page.get_by_role("button", name="Post comment").click()


def test_half_written_comment_survives_a_reload(essay_page):
    page = essay_page()
    comment_box(page).press_sequentially(TEXT[:20])
    comment_box(page).fill(TEXT)
    page.reload()
    expect(comment_box(page)).to_have_value(TEXT)


def test_the_preview_shows_the_comment_as_it_will_be_published(essay_page):
    """The markdownx preview goes through the comment profile, within the CSP (open_page
    fails the test on any violation)."""
    page = essay_page()
    comment_box(page).fill("Learning **prompt engineering** <script>alert(1)</script>")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("prompt engineering")
    expect(preview.locator("script")).to_have_count(0)


def test_a_posted_comment_is_forgotten(essay_page):
    page = essay_page()
    post(page, TEXT)
    expect(page.locator("#comment-thread")).to_contain_text(TEXT)
    expect(comment_box(page)).to_have_value("")

    page.reload()
    expect(page.locator("#comment-thread")).to_contain_text(TEXT)
    expect(comment_box(page)).to_have_value("")


def test_rate_limited_member_gets_the_message_and_keeps_the_text(essay_page, one_comment_a_day):
    page = essay_page()
    post(page, "The comment the limit allows.")
    expect(page.locator("#comment-thread")).to_contain_text("The comment the limit allows.")

    post(page, TEXT)
    expect(page.get_by_role("alert")).to_contain_text(SLOW_DOWN)
    expect(page.locator("#comment-status")).to_contain_text(SLOW_DOWN)
    expect(comment_box(page)).to_have_value(TEXT)

    # The form that came back keeps the draft too: more text, then a reload.
    comment_box(page).press("Control+End")
    comment_box(page).press_sequentially(" then")
    page.reload()
    expect(comment_box(page)).to_have_value(TEXT + " then")


def test_rate_limited_member_keeps_the_text_without_javascript(essay_page, one_comment_a_day):
    page = essay_page(java_script_enabled=False)
    post(page, "The comment the limit allows.")
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()

    post(page, TEXT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment was not posted")
    expect(page.get_by_role("alert")).to_contain_text(SLOW_DOWN)
    expect(comment_box(page)).to_have_value(TEXT)


def test_a_comment_posted_before_the_script_ran_is_forgotten(essay_page):
    """With draft.js running but comments.js not (yet) loaded, the form posts normally; the
    page shown after it tells draft.js the text was sent."""
    page = essay_page()
    page.route(
        "**/js/comments.*",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    page.reload()
    post(page, TEXT)
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.locator("#comment-thread")).to_contain_text(TEXT)
    expect(comment_box(page)).to_have_value("")

    page.reload()
    expect(comment_box(page)).to_have_value("")
