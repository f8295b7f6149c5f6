"""What the fault tests start and break: a PostgreSQL server of their own (never the shared
one other tests use), the site under gunicorn, and HTTP requests that time themselves."""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.conftest import require_tool
from tests.worker.harness import BASE_DIR, Site, free_port, wait_for

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
POSTGRES_HINT = "apt-get install postgresql (initdb and pg_ctl in /usr/lib/postgresql/*/bin)"


class PrivatePostgres:
    """initdb + pg_ctl in a folder of its own, on a free port: a server the test may stop.

    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (who must
    own the folder, in /tmp rather than pytest's root-only folder).
    """

    def __init__(self):
        bin_dir = POSTGRES_BIN or Path("/usr/lib/postgresql/missing/bin")
        self.pg_ctl = require_tool(bin_dir / "pg_ctl", POSTGRES_HINT)
        self.initdb = require_tool(bin_dir / "initdb", POSTGRES_HINT)
        self.folder = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(str(self.initdb), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8")  # fmt: skip

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self.as_user, *command], capture_output=True, text=True)
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"

    def start(self) -> None:
        # fsync off: the fault is the server process going away, not the machine; what it
        # wrote stays in the operating system's cache, and crash recovery replays the WAL.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.pg_ctl), "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        """`immediate`: the server processes quit at once, transactions in flight are lost
        and the next start runs crash recovery (as after a crash or a killed container)."""
        self._run(str(self.pg_ctl), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=name, autocommit=True
        )

    def create_database(self, name: str) -> str:
        """A new database with the site's tables: its DATABASE_URL."""
        with self.connect() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = self.url(name)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=BASE_DIR, env=os.environ | {"DATABASE_URL": url, "DEBUG": "0"}, check=True,
        )  # fmt: skip
        return url

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_user, str(self.pg_ctl), "-D", str(self.data), "-m",
                            "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


class FaultSite(Site):
    """tests/worker's processes, with this folder's scenario steps."""

    scenario = "tests.faults.scenario"


def serve(site: Site, workers: int = 2, port: int | None = None, **env) -> str:
    """The site under gunicorn (as in production), on a free port unless given; its address
    once it answers /healthz."""
    port = port or free_port()
    site.start("web", [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers",
                       str(workers), "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
               **env)  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    wait_for(lambda: fetch(address + "/healthz", timeout=1).status == 200, 30, "gunicorn")
    return address


@dataclass
class Answer:
    status: int  # 0: no answer at all (connection refused or timed out)
    seconds: float
    text: str = ""
    headers: dict | None = None


def fetch(url: str, *, data: bytes | None = None, headers=None, timeout: float = 10) -> Answer:
    """One request, timed; an HTTP error is an answer like any other (never raised)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status, got = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, dict(error.headers)
    except OSError:
        return Answer(0, time.monotonic() - started)
    return Answer(status, time.monotonic() - started, body.decode("utf-8", "replace"), got)
