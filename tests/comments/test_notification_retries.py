"""Notification emails in the worker: each attempt queues the next with backoff, numbered
attempts never send twice, and the admin shows what failed and why."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Notification
from comments.notifications import claim
from comments.tasks import send_notification
from tests.comments.test_notifications import DeadMailServer
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """The site's own backend: tasks wait in the database for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def dead_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{DeadMailServer.__module__}.DeadMailServer"}}


def make_notification(**overrides) -> Notification:
    fields = {"recipient": make_user(), "kind": Notification.Kind.REPLY, "comment": make_comment()}
    return Notification.objects.create(**(fields | overrides))


def queued_attempts():
    return [
        (task.args_kwargs["args"][1], task.run_after)
        for task in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_posting_a_reply_queues_the_email_and_sends_nothing_in_the_request(
    client, trusted, article, queued, mailoutbox, django_capture_on_commit_callbacks
):
    target = make_comment(article=article)
    client.force_login(trusted)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/on/{article.pk}/", {"body": "Queued, not sent.", "reply_to": target.pk}
        )
    assert response.status_code == 302
    notification = Notification.objects.get(kind="reply")
    queued_paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    # The email, and telling the discussion's followers: both wait for the worker.
    assert queued_paths == ["comments.following.fan_out", "comments.tasks.send_notification"]
    task = DBTaskResult.objects.get(task_path="comments.tasks.send_notification")
    assert task.args_kwargs["args"] == [notification.pk] and task.status == "READY"
    assert (notification.status, notification.attempts, mailoutbox) == ("pending", 0, [])


def test_a_failed_send_is_tried_again_later_each_wait_longer_until_the_last_try(
    settings, queued, dead_mail
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 60
    notification = make_notification()
    started = timezone.now()
    for attempt in (1, 2, 3):
        assert send_notification.call(notification.pk, attempt) == "failed"
    attempts = queued_attempts()
    # Only two retries were queued: the third try was the last.
    assert [number for number, _ in attempts] == [2, 3]
    waits = [run_after - started for _, run_after in attempts]
    assert timedelta(seconds=60) <= waits[0] < timedelta(seconds=70)
    assert timedelta(seconds=240) <= waits[1] < timedelta(seconds=250)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert notification.last_error == "ConnectionRefusedError: mail server is down"


def test_the_queued_retry_of_a_sent_notification_does_nothing(queued, mailoutbox):
    notification = make_notification()
    assert send_notification.call(notification.pk) == "sent"
    ((next_attempt, _),) = queued_attempts()
    assert send_notification.call(notification.pk, next_attempt) == "already handled"
    assert len(mailoutbox) == 1


def test_the_retry_takes_up_a_send_whose_worker_died_mid_way(queued, mailoutbox):
    notification = make_notification()
    # The first attempt was claimed, then its worker was killed before recording anything.
    assert claim(notification.pk, 1) is not None
    assert send_notification.call(notification.pk, 1) == "already handled"
    assert send_notification.call(notification.pk, 2) == "sent"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, len(mailoutbox)) == ("sent", 2, 1)


def test_the_command_and_a_worker_never_both_send_the_same_attempt(dead_mail, settings):
    notification = make_notification()
    send_notification.call(notification.pk)  # attempt 1 fails
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_notifications")  # takes attempt 2
    assert send_notification.call(notification.pk, 2) == "already handled"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)


def test_admin_lists_failed_notifications_with_the_reason_and_sends_them_again(
    admin_client, dead_mail, settings, mailoutbox
):
    notification = make_notification()
    send_notification.call(notification.pk)
    page = admin_client.get("/admin/comments/notification/?status__exact=failed")
    assert "ConnectionRefusedError: mail server is down" in page.text

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = admin_client.post(
        "/admin/comments/notification/",
        {"action": "send_again", "_selected_action": [notification.pk]},
        follow=True,
    )
    assert "1 failed notification(s) queued to send again." in response.text
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, len(mailoutbox)) == ("sent", 2, 1)


def test_the_site_queues_its_tasks_for_the_worker():
    from config import settings as site_settings

    assert site_settings.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert "django_tasks_db" in site_settings.INSTALLED_APPS
