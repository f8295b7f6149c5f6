"""manage.py backup [--into DIR]: a consistent copy of the database and the media files,
taken while the site runs. Schedule it with the platform's scheduler (README, Backups)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.backups import engine_of, make_backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a new folder."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "var" / "backups"
        parser.add_argument("--into", type=Path, default=default, help=f"default: {default}")

    def handle(self, *args, into: Path, **options):
        started = time.monotonic()
        self.stdout.write(f"Backing up the {engine_of()} database and the media files …")
        backup = make_backup(into)
        size = sum(path.stat().st_size for path in backup.folder.iterdir())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {backup.folder} ({size / 1_000_000:.1f} MB, "
                f"{len(backup.manifest['files'])} file(s), {time.monotonic() - started:.1f} s). "
                f"Restore it with: manage.py restore {backup.folder}"
            )
        )
