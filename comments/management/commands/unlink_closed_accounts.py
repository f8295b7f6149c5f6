"""Unlink, now, the mentions of closed accounts in comments (comments.closed_accounts): the
worker does it whenever an account closes; this catches up a database whose accounts closed
before it did."""

import time

from django.core.management.base import BaseCommand

from comments.closed_accounts import unlink_all


class Command(BaseCommand):
    help = "Render again, unlinked, the comments that mention closed accounts."

    def handle(self, *args, **options):
        started = time.monotonic()
        changed = unlink_all(progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {changed} comments unlinked, in {time.monotonic() - started:.1f}s."
            )
        )
