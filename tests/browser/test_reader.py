"""A reader's journey through the site, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from comments.thread import THREADS_PER_PAGE
from tests.factories import make_comment, make_user

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


def test_reader_opens_a_permalink_to_a_reply_on_a_later_page(page, essay):
    authors = [make_user(display_name=f"Member {n}") for n in range(3)]
    for n in range(THREADS_PER_PAGE):
        make_comment(authors[n % 3], essay, body=f"Thread number {n + 1}.")
    last_thread = make_comment(authors[0], essay, body="The thread that starts page two.")
    reply = make_comment(authors[1], reply_to=last_thread, body="A reply worth linking to.")

    read_the_essay_by_its_table_of_contents(page)
    page.goto(f"/comments/{reply.pk}/")

    expect(page).to_have_url(f"{essay.get_absolute_url()}?page=2#comment-{reply.pk}")
    landed = page.locator(f"#comment-{reply.pk}")
    expect(landed).to_contain_text("A reply worth linking to.")
    expect(landed).to_be_in_viewport()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
