"""manage.py restore FOLDER: replace the database and the media files with a backup's."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import read_backup, restore_backup


class Command(BaseCommand):
    help = "Replace the database's content and the media files with those of a backup."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        try:
            backup = read_backup(folder)
        except (OSError, ValueError) as error:
            raise CommandError(f"Not a usable backup: {error}") from error
        taken = backup.manifest["taken_at"]
        if not yes and input(f"Replace all data with the backup of {taken}? [y/N] ") != "y":
            raise CommandError("Nothing was changed.")
        started = time.monotonic()
        self.stdout.write(f"Restoring the backup of {taken} …")
        try:
            restore_backup(backup)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {taken} ({time.monotonic() - started:.1f} s). "
                "Run manage.py migrate if the code is newer than the backup."
            )
        )
