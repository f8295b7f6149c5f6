"""What the fault tests do in the site's own database, run as `python -m tests.faults.scenario
<step> [arguments]` with the environment of the processes under test: it prints JSON (as
tests/worker/scenario.py, whose steps it adds to)."""

import itertools
import json
import os
import sys
import time

import django


def replies(count: str) -> dict:
    """`count` members each reply to one member's comment, in turn, as the site would queue
    them: one notification each for the member answered, waiting for the worker."""
    from django.db import transaction

    from comments.models import Notification
    from comments.notifications import notify_reply
    from tests.factories import make_comment, make_user

    answered = make_user(password=None)
    target = make_comment(author=answered)
    comment_ids = []
    for _ in range(int(count)):
        with transaction.atomic():  # one reply, one commit: queued in the order posted
            reply = make_comment(author=make_user(password=None), reply_to=target)
            notify_reply(reply)
        comment_ids.append(reply.pk)
    ids = list(
        Notification.objects.filter(comment_id__in=comment_ids)
        .order_by("comment_id")
        .values_list("pk", flat=True)
    )
    return {"email": answered.email, "comments": comment_ids, "ids": ids}


def queue_state() -> dict:
    """The notification tasks waiting and the age of the oldest, in seconds."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(task_path="comments.tasks.send_notification")
    oldest = waiting.order_by("enqueued_at").first()
    age = (timezone.now() - oldest.enqueued_at).total_seconds() if oldest else 0
    return {"waiting": waiting.count(), "oldest_age": age}


def age_queue(seconds: str) -> dict:
    """The worker was away this long: every waiting task and notification was queued that
    much earlier (the backend keeps the times; no process's clock moves)."""
    from datetime import timedelta

    from django.db.models import F
    from django_tasks_db.models import DBTaskResult

    from comments.models import Notification

    earlier = timedelta(seconds=float(seconds))
    tasks = DBTaskResult.objects.ready().update(enqueued_at=F("enqueued_at") - earlier)
    Notification.objects.filter(status="pending").update(created_at=F("created_at") - earlier)
    return {"tasks": tasks}


def purges() -> dict:
    """The purge tasks the worker ran: status and how many caches answered."""
    from django_tasks_db.models import DBTaskResult

    return {
        "purges": [
            {"status": task.status, "answered": task.return_value, "tags": task.args_kwargs}
            for task in DBTaskResult.objects.filter(
                task_path="core.http_cache.purge_pages"
            ).order_by("enqueued_at")
        ]
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from tests import factories
    from tests.worker import scenario as worker_steps

    factories._sequence = itertools.count(time.time_ns() // 1000)
    step, *arguments = sys.argv[1:]
    steps = {
        "reply": worker_steps.reply_setup,
        "report": worker_steps.report,
        "replies": replies,
        "queue_state": queue_state,
        "age_queue": age_queue,
        "purges": purges,
        "fresh_queue": worker_steps.fresh_queue,
    }
    print(json.dumps(steps[step](*arguments), default=str))
