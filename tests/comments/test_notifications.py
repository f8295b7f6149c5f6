"""Notification rows, their emails, failures, retries and one-click unsubscribe."""

import uuid

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from comments import services
from comments.models import Comment, Notification
from comments.notifications import unsubscribe_token
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


class DeadMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server is down")


def reply(author, target):
    return services.post_comment(
        author=author,
        article=target.article,
        body="Same here: I started with annotation.",
        reply_to=target,
        idempotency_key=uuid.uuid4(),
        now=timezone.now(),
    )[0]


def test_reply_emails_the_member_answered_with_an_unsubscribe_link(
    trusted, article, mailoutbox, django_capture_on_commit_callbacks
):
    target = make_comment(article=article, author=make_user(email="ana@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        reply(trusted, target)
    notification = Notification.objects.get(kind="reply")
    assert notification.status == "sent" and notification.recipient == target.author
    (email,) = mailoutbox
    assert email.to == ["ana@example.com"]
    assert "Tomás Ruiz replied to you" in email.subject
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/comments/unsubscribe/" in email.body


def test_held_comment_notifies_moderators_and_the_article_author(
    client, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import make_article

    writer = make_user(email="writer@example.com")
    article = make_article(author=writer)
    newcomer = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            author=newcomer, article=article, body="Hello!", idempotency_key=uuid.uuid4(),
            now=timezone.now(),
        )  # fmt: skip
    recipients = set(Notification.objects.filter(kind="held").values_list("recipient", flat=True))
    assert recipients == {moderator.pk, writer.pk}
    assert {m.to[0] for m in mailoutbox} == {moderator.email, "writer@example.com"}


def test_approving_a_held_comment_tells_its_author(
    moderator, article, django_capture_on_commit_callbacks, mailoutbox
):
    held = make_comment(article=article, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            Comment.objects.filter(pk=held.pk), status="approved", moderator=moderator,
            now=timezone.now(),
        )  # fmt: skip
    assert Notification.objects.get(kind="approved").status == "sent"
    assert any("now public" in m.subject for m in mailoutbox)


def test_dead_mail_server_never_blocks_posting_and_the_command_retries(
    client, trusted, article, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DeadMailServer"}}
    target = make_comment(article=article)
    client.force_login(trusted)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/on/{article.pk}/",
            {"body": "Posting while mail is down.", "reply_to": target.pk},
        )
    assert response.status_code == 302
    assert Comment.objects.filter(body="Posting while mail is down.").exists()
    failed = Notification.objects.get(kind="reply")
    assert failed.status == "failed" and "mail server is down" in failed.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_notifications")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 2)
    assert len(mailoutbox) == 1


def test_turned_off_kind_is_skipped(
    trusted, article, django_capture_on_commit_callbacks, mailoutbox
):
    target = make_comment(article=article, author=make_user(notify_on_reply=False))
    with django_capture_on_commit_callbacks(execute=True):
        reply(trusted, target)
    assert Notification.objects.get(kind="reply").status == "skipped"
    assert mailoutbox == []


def test_unsubscribe_link_confirms_on_get_and_turns_the_kind_off_on_post(client):
    member = make_user()
    url = f"/comments/unsubscribe/{unsubscribe_token(member.pk, 'reply')}/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Stop these emails?" in confirm.content.decode()
    member.refresh_from_db()
    assert member.notify_on_reply
    assert client.post(url).status_code == 200
    member.refresh_from_db()
    assert not member.notify_on_reply and member.notify_on_approval


def test_tampered_unsubscribe_link_is_refused(client):
    member = make_user()
    token = unsubscribe_token(member.pk, "reply")
    response = client.post(f"/comments/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.notify_on_reply


def test_held_comment_posts_while_mail_is_down_and_every_notice_waits_for_the_retry(
    client, moderator, settings, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import make_article

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DeadMailServer"}}
    writer = make_user(email="writer@example.com")
    article = make_article(author=writer)
    client.force_login(make_user())  # a newcomer: the first comment is held
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/comments/on/{article.pk}/", {"body": "My first comment."})
    assert response.status_code == 302
    assert Comment.objects.get(body="My first comment.").status == "pending"
    held = Notification.objects.filter(kind="held")
    assert sorted(held.values_list("status", flat=True)) == ["failed", "failed"]

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_notifications")
    assert sorted(held.values_list("status", flat=True)) == ["sent", "sent"]
    assert {m.to[0] for m in mailoutbox} == {moderator.email, "writer@example.com"}
