"""The moderators' queue in a real browser: it fits a laptop and a phone without scrolling
sideways, and one click on a held comment decides it and opens the next one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from comments.permissions import MODERATORS_GROUP
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.browser

# What widens a table: long words and links, code, a long article title, many flags.
HELD_BODIES = [
    "I moved from transcription to **data annotation**. Reviewing AI output pays better "
    "than labelling; see [my notes](https://amara.example/notes/on-review-work-that-pays).",
    "Supercalifragilisticexpialidocious-annotation-pipeline-reviewer-without-any-spaces-at-all "
    "https://example.org/a/very/long/address/that/never/breaks/on/its/own/at/any/width",
    "```\nprompt = 'Summarise the brief in three bullet points, then ask one question'\n```",
    "> Quoting the article at length before answering it.\n\nShort answer: *yes*.",
]


@pytest.fixture
def moderator(essay):
    user = make_user(username="kai", display_name="Kai Moderator", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@pytest.fixture
def held(essay):
    """Held comments from different members, posted an hour apart (the oldest first)."""
    article = make_article(
        title="What platform work taught a generation of translators about their own craft"
    )
    now = timezone.now()
    comments = []
    for n, body in enumerate(HELD_BODIES):
        author = make_user(username=f"member-with-a-long-username-{n}", display_name=f"Member {n}")
        comment = make_comment(author, article, body=body, status=Comment.Status.PENDING,
                               moderation_reason="First comment: held until a moderator "
                               "approves one of theirs.")  # fmt: skip
        created = now - timedelta(hours=len(HELD_BODIES) - n)
        Comment.objects.filter(pk=comment.pk).update(created_at=created, flag_count=n * 3)
        comments.append(comment)
    return comments


def overflow(page) -> dict:
    """How far the page and the queue's box scroll sideways (0 when everything fits)."""
    return page.evaluate(
        """() => {
            const scroller = document.scrollingElement;
            const results = document.querySelector("#changelist-form .results");
            return {
                page: scroller.scrollWidth - scroller.clientWidth,
                results: results.scrollWidth - results.clientWidth,
            };
        }"""
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_queue_fits_its_box_on_a_laptop_and_a_phone(
    open_page, sign_in, moderator, held, viewport
):
    page = open_page(viewport=viewport)
    sign_in(page, moderator)
    page.goto("/admin/comments/comment/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(len(held))
    # The oldest first, shown as readers see it: no Markdown asterisks.
    expect(rows.first).to_contain_text("data annotation")
    expect(rows.first).not_to_contain_text("**")
    screenshot(page, f"admin-moderation-queue-{viewport['width']}")
    assert overflow(page) == {"page": 0, "results": 0}


def test_approve_on_a_held_comment_opens_the_next_one(open_page, sign_in, moderator, held):
    first, second = held[0], held[1]
    page = open_page(viewport=PHONE)
    sign_in(page, moderator)
    page.goto("/admin/comments/comment/")
    page.locator("#result_list .field-excerpt a").first.click()
    expect(page).to_have_url(re.compile(rf"/admin/comments/comment/{first.pk}/change/"))
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/comments/comment/{second.pk}/change/"))
    expect(page.locator(".messagelist")).to_contain_text("Approved the comment by Member 0.")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_be_visible()
    first.refresh_from_db()
    assert first.status == Comment.Status.APPROVED
    screenshot(page, "admin-moderation-next")
