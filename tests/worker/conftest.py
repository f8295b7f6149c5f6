"""The real thing: `manage.py db_worker` processes, the site served by gunicorn, and an SMTP
server (aiosmtpd) in the test, on a database of their own (a SQLite file, or a fresh
PostgreSQL database when DATABASE_URL names one)."""

import os
import subprocess
import sys
import uuid

import dj_database_url
import psycopg
import pytest
from aiosmtpd.controller import Controller

from .harness import BASE_DIR, Mailbox, Site, environment, free_port


@pytest.fixture
def mailbox():
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    handler.stalling.clear()
    controller.stop()


@pytest.fixture(scope="session")
def site_database(tmp_path_factory):
    """DATABASE_URL of a migrated database that only these tests use."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        name = f"worker_{uuid.uuid4().hex[:8]}"
        server = dj_database_url.parse(base)
        admin = psycopg.connect(
            host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"],
            password=server["PASSWORD"], dbname="postgres", autocommit=True,
        )  # fmt: skip
        admin.execute(f'CREATE DATABASE "{name}"')
        url = base.rsplit("/", 1)[0] + f"/{name}"
    else:
        admin = None
        url = f"sqlite:///{tmp_path_factory.mktemp('worker') / 'site.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR, env=environment(url), check=True,
    )  # fmt: skip
    yield url
    if admin is not None:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def site(site_database, mailbox, tmp_path):
    running = Site(site_database, mailbox.port, tmp_path)
    yield running
    running.stop()
    print(running.log_tails())  # pytest shows it only when the test failed
