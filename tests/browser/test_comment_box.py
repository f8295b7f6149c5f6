"""The comment box says what it takes before posting, keeps what the member wrote, and the
buttons under comments show what this reader already pressed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.browser

TOO_LONG = "Comments can be at most 10,000 characters (this one has 10,050)."


def comment_box(page):
    return page.get_by_role("textbox", name="Your comment")


def test_the_count_warns_and_an_overlong_comment_is_not_sent_or_cut(essay_page):
    page = essay_page()
    comment_box(page).fill("I kept notes on every gig. ")
    expect(page.locator(".length-count")).to_have_text("27 / 10,000 characters")
    # Counted as the server counts: an emoji is one character, not two.
    comment_box(page).fill("Learning 📈 and 🧠")
    expect(page.locator(".length-count")).to_have_text("16 / 10,000 characters")

    text = "x" * 10_050
    comment_box(page).fill(text)
    expect(page.locator(".length-count")).to_have_text("10,050 / 10,000 characters")
    expect(page.locator(".length-alert")).to_have_text(TOO_LONG)
    page.get_by_role("button", name="Post comment").click()
    # The browser refuses to submit the invalid field: nothing posted, nothing cut.
    expect(comment_box(page)).to_have_value(text)
    assert comment_box(page).evaluate("box => box.validationMessage") == TOO_LONG
    expect(page.locator("#comment-thread li.comment")).to_have_count(1)


def test_without_javascript_an_overlong_comment_comes_back_whole_with_the_reason(essay_page):
    page = essay_page(java_script_enabled=False)
    text = "Long story. " * 900 + "The end."
    comment_box(page).fill(text)
    page.get_by_role("button", name="Post comment").click()
    expect(
        page.get_by_text(f"Comments can be at most 10,000 characters (this one has {len(text):,}).")
    ).to_be_visible()
    expect(comment_box(page)).to_have_value(text)


def test_a_comment_posted_in_place_is_counted(essay_page):
    page = essay_page()
    expect(page.locator(".comment-count-text")).to_have_text("1 comment")
    comment_box(page).fill("I moved my translation work towards post-editing.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-thread")).to_contain_text("towards post-editing")
    expect(page.locator(".comment-count-text")).to_have_text("2 comments")


def test_reactions_show_pressed_count_in_place_and_can_be_taken_back(essay_page, essay):
    other = make_comment(make_user(display_name="Kofi Mensah"), essay, body="Learn SQL first.")
    page = essay_page()
    card = page.locator(f"#comment-{other.pk} > article")
    helpful = card.get_by_role("button", name="Helpful")
    expect(helpful).to_have_attribute("aria-pressed", "false")

    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful.locator(".helpful-count")).to_have_text("1")
    expect(page.locator("#comment-status")).to_have_text("Helpful given: Kofi Mensah")
    same_here = card.get_by_role("button", name="Same here")
    same_here.click()
    expect(same_here).to_have_attribute("aria-pressed", "true")
    expect(same_here.locator(".reaction-count")).to_have_text("1")

    page.reload()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(same_here).to_have_attribute("aria-pressed", "true")
    expect(helpful.locator(".helpful-count")).to_have_text("1")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "false")
    expect(helpful.locator(".helpful-count")).to_have_text("0")
    expect(page.locator("#comment-status")).to_have_text("Helpful taken back: Kofi Mensah")


def test_a_flagged_comment_says_so_to_the_member_who_flagged_it(essay_page, essay, commenter):
    other = make_comment(make_user(), essay, body="Buy my course.")
    other.flags.create(user=commenter, reason="self-promotion")
    page = essay_page()
    flag = page.locator(f"#comment-{other.pk} > article").get_by_role("button", name="Flagged")
    expect(flag).to_be_disabled()


def test_thousands_of_nested_quotes_keep_the_text_and_the_page_on_a_phone(essay_page):
    page = essay_page(viewport=PHONE)
    comment_box(page).fill(">" * 5000 + " the words at the bottom of the quotes")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-thread")).to_contain_text("the words at the bottom")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_preview_appears_named_only_once_there_is_text(essay_page):
    page = essay_page()
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_be_hidden()
    comment_box(page).fill("Learning *SQL* at night.")
    expect(preview).to_be_visible()
    expect(preview.locator("em")).to_have_text("SQL")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_member_is_offered_edit_on_their_comments_and_helpful_on_others(
    essay_page, essay, commenter, javascript
):
    """The thread's HTML is shared by every reader; the member's own stylesheet picks their
    controls, so this holds without JavaScript too."""
    other = make_comment(make_user(display_name="Kofi Mensah"), essay, body="Learn SQL first.")
    own = commenter.comments.get()
    page = essay_page(java_script_enabled=javascript)
    mine = page.locator(f"#comment-{own.pk} > article")
    theirs = page.locator(f"#comment-{other.pk} > article")
    expect(mine.get_by_role("link", name="Edit your comment")).to_be_visible()
    expect(mine.get_by_role("button", name="Helpful")).to_be_hidden()
    expect(mine.get_by_role("button", name="Flag")).to_be_hidden()
    expect(theirs.get_by_role("button", name="Helpful")).to_be_visible()
    expect(theirs.get_by_role("link", name="Edit your comment")).to_be_hidden()
