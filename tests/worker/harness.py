"""The processes and the mail server of the worker tests, and waiting for them."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(interval)


class Mailbox:
    """An SMTP server's handler that keeps what it accepts, and can stall or refuse at RCPT."""

    def __init__(self):
        self.received = Counter()  # accepted messages per recipient
        self.tries = Counter()  # RCPT commands per recipient
        self.refusal = ""  # an SMTP reply to give every RCPT, e.g. "550 …"
        self.stalling = threading.Event()  # set: hold every RCPT until cleared
        self.stalled = threading.Event()  # set once a client is being held

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.tries[address] += 1
        if self.refusal:
            return self.refusal
        while self.stalling.is_set():
            self.stalled.set()
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def environment(database_url: str, **overrides) -> dict:
    """The environment of the site's processes: production settings (DEBUG off), the test's
    database, and no Redis (the worker needs none; the development Redis stays untouched)."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env |= {"DATABASE_URL": database_url, "DEBUG": "0", "PYTHONUNBUFFERED": "1"}
    return env | {key: str(value) for key, value in overrides.items()}


class Site:
    """The processes of one test, against the shared database and the test's mail server."""

    # The module whose steps `run` calls (python -m <scenario> <step>).
    scenario = "tests.worker.scenario"

    def __init__(self, database_url: str, smtp_port: int, logs: Path):
        self.env = environment(
            database_url, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_port, SMTP_USE_TLS=0
        )
        self.logs = logs
        self.processes: list[subprocess.Popen] = []
        self.run("fresh_queue")

    def run(self, step: str, *arguments) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", self.scenario, step, *map(str, arguments)],
            cwd=BASE_DIR, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, f"scenario {step} failed:\n{done.stderr[-3000:]}"
        return json.loads(done.stdout)

    def start(self, name: str, command: list[str], **env) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.env | {k: str(v) for k, v in env.items()},
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def worker(self, name: str, **env) -> subprocess.Popen:
        return self.start(
            name,
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-reload",
             "--no-startup-delay", "--worker-id", name],
            **env,
        )  # fmt: skip

    def web(self) -> str:
        port = free_port()
        self.start("web", [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1",
                           "--bind", f"127.0.0.1:{port}", "--no-control-socket"])  # fmt: skip
        address = f"http://127.0.0.1:{port}"

        def answers():
            try:
                return urllib.request.urlopen(f"{address}/healthz", timeout=1).status == 200
            except OSError:
                return False

        wait_for(answers, 30, "gunicorn to answer", interval=0.2)
        return address

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def log_tails(self) -> str:
        return "\n".join(
            f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-20:])
            for path in sorted(self.logs.glob("*.log"))
        )
