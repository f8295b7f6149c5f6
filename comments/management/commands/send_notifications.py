from django.core.management.base import BaseCommand

from comments.models import Notification
from comments.notifications import claim, deliver


class Command(BaseCommand):
    help = (
        "Send notification emails that are still pending or failed (e.g. the mail server was "
        "down for every one of the worker's tries), here and now, without the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=10,
            help="Give up on a notification after this many attempts (default 10).",
        )

    def handle(self, *args, max_attempts, **options):
        waiting = (
            Notification.objects.filter(
                status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
                attempts__lt=max_attempts,
            )
            .order_by("created_at")
            .values_list("pk", "attempts")
        )
        total = waiting.count()
        outcomes = dict.fromkeys([*Notification.Status.values, "taken"], 0)
        for number, (pk, attempts) in enumerate(waiting.iterator(chunk_size=200), start=1):
            # A worker may be sending this one right now: then it is theirs, not ours.
            notification = claim(pk, attempts + 1)
            if notification is None:
                outcomes["taken"] += 1
                continue
            deliver(notification)
            outcomes[notification.status] += 1
            if notification.status == Notification.Status.FAILED:
                self.stderr.write(f"{number}/{total} failed: {notification.last_error}")
            elif number % 50 == 0 or number == total:
                self.stdout.write(f"{number}/{total} done")
        summary = ", ".join(
            f"{count} {'taken by a worker' if status == 'taken' else status}"
            for status, count in outcomes.items()
            if count
        )
        style = self.style.ERROR if outcomes[Notification.Status.FAILED] else self.style.SUCCESS
        self.stdout.write(style(f"{total} notification(s) tried: {summary or 'nothing to do'}."))
