"""The task worker down for an hour: the queue grows, nothing is lost, and when the worker
returns every email goes out once, in the order the replies were posted.

The worker is a separate process whose clock no test can move: the hour is made by moving
the queue's own times (when each task and notification was queued) an hour back, which is
all the backend knows of how long a task waited."""

import time

import pytest

from .harness import wait_for

pytestmark = pytest.mark.worker

REPLIES = 50
HOUR = 3600


def test_replies_queued_while_the_worker_is_down_for_an_hour_all_go_out_once_in_order(
    site, mailbox
):
    queued = site.run("replies", REPLIES)  # 50 members answer one member: 50 emails to send
    site.run("age_queue", HOUR)
    waiting = site.run("queue_state")
    assert waiting["waiting"] == REPLIES and waiting["oldest_age"] >= HOUR
    assert mailbox.comments == []  # nothing went out while the worker was away

    started = time.monotonic()
    site.worker("back", NOTIFICATION_RETRY_SECONDS=HOUR)
    wait_for(lambda: len(mailbox.comments) >= REPLIES, 60, f"{REPLIES} emails", interval=0.1)
    elapsed = time.monotonic() - started
    time.sleep(1)  # room for a duplicate to arrive
    print(f"{REPLIES} emails an hour old sent {elapsed:.1f} s after the worker started")

    assert mailbox.comments == queued["comments"]  # each once, in the order posted
    assert mailbox.received[queued["email"]] == REPLIES
    report = site.run("report", *queued["ids"])
    assert {(n["status"], n["attempts"]) for n in report["notifications"]} == {("sent", 1)}
    assert site.run("queue_state")["waiting"] == 0
