"""The community loop in Chromium, with JavaScript and without: muting folds a member's
comments, an invitation leads to an update that shows how the member's skills moved, an
edited comment's history opens from its marker, and the weekly digest has its page."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SkillEntry
from comments import services
from comments.following import follow
from tests.factories import make_article, make_comment, make_member, make_skill_entry

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("scripts", [True, False], ids=["with-js", "without-js"])


@BOTH
def test_muting_a_member_folds_their_comments(open_page, sign_in, essay, scripts):
    reader, noisy = make_member(username="rhea"), make_member(username="noisy")
    loud = make_comment(noisy, essay, body="Buy my prompt pack today.")
    page = open_page(java_script_enabled=scripts)
    sign_in(page, reader)
    page.goto(noisy.get_absolute_url())
    page.get_by_role("button", name="Mute noisy").click()
    expect(page.get_by_text("You muted noisy")).to_be_visible()
    page.goto(essay.get_absolute_url())
    card = page.locator(f"#comment-{loud.pk} > article")
    expect(card.locator(".comment-text")).to_be_hidden()
    expect(card.locator(".comment-meta")).to_be_visible()


@BOTH
def test_an_invitation_leads_to_an_update_that_shows_the_skills_learned(
    open_page, sign_in, essay, scripts
):
    ana = make_member(username="ana", display_name="Ana Souza")
    answer = make_comment(ana, essay, body="I started annotating data.")
    type(answer).objects.filter(pk=answer.pk).update(created_at=timezone.now() - timedelta(days=60))
    entry = make_skill_entry(ana, "data-annotation", "have")
    SkillEntry.objects.filter(pk=entry.pk).update(learned_at=timezone.now() - timedelta(days=5))
    make_article(title="What you told us", follow_up_of=essay)  # invites, once it commits

    page = open_page(java_script_enabled=scripts)
    sign_in(page, ana)
    page.goto("/notifications/")
    page.get_by_role("button", name="Open").first.click()
    expect(page.locator("#reply > fieldset > legend")).to_contain_text(
        "An update to your answer of"
    )
    page.get_by_role("textbox", name="Your comment").fill("Two months on, I review annotations.")
    page.get_by_role("button", name="Post update").click()
    update = page.locator(".comment-card", has_text="Two months on")
    expect(update.locator(".comment-update")).to_contain_text("Update to the answer of")
    expect(update.locator(".comment-update")).to_contain_text("learned Data annotation")


def test_the_edited_marker_opens_the_history(open_page, essay):
    author = make_member()
    comment = make_comment(author, essay, body="I earn 20 an hour.")
    services.edit_comment(comment, editor=author, body="I earn 35 an hour.", now=comment.created_at)
    page = open_page(java_script_enabled=False)
    page.goto(essay.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="edited").click()
    expect(page.get_by_role("heading", name="Edit history")).to_be_visible()
    expect(page.locator(".history-text del").first).to_have_text("20")
    expect(page.locator(".history-text ins").first).to_have_text("35")


def test_the_weekly_digest_has_its_page(open_page, sign_in, essay):
    reader = make_member(username="omar")
    services.post_comment(
        author=make_member(), article=essay, body="Fresh news.", idempotency_key=uuid.uuid4(),
        now=timezone.now(),
    )  # fmt: skip
    follow(reader, essay)
    page = open_page(java_script_enabled=False)
    sign_in(page, reader)
    page.goto("/notifications/")
    page.get_by_role("link", name="Your weekly digest").click()
    expect(page.get_by_role("heading", name="Your weekly digest")).to_be_visible()
    expect(page.get_by_text("Fresh news.")).to_be_visible()


def test_without_javascript_quote_and_same_here_work_as_plain_links_and_forms(
    open_page, sign_in, essay, commenter
):
    kofi = make_member(username="kofi", display_name="Kofi Mensah")
    theirs = make_comment(kofi, essay, body="Learn SQL first.")
    page = open_page(java_script_enabled=False)
    sign_in(page, commenter)
    page.goto(essay.get_absolute_url())
    card = page.locator(f"#comment-{theirs.pk} > article")
    card.get_by_role("button", name="Same here").click()
    expect(page.get_by_text("You said “Same here”.")).to_be_visible()
    card = page.locator(f"#comment-{theirs.pk} > article")
    expect(card.get_by_role("button", name="Same here").locator(".reaction-count")).to_have_text(
        "1"
    )
    card.get_by_role("link", name="Quote").click()
    box = page.get_by_role("textbox", name="Your comment")
    expect(box).to_have_value(
        f"> [@kofi](/comments/{theirs.pk}/) wrote:\n>\n> Learn SQL first.\n\n"
    )
