from django.tasks import task

from .models import Notification
from .notifications import deliver


@task
def send_notification(notification_id: int) -> str:
    """Send one notification email; the outcome is recorded on the row, never raised."""
    notification = (
        Notification.objects.select_related("recipient", "comment__article", "comment__author")
        .filter(
            pk=notification_id, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
        )
        .first()
    )
    if notification is None:
        return "already handled"
    deliver(notification)
    return notification.status
