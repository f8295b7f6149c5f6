"""With JavaScript: Quote with text selected starts a reply with just that text quoted, and
"@" plus two characters suggests members in a listbox the keyboard works."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_comment, make_user

pytestmark = pytest.mark.browser

SELECT_FROM_THEN = """p => {
  const node = p.firstChild;
  const range = document.createRange();
  range.setStart(node, node.textContent.indexOf("Then"));
  range.setEnd(node, node.textContent.length);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def test_quote_a_selection_then_mention_its_author_from_the_suggestions(essay_page, essay):
    kofi = make_user(username="kofi", display_name="Kofi Mensah")
    other = make_comment(kofi, essay, body="Learn SQL first. Then Python.")
    page = essay_page()
    card = page.locator(f"#comment-{other.pk} > article")
    card.locator(".comment-text p").evaluate(SELECT_FROM_THEN)
    card.get_by_role("link", name="Quote").click()
    box = page.get_by_role("textbox", name="Your comment")
    quote = f"> [@kofi](/comments/{other.pk}/) wrote:\n>\n> Then Python.\n\n"
    expect(box).to_have_value(quote)
    expect(page.locator("#reply > fieldset > legend")).to_have_text("Reply to Kofi Mensah")

    box.press("End")
    box.press_sequentially("Thanks @ko")
    option = page.get_by_role("option", name="Kofi Mensah @kofi")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "id_body-mention-0")
    box.press("Enter")
    expect(box).to_have_value(quote + "Thanks @kofi ")
    expect(page.get_by_role("listbox")).to_be_hidden()
