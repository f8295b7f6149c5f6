"""Account mails (verification, sign-in codes, password resets) are rendered in the request
and sent by the task worker; a failing mail server is tried again later."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import send_message
from tests.accounts.test_signup import SIGNUP
from tests.comments.test_notifications import DeadMailServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """The site's own backend: tasks wait in the database for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_signing_up_queues_the_verification_mail_and_sends_nothing_in_the_request(
    client, queued, mailoutbox
):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert mailoutbox == []
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "core.mail.send_message"
    data = task.args_kwargs["args"][0]
    assert data["to"] == ["ana@example.com"]

    assert send_message.call(data) == "sent"  # what the worker does
    (mail,) = mailoutbox
    assert mail.to == ["ana@example.com"] and mail.subject == data["subject"]
    link = re.search(r"(/accounts/confirm-email/[^\s]+/)", mail.body).group(1)
    assert client.get(link).status_code == 200
    assert get_user_model().objects.filter(username="ana").exists()


def test_a_failed_account_mail_is_tried_again_later(settings, queued):
    settings.MAILERS = {"default": {"BACKEND": f"{DeadMailServer.__module__}.DeadMailServer"}}
    data = {
        "subject": "Confirm your email",
        "body": "Open the link.",
        "from_email": "site@example.com",
        "to": ["ana@example.com"],
        "headers": {},
        "alternatives": [["<p>Open the link.</p>", "text/html"]],
    }
    started = timezone.now()
    assert send_message.call(data).startswith("failed")
    (retry,) = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"] == [data, 2]
    assert timedelta(seconds=60) <= retry.run_after - started < timedelta(seconds=70)
    assert send_message.call(data, 5).startswith("failed")
    assert DBTaskResult.objects.count() == 1  # the fifth try was the last
