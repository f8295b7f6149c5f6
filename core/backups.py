"""Consistent backups of the database and the media files, taken while the site runs, and
their restore. The database's own tools make the snapshot: SQLite's online backup API
(a page-by-page copy that sees one committed state) and PostgreSQL's pg_dump (one
transaction's snapshot). Used by `manage.py backup` and `manage.py restore`.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


@dataclass(frozen=True)
class Backup:
    folder: Path
    manifest: dict


def engine_of(alias: str = "default") -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise ValueError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def make_backup(into: Path, *, now: datetime | None = None, alias: str = "default") -> Backup:
    """Write a new folder in `into` holding the database, the media files and a manifest."""
    now = now or datetime.now(UTC)
    folder = into / now.strftime("%Y%m%d-%H%M%S-%f")
    folder.mkdir(parents=True)
    engine = engine_of(alias)
    if engine == "sqlite":
        database = folder / SQLITE_FILE
        _sqlite_backup(alias, database)
    else:
        database = folder / POSTGRES_FILE
        _pg_run(["pg_dump", "--format=custom", "--no-owner", f"--file={database}"], alias)
    files = {database.name: _sha256(database)}
    media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
    if media and media.is_dir():
        with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
            archive.add(media, arcname="media")
        files[MEDIA_FILE] = _sha256(folder / MEDIA_FILE)
    manifest = {"engine": engine, "taken_at": now.isoformat(), "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Backup(folder, manifest)


def read_backup(folder: Path) -> Backup:
    """The backup in `folder`, its files checked against the manifest."""
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, digest in manifest["files"].items():
        if _sha256(folder / name) != digest:
            raise ValueError(f"{folder / name} is not the file that was backed up.")
    return Backup(folder, manifest)


def restore_backup(backup: Backup, *, alias: str = "default") -> None:
    """Replace the database's content (and the media files) with the backup's."""
    engine = engine_of(alias)
    if engine != backup.manifest["engine"]:
        raise ValueError(f"This backup is of {backup.manifest['engine']}, the site uses {engine}.")
    connections[alias].close()
    if engine == "sqlite":
        source = sqlite3.connect(backup.folder / SQLITE_FILE)
        target = sqlite3.connect(connections[alias].settings_dict["NAME"])
        with source, target:
            source.backup(target)
        source.close()
        target.close()
    else:
        dump = str(backup.folder / POSTGRES_FILE)
        _pg_run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", dump],
            alias,
        )
    if MEDIA_FILE in backup.manifest["files"] and settings.MEDIA_ROOT:
        media = Path(settings.MEDIA_ROOT)
        shutil.rmtree(media, ignore_errors=True)
        with tarfile.open(backup.folder / MEDIA_FILE) as archive:
            archive.extractall(media.parent, filter="data")
        if media.name != "media":
            (media.parent / "media").rename(media)


def _sqlite_backup(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    with destination:
        # In one step: the database is in WAL mode, so this read sees one committed state
        # while writers go on; a copy in several steps would restart at every write.
        connection.connection.backup(destination)
    destination.close()


def _pg_run(command: list[str], alias: str) -> None:
    """Run a PostgreSQL client tool against the site's database, with its credentials in
    the environment (never on a command line other processes can read)."""
    config = connections[alias].settings_dict
    env = os.environ | {
        "PGHOST": config.get("HOST") or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
    }
    subprocess.run([*command, f"--dbname={config['NAME']}"], env=env, check=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
