"""Queue the weekly digest of every member who asked for it (run weekly by the platform's
scheduler: README, Periodic work). The task worker builds and sends each one; a member with
nothing new gets nothing, and one already sent this week is not sent again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from comments.digest import send_weekly_digest


class Command(BaseCommand):
    help = "Queue the weekly digests for the task worker."

    def handle(self, *args, **options):
        members = (
            get_user_model()
            .objects.filter(digest_weekly=True, is_active=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
        total = members.count()
        for number, member_id in enumerate(members.iterator(), start=1):
            send_weekly_digest.enqueue(member_id)
            if number % 500 == 0:
                self.stdout.write(f"  {number:,} of {total:,} digests queued")
        self.stdout.write(self.style.SUCCESS(f"{total:,} weekly digest(s) queued for the worker."))
