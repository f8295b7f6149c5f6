"""Fill an empty local database with a made-up community, to see the site with people in it.

    make demo          # migrates, then runs this with DEBUG=1

The people, follow-ups and discussions are in comments/demo/. Refuses unless DEBUG is on,
and on any database that already holds comments, members or articles besides the essay:
there is no option to force it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comments.demo import build
from comments.demo.people import MODERATOR, SAMPLE_MEMBER


class Command(BaseCommand):
    help = "Fill an empty local database with a made-up community (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo fills a local site with made-up people, so it runs only with DEBUG "
                "on (make demo sets DEBUG=1). DEBUG is off here, as in production: nothing "
                "was changed."
            )
        found = build.existing_content()
        if found:
            listed = ", ".join(f"{count} {what}" for what, count in found.items())
            raise CommandError(
                f"This database already has content ({listed}). The demo fills an empty "
                "database only, so nothing was changed. To see it, start from an empty one: "
                "delete db.sqlite3 (or point DATABASE_URL at an empty database) and run "
                "make demo again."
            )
        self.stdout.write("Creating the demo community:")
        summary = build.build(timezone.now(), say=lambda step: self.stdout.write(f"  {step}"))
        self.report(summary)

    def report(self, summary: build.Summary) -> None:
        site = settings.SITE_URL
        moved = summary.essay_moved_to
        if moved:
            self.stdout.write(
                f"The essay's publication date is now {moved.day} {moved:%B %Y}, so that its "
                f"discussion can span {summary.weeks} weeks."
            )
        approved = summary.comments - summary.held
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {summary.members} members, the essay and {summary.follow_ups} "
                f"follow-ups, {approved} published comments with {summary.helpful_marks} "
                f"helpful marks; {summary.held} held for moderation and {summary.flagged} "
                "flagged."
            )
        )
        self.stdout.write(
            f"\nSign in at {site}/accounts/login/ (username or email; the email is "
            "username@example.com):\n"
            f"  a member:     {SAMPLE_MEMBER} / {build.MEMBER_PASSWORD} "
            "(every demo member has this password)\n"
            f"  a moderator:  {MODERATOR.username} / {build.MODERATOR_PASSWORD}, then "
            f"{site}/admin/ and the queue at "
            f"{site}/admin/comments/comment/\n"
        )
