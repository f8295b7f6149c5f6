"""What the worker tests do in the site's own database, run as `python -m tests.worker.scenario
<step> [arguments]` with the environment of the processes under test: it prints JSON.

A separate process, because the test's own database is pytest-django's (in memory on SQLite),
which a worker process cannot see.
"""

import itertools
import json
import os
import sys
import time

import django


def queue(count: str) -> dict:
    """Notifications to `count` new members, each queued for the worker as a reply would."""
    from django.db import transaction

    from comments.models import Notification
    from comments.notifications import _queue
    from tests.factories import make_comment, make_user

    comment = make_comment()
    with transaction.atomic():
        recipients = [make_user(password=None) for _ in range(int(count))]
        notifications = _queue(
            [
                Notification(recipient=user, kind=Notification.Kind.REPLY, comment=comment)
                for user in recipients
            ]
        )
    return {
        "ids": [notification.pk for notification in notifications],
        "emails": [user.email for user in recipients],
    }


def reply_setup() -> dict:
    """A member signed in (their session key) who may reply to another member's comment."""
    from django.test import Client

    from tests.factories import make_article, make_comment, make_user

    article = make_article()
    target = make_comment(article=article, author=make_user(password=None))
    replier = make_user(password=None)
    make_comment(article=article, author=replier)  # past the first-comment hold
    client = Client()
    client.force_login(replier)
    return {
        "article": article.get_absolute_url(),
        "post": f"/comments/on/{article.pk}/",
        "reply_to": target.pk,
        "answered": target.author.email,
        "session": client.cookies["sessionid"].value,
    }


def report(*ids: str) -> dict:
    """The notifications' rows, and which workers ran their tasks."""
    from django_tasks_db.models import DBTaskResult

    from comments.models import Notification

    rows = Notification.objects.filter(pk__in=[int(pk) for pk in ids])
    wanted = {int(pk) for pk in ids}
    tasks = [
        {"status": task.status, "workers": task.worker_ids, "args": task.args_kwargs["args"]}
        for task in DBTaskResult.objects.filter(task_path="comments.tasks.send_notification")
        if task.args_kwargs["args"][0] in wanted
    ]
    return {
        "notifications": [
            {"id": n.pk, "status": n.status, "attempts": n.attempts, "last_error": n.last_error}
            for n in rows.order_by("pk")
        ],
        "tasks": tasks,
    }


def fresh_queue() -> dict:
    """Each test starts with an empty queue: the database is shared by the session, and a
    task an earlier test left waiting (a retry due later) is not this test's to send."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.all().delete()
    return {"deleted": deleted}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from tests import factories

    # Every run of this script numbers the factories' names and slugs afresh, in a database
    # that earlier runs filled: start from the clock so they never collide.
    factories._sequence = itertools.count(time.time_ns() // 1000)
    step, *arguments = sys.argv[1:]
    steps = {"queue": queue, "reply": reply_setup, "report": report, "fresh_queue": fresh_queue}
    print(json.dumps(steps[step](*arguments)))
