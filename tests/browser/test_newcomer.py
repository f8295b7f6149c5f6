"""A newcomer's way into the discussion: sign up, verify, a profile with skills, a first
comment held for moderation and approved in the admin, then a reply posted in place."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from comments.permissions import MODERATORS_GROUP
from tests.factories import PASSWORD, make_comment, make_member, make_user

pytestmark = pytest.mark.browser

FIRST_COMMENT = "I moved from transcription to data annotation, and now I review AI output."
REPLY = "Which platform pays the fairest rate for annotation work?"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def sign_up_and_verify(page, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Join").click()
    page.get_by_label("Email").fill("noor@example.com")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Display name").fill("Noor Haddad")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    (verification,) = mailoutbox
    assert verification.to == ["noor@example.com"]
    page.goto(link_in(verification))
    page.get_by_role("button", name="Confirm").click()
    # Confirmed in the browser that signed up: signed in, no password asked again.
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()


def pick_skill(page, name, level):
    """With JavaScript the full list is folded: a newcomer finds the skill by typing."""
    find = page.get_by_role("searchbox", name="Find a skill")
    if find.count():
        find.fill(name.split()[0])
    page.get_by_label(name, exact=True).select_option(label=level)


def fill_profile(page):
    page.goto("/accounts/profile/")
    page.get_by_label("Headline").fill("Transcriber turned data annotator")
    pick_skill(page, "Data annotation", "I have it")
    pick_skill(page, "Prompt engineering", "I am learning it")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Haddad")


def approve_in_the_admin(open_page, sign_in, moderator, **context_args):
    page = open_page(**context_args)
    sign_in(page, moderator)
    page.goto("/admin/")
    page.get_by_role("link", name="1 comment awaiting moderation").click()
    row = page.get_by_role("row").filter(has_text=FIRST_COMMENT[:40])
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Approve selected comments")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Approved 1 comment(s).")).to_be_visible()


@pytest.fixture
def moderator(db):
    moderator = make_user(username="kai", display_name="Kai the moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return moderator


@pytest.fixture
def others_comment(essay):
    other = make_user(username="amara", display_name="Amara Okafor", email="amara@example.com")
    return make_comment(other, essay, body="I annotate data for two platforms now.")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_newcomer_joins_comments_and_replies(
    open_page, sign_in, essay, moderator, others_comment, mailoutbox, javascript
):
    page = open_page(java_script_enabled=javascript)
    sign_up_and_verify(page, mailoutbox)
    fill_profile(page)

    page.goto(essay.get_absolute_url())
    page.get_by_label("Your comment").fill(FIRST_COMMENT)
    page.get_by_role("button", name="Post comment").click()
    if javascript:
        expect(page.locator("#comment-status")).to_have_text("Your comment is awaiting moderation.")
        page.reload()
    else:
        expect(page.get_by_text("Thanks! Your comment is awaiting moderation.")).to_be_visible()
    held = page.get_by_role("region", name="Your comments awaiting moderation")
    expect(held).to_contain_text(FIRST_COMMENT)

    approve_in_the_admin(open_page, sign_in, moderator)

    page.reload()
    expect(held).to_have_count(0)
    mine = page.locator("li.comment").filter(has=page.get_by_role("link", name="Noor Haddad"))
    expect(mine).to_contain_text(FIRST_COMMENT)
    if javascript:
        # Nobody marks their own comment helpful or flags it: those are for others'.
        expect(mine.get_by_role("button", name=re.compile("^(Helpful|Flag)"))).to_have_count(0)
        expect(mine.get_by_role("link", name="Edit your comment")).to_be_visible()
    chips = mine.get_by_role("list", name="Skills of Noor Haddad")
    expect(chips.get_by_role("listitem")).to_have_text(
        ["Data annotation", "Prompt engineering (learning)"]
    )

    mail.outbox.clear()
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="Reply to Amara Okafor").click()
    form = page.locator(f"#comment-{others_comment.pk} form.comment-form")
    expect(form.get_by_role("group", name="Reply to Amara Okafor")).to_be_visible()
    if javascript:
        expect(form.get_by_label("Your comment")).to_be_focused()
    else:
        expect(page).to_have_url(re.compile(rf"\?reply_to={others_comment.pk}#reply$"))
    form.get_by_label("Your comment").fill(REPLY)
    form.get_by_role("button", name="Post reply").click()

    replies = page.locator(f"#comment-{others_comment.pk} > ol.replies")
    expect(replies).to_contain_text(REPLY)
    if javascript:
        # In place: the same document the whole way, the result announced.
        expect(page.locator("#comment-status")).to_have_text("Your comment is posted.")
        assert page.evaluate("window.stillTheSamePage") is True
    else:
        expect(page.get_by_text("Your comment is posted.")).to_be_visible()
        expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    expect(replies.locator("li.comment").last).to_be_in_viewport()
    expect(page.get_by_label("Your comment")).to_have_value("")

    (notification,) = mailoutbox
    assert notification.to == ["amara@example.com"]
    assert "Noor Haddad replied to you" in notification.subject


def test_member_marks_helpful_and_flags_without_javascript(
    open_page, sign_in, essay, others_comment
):
    # Past the first approval: new members may not flag (comments.trust).
    member = make_member(username="tomas", display_name="Tomás Ruiz")
    page = open_page(java_script_enabled=False)
    sign_in(page, member)
    page.goto(essay.get_absolute_url())
    comment = page.locator(f"#comment-{others_comment.pk}")

    comment.get_by_role("button", name=re.compile(r"^Helpful\W+comment by Amara Okafor")).click()
    expect(page.get_by_text("Marked as helpful. Thank you!")).to_be_visible()
    expect(comment.locator(".helpful-count")).to_have_text("1")

    comment.get_by_role("button", name="Flag comment by Amara Okafor").click()
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Flag it").click()
    expect(page.get_by_text("Thanks for flagging it: moderators will take a look.")).to_be_visible()
    assert others_comment.flags.count() == 1
