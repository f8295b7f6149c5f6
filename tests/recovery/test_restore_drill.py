"""The restore drill: a database filled by the bench generator is backed up by
`manage.py backup` while comments are being posted, restored by `manage.py restore` into an
empty database, and every comment, member, skill entry and article committed before the
backup started is there, row for row (a checksum of each table), with the media files. On
SQLite in the first CI leg, on PostgreSQL in the second."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The rows that matter, and the columns that say what they hold.
CHECKED = {
    "comments_comment": "id, article_id, author_id, status, body",
    "accounts_user": "id, username, display_name, email",
    "accounts_skillentry": "id, user_id, skill_id, level, position",
    "articles_article": "id, slug, title, body, status",
}


class Database:
    """The drill's own database, reached without Django: a file, or a fresh PostgreSQL one."""

    def __init__(self, tmp_path: Path, name: str):
        self.media = tmp_path / f"{name}-media"
        self.postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        if self.postgres:
            server = settings.DATABASES["default"]
            self.name = f"drill_{name}_{uuid.uuid4().hex[:8]}"
            self.server = (
                f"host={server['HOST']} port={server['PORT'] or 5432} user={server['USER']}"
            )
            with psycopg.connect(f"{self.server} dbname=postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = (
                f"postgres://{server['USER']}@{server['HOST']}:{server['PORT'] or 5432}/{self.name}"
            )
        else:
            self.path = tmp_path / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def connect(self):
        if self.postgres:
            return psycopg.connect(f"{self.server} dbname={self.name}", autocommit=True)
        return sqlite3.connect(self.path, timeout=20, isolation_level=None)

    def drop(self):
        if self.postgres:
            with psycopg.connect(f"{self.server} dbname=postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def checksums(self, up_to: dict[str, int] | None = None) -> dict[str, tuple[int, str]]:
        """Rows and a digest of each checked table (only rows up to the given ids)."""
        result = {}
        with self.connect() as db:
            for table, columns in CHECKED.items():
                where = f" WHERE id <= {int(up_to[table])}" if up_to else ""
                rows = db.execute(f"SELECT {columns} FROM {table}{where} ORDER BY id").fetchall()
                digest = hashlib.sha256(repr(rows).encode()).hexdigest()
                result[table] = (len(rows), digest)
        return result

    def last_ids(self) -> dict[str, int]:
        with self.connect() as db:
            return {t: db.execute(f"SELECT max(id) FROM {t}").fetchone()[0] for t in CHECKED}


def manage(database: Database, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW")}
    env |= {"DATABASE_URL": database.url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    # The drill's own media folder: a restore replaces MEDIA_ROOT, never the checkout's.
    env["MEDIA_ROOT"] = str(database.media)
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip


@pytest.fixture
def databases(tmp_path):
    made = [Database(tmp_path, "live"), Database(tmp_path, "restored")]
    yield made
    for database in made:
        database.drop()


def as_parameter(database: Database, value):
    """A JSON column's value as read back (a dict or list from psycopg) goes in as JSON."""
    if database.postgres and isinstance(value, dict | list):
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


def keep_posting(database: Database, stop: threading.Event, posted: list[int]) -> None:
    """A reader answering, again and again, while the backup runs."""
    with database.connect() as db:
        author, article = db.execute(
            "SELECT author_id, article_id FROM comments_comment ORDER BY id LIMIT 1"
        ).fetchone()
        template = db.execute("SELECT * FROM comments_comment ORDER BY id LIMIT 1").fetchone()
        columns = [c[0] for c in db.execute("SELECT * FROM comments_comment LIMIT 0").description]
        marker = "%s" if database.postgres else "?"
        others = [c for c in columns if c != "id"]
        insert = (
            f"INSERT INTO comments_comment ({', '.join(others)}) "
            f"VALUES ({', '.join([marker] * len(others))})"
        )
        n = 0
        while not stop.is_set():
            row = dict(zip(columns, template, strict=True))
            row |= {"body": f"Posted during the backup, {n}", "author_id": author,
                    "article_id": article, "idempotency_key": None}  # fmt: skip
            db.execute(insert, [as_parameter(database, row[c]) for c in others])
            posted.append(n)
            n += 1


def test_a_backup_taken_while_members_post_restores_everything_committed_before_it(
    databases, tmp_path
):
    live, restored = databases
    manage(live, "migrate", "--noinput", "-v0")
    manage(live, "bench_data", "--comments", "300", "--members", "30")
    # The bench data gives each article a cover and the follow-ups inline images.
    media_before = {
        path.relative_to(live.media): path.read_bytes()
        for path in live.media.rglob("*")
        if path.is_file()
    }
    assert any(name.parts[0] == "covers" for name in media_before)
    before = live.last_ids()
    expected = live.checksums(before)
    assert expected["comments_comment"][0] >= 300

    stop, posted = threading.Event(), []
    poster = threading.Thread(target=keep_posting, args=(live, stop, posted))
    poster.start()
    try:
        output = manage(live, "backup", "--into", str(tmp_path / "backups")).stdout
    finally:
        stop.set()
        poster.join()
    assert posted, "no comment was posted while the backup ran"
    assert "Backup written to" in output
    [folder] = (tmp_path / "backups").iterdir()

    manage(restored, "migrate", "--noinput", "-v0")  # an empty site, then the backup over it
    result = manage(restored, "restore", str(folder), "--yes").stdout
    assert "Restored the backup" in result
    assert restored.checksums(before) == expected
    for name, data in media_before.items():
        assert (restored.media / name).read_bytes() == data, name
    # The copy is one consistent moment: some of the posts made meanwhile, in order, or none.
    with restored.connect() as db:
        during = db.execute(
            "SELECT body FROM comments_comment WHERE body LIKE 'Posted during the backup, %' "
            "ORDER BY id"
        ).fetchall()
    assert [body for (body,) in during] == [
        f"Posted during the backup, {n}" for n in range(len(during))
    ]


def test_a_damaged_backup_is_refused_before_anything_changes(databases, tmp_path):
    live, _ = databases
    manage(live, "migrate", "--noinput", "-v0")
    manage(live, "backup", "--into", str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    database_file = next(p for p in folder.iterdir() if p.name.startswith("database."))
    with database_file.open("r+b") as file:
        file.seek(100)
        file.write(b"damaged")
    before = live.checksums()
    with pytest.raises(subprocess.CalledProcessError) as refused:
        manage(live, "restore", str(folder), "--yes")
    assert "is not the file that was backed up" in refused.value.stderr
    assert live.checksums() == before
