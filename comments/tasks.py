from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .notifications import claim, deliver


def retry_delay(attempt: int) -> timedelta:
    """How long after attempt number `attempt` the next one runs: four times longer each time."""
    return timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 4 ** (attempt - 1))


@task
def send_notification(notification_id: int, attempt: int = 1) -> str:
    """Make one attempt at sending a notification email; the outcome is recorded on the row,
    never raised.

    The next attempt is queued, in the same transaction that claims this one, before the
    email goes out: it is the retry with backoff if this send fails, and it takes the send up
    again if the worker dies mid-way. If this attempt succeeds, the next finds the row sent
    and does nothing. The immediate backend cannot run a task later, so there a failure
    waits for `send_notifications`.
    """
    with transaction.atomic():
        notification = claim(notification_id, attempt)
        if notification is None:
            return "already handled"
        if (
            attempt < settings.NOTIFICATION_MAX_ATTEMPTS
            and send_notification.get_backend().supports_defer
        ):
            send_notification.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                notification_id, attempt + 1
            )
    deliver(notification)
    return notification.status
