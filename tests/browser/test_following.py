"""Following in Chromium: the button presses in place with JavaScript and as a form post
without it; a new answer in the followed discussion reaches the inbox, counted in the
header, and opening it leads to the answer."""

import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments import services
from comments.follows import Follow
from tests.factories import make_member

pytestmark = pytest.mark.browser


def test_with_javascript_the_follow_button_presses_in_place(essay_page, commenter, essay):
    page = essay_page()
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Follow this discussion").click()
    following = page.get_by_role("button", name="Following this discussion")
    expect(following).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.notReloaded") is True
    assert Follow.objects.filter(follower=commenter, article=essay).exists()
    following.click()
    expect(page.get_by_role("button", name="Follow this discussion")).to_be_visible()
    assert not Follow.objects.exists()


def test_without_javascript_follow_then_read_the_news_in_the_inbox(essay_page, essay):
    page = essay_page(java_script_enabled=False)
    page.get_by_role("button", name="Follow this discussion").click()
    expect(page.get_by_text(f"You follow the discussion of “{essay.title}”.")).to_be_visible()

    services.post_comment(
        author=make_member(display_name="Ines Duarte"), article=essay,
        body="I moved from transcription to reviewing AI output.",
        idempotency_key=uuid.uuid4(), now=timezone.now(),
    )  # fmt: skip
    page.goto(essay.get_absolute_url())
    inbox = page.get_by_role("link", name=re.compile(r"^Inbox 1 unread"))
    inbox.click()
    item = page.locator(".inbox-item.inbox-unread")
    expect(item).to_contain_text("A new answer in what you follow")
    expect(item).to_contain_text("Ines Duarte on")
    item.get_by_role("button", name=re.compile("^Open")).click()
    expect(page.locator(".comment-text", has_text="reviewing AI output")).to_be_visible()
    expect(page.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
