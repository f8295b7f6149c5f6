"""Moderators' private notes on a member, and the reasons authors are told when moderators
take their comments down: as moderators and members meet them."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment, ModeratorNote, Notification
from comments.reasons import RemovalReason, reason_refusal, reason_told
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
NOTE = "Warned in March about posting the same course link under every article."
Status = Comment.Status


@pytest.fixture
def signed_in(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def noted(member, moderator):
    return ModeratorNote.objects.create(member=member, author=moderator, text=NOTE)


# Notes ----------------------------------------------------------------------------------


def test_a_note_shows_beside_the_members_comment_in_the_queue(signed_in, member, noted, article):
    make_comment(member, article, status=Status.PENDING)
    make_comment(article=article, status=Status.PENDING)  # someone without notes
    page = signed_in.get(QUEUE).text
    assert page.count("1 note</a>") == 1
    assert NOTE[:40] in page
    assert f"/admin/comments/moderatornote/?member__id__exact={member.pk}" in page
    assert page.count("/admin/comments/moderatornote/add/?member=") == 2


def test_the_queue_costs_the_same_queries_with_notes_or_without(
    signed_in, article, moderator, django_assert_max_num_queries
):
    authors = [make_user(password=None) for _ in range(20)]
    for author in authors:
        make_comment(author, article, status=Status.PENDING)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            signed_in.get(QUEUE)
        return len(captured)

    without = queries()
    for author in authors:
        for n in range(3):
            ModeratorNote.objects.create(member=author, author=moderator, text=f"Note {n}")
    assert queries() == without
    with django_assert_max_num_queries(7):
        signed_in.get(QUEUE)


def test_a_moderator_adds_a_note_from_the_queue_and_is_its_author(signed_in, member, moderator):
    form = signed_in.get(f"/admin/comments/moderatornote/add/?member={member.pk}")
    assert form.status_code == 200
    signed_in.post("/admin/comments/moderatornote/add/", {"member": member.pk, "text": NOTE})
    note = ModeratorNote.objects.get()
    assert (note.member, note.author, note.text) == (member, moderator, NOTE)


def test_notes_show_on_the_members_account_in_the_admin_and_can_be_added_there(
    client, staff, member, noted
):
    client.force_login(staff)
    page = client.get(f"/admin/accounts/user/{member.pk}/change/").text
    assert NOTE in page
    assert f"/admin/comments/auditentry/?member={member.pk}" in page


def test_notes_are_never_shown_to_members_or_readers(client, member, noted, article):
    make_comment(member, article, body="My answer.")
    for reader in (Client(), client):
        assert NOTE not in reader.get(article.get_absolute_url()).text
        assert NOTE not in reader.get(member.get_absolute_url()).text
    client.force_login(member)
    assert NOTE not in client.get(article.get_absolute_url()).text
    assert NOTE not in client.get("/accounts/settings/").text
    assert NOTE not in json.dumps(client.get("/accounts/settings/data/").json())


# Removal reasons: the rules ------------------------------------------------------------


@pytest.mark.parametrize(
    "status, reason, note, refused",
    [
        (Status.REJECTED, "", "", True),
        (Status.PENDING, "", "", True),
        (Status.REJECTED, "not-a-reason", "", True),
        (Status.REJECTED, RemovalReason.OTHER, "  ", True),
        (Status.REJECTED, RemovalReason.OTHER, "Copied from elsewhere.", False),
        (Status.PENDING, RemovalReason.MISINFORMATION, "", False),
        (Status.APPROVED, "", "", False),
        (Status.SPAM, "", "", False),
    ],
)
def test_taking_a_comment_down_needs_a_reason(status, reason, note, refused):
    assert bool(reason_refusal(status, reason, note)) is refused


def test_the_reason_reads_as_its_label_then_the_moderators_words():
    assert reason_told("attack", "") == "A personal attack."
    assert reason_told("other", " Quoted a private email. ") == "Other: Quoted a private email."
    assert reason_told("", "") == ""


# Removal reasons: in the admin ---------------------------------------------------------


def test_rejecting_in_bulk_without_a_reason_changes_nothing_and_says_why(signed_in, article):
    held = make_comment(article=article, status=Status.PENDING)
    response = signed_in.post(
        f"{QUEUE}?status=all", {"action": "reject", "_selected_action": [held.pk]}, follow=True
    )
    assert "Nothing changed. Choose a reason from the list" in response.text
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_the_queue_offers_the_reasons_beside_the_actions_without_javascript(signed_in, article):
    make_comment(article=article, status=Status.PENDING)
    page = signed_in.get(QUEUE).text
    assert '<select name="removal_reason">' in page
    assert '<option value="attack">A personal attack</option>' in page
    assert 'name="removal_note"' in page


def test_a_removed_comments_author_is_told_why_by_email_and_on_their_settings_page(
    signed_in, member, article, mailoutbox, django_capture_on_commit_callbacks
):
    public = make_comment(member, article, body="Everyone who disagrees is a fool.")
    page = signed_in.get(f"/admin/comments/comment/{public.pk}/change/").text
    assert 'name="CHANGE_FORM-removal_reason"' in page
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            f"/admin/comments/comment/{public.pk}/change/",
            {
                "CHANGE_FORM-action": "remove_and_next",
                "_selected_action": public.pk,
                "CHANGE_FORM-removal_reason": "attack",
                "CHANGE_FORM-removal_note": "Name-calling.",
            },
        )
    public.refresh_from_db()
    assert (public.status, public.removal_reason) == (Status.REJECTED, "attack")
    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject.endswith(f"Your comment was removed on “{article.title}”")
    assert "Why: A personal attack: Name-calling." in email.body
    assert "/accounts/settings/" in email.body
    client = Client()
    client.force_login(member)
    settings_page = client.get("/accounts/settings/").text
    assert "Your comments moderators took down" in settings_page
    assert "A personal attack: Name-calling." in settings_page
    assert article.title in settings_page


def test_a_comment_returned_to_moderation_tells_its_author_why(
    moderator, member, article, mailoutbox, django_capture_on_commit_callbacks
):
    public = make_comment(member, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            Comment.objects.filter(pk=public.pk),
            status=Status.PENDING,
            moderator=moderator,
            now=timezone.now(),
            removal_reason="misinformation",
            removal_note="The figure for 2025 is wrong; a source would help.",
        )
    assert Notification.objects.get().kind == Notification.Kind.RETURNED
    [email] = mailoutbox
    assert "back in moderation" in email.subject
    assert "Why: Misinformation: The figure for 2025 is wrong" in email.body


def test_rejecting_a_held_comment_tells_its_author_and_spam_tells_nobody(
    moderator, article, mailoutbox, django_capture_on_commit_callbacks
):
    rejected = make_comment(article=article, status=Status.PENDING)
    spam = make_comment(article=article, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        for comment, status, reason in ((rejected, "rejected", "off-topic"), (spam, "spam", "")):
            services.moderate(
                Comment.objects.filter(pk=comment.pk), status=status, moderator=moderator,
                now=timezone.now(), removal_reason=reason,
            )  # fmt: skip
    [email] = mailoutbox
    assert email.to == [rejected.author.email]
    assert "Your comment was not published" in email.subject
    assert "Why: Off-topic." in email.body


def test_a_restored_comment_leaves_the_settings_page(moderator, member, article, client):
    comment = make_comment(member, article)
    now = timezone.now()
    mine = Comment.objects.filter(pk=comment.pk)
    services.moderate(
        mine, status="rejected", moderator=moderator, now=now, removal_reason="off-topic"
    )
    client.force_login(member)
    assert "Your comments moderators took down" in client.get("/accounts/settings/").text
    services.moderate(mine, status="approved", moderator=moderator, now=now)
    assert Comment.objects.get(pk=comment.pk).removal_reason == ""
    assert "Your comments moderators took down" not in client.get("/accounts/settings/").text


def test_the_settings_page_costs_the_same_queries_for_one_comment_taken_down_or_ten(
    moderator, member, article, client
):
    client.force_login(member)

    def take_down(count):
        for _ in range(count):
            comment = make_comment(member, article)
            services.moderate(
                Comment.objects.filter(pk=comment.pk), status="rejected", moderator=moderator,
                now=timezone.now(), removal_reason="spam",
            )  # fmt: skip

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/accounts/settings/")
        assert response.status_code == 200
        return len(captured)

    take_down(1)
    one = queries()
    take_down(9)
    assert queries() == one
    assert client.get("/accounts/settings/").text.count("Spam or advertising.") == 10
