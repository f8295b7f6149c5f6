"""A reader's journey through the site, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def read_the_essay_by_its_table_of_contents(page):
    page.goto("/")
    page.get_by_role("link", name="AI and the Gig Economy").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AI and the Gig Economy")

    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="Challenges Posed by AI"
    ).click()

    expect(page).to_have_url("/articles/ai-and-the-gig-economy/#challenges-posed-by-ai")
    expect(page.get_by_role("heading", name="Challenges Posed by AI", level=2)).to_be_in_viewport()


def test_reader_follows_the_table_of_contents_to_a_section(page):
    read_the_essay_by_its_table_of_contents(page)


def test_reader_journey_works_without_javascript(open_page):
    read_the_essay_by_its_table_of_contents(open_page(java_script_enabled=False))
