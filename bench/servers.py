"""The processes the benchmark runs: its own database, gunicorn, Varnish, the task worker."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
CACHE_KEY_PREFIX = "bench"
SITE_VCL = BASE_DIR / "deploy" / "varnish" / "site.vcl"
# What the servers say (gunicorn, Django's loggers, varnishd, the worker): kept out of the
# progress lines, read when something fails.
LOG_PATH = BASE_DIR / "var" / "bench" / "servers.log"


def log(message: str) -> None:
    print(message, flush=True)


def fresh_log() -> None:
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    LOG_PATH.write_bytes(b"")


def bench_database_url(source: str | None) -> str:
    """A database of the benchmark's own, never the one the site uses."""
    if not source:
        path = BASE_DIR / "var" / "bench" / "bench.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parts = urlsplit(source)
    name = parts.path.lstrip("/") + "_bench"
    import psycopg

    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def forget_cached(redis_url: str | None) -> None:
    """Drop what earlier runs left in Redis under the bench prefix, and nothing else.

    Django's `cache.clear()` would flush the whole Redis database, the site's keys included.
    """
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def server_environment(
    database_url: str, redis_url: str | None, *, caches: str, purge_urls: tuple[str, ...] = ()
) -> dict:
    """Production settings plus the bench app; `caches` "off" renders every fragment the
    site would take from the cache (bench/settings.py)."""
    env = dict(os.environ)
    for name in ("DEBUG", "HTTP_CACHE_PURGE_URLS", "REDIS_URL"):
        env.pop(name, None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CACHES": caches,
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "1",
        "TRUST_X_FORWARDED_PROTO": "1",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "ERROR",
        # The bench signs staff in with a session; it has no authenticator app to offer.
        "STAFF_REQUIRE_MFA": "0",
        # The benchmark posts far faster than any person; the limits would refuse it.
        "COMMENTS_RATE_LIMITS_PER_MEMBER": "1000000/minute",
        "COMMENTS_RATE_LIMITS_PER_IP": "1000000/minute",
    }
    if purge_urls:
        env["HTTP_CACHE_PURGE_URLS"] = ",".join(purge_urls)
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = CACHE_KEY_PREFIX
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, what: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"{what} exited with status {process.returncode} while starting; see {LOG_PATH}"
            )
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # it answers: that is all this waits for
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not start within {seconds:.0f} s; see {LOG_PATH}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Gunicorn:
    """`--workers 2` (and `--threads`), as `make serve` runs it, on a port fixed for the run."""

    def __init__(self, env: dict, threads: int, port: int):
        self.port = port
        self.threads = threads
        self.base = f"http://127.0.0.1:{port}"
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "2",
            "--threads", str(threads),
            "--log-level", "warning",
        ]  # fmt: skip
        with LOG_PATH.open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, start_new_session=True, stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_for(self.base + "/healthz", "gunicorn", self.process)
        except BaseException:
            self.stop()
            raise

    @property
    def label(self) -> str:
        return "workers=2" + (f" threads={self.threads}" if self.threads > 1 else "")

    def stop(self) -> None:
        stop(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Varnish:
    """varnishd in the foreground with the repository's VCL and a local.vcl of the bench's.

    local.vcl names the backend (gunicorn's port) and who may purge; it is found first on
    vcl_path, before the example beside site.vcl.
    """

    def __init__(self, backend_port: int, port: int, vcl: Path = SITE_VCL):
        if not vcl.exists():
            raise SystemExit(f"{vcl} does not exist: the benchmark measures through it")
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.directory = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
        # Readable by the user varnishd compiles VCL as: an unreadable local.vcl is skipped
        # for the next one on vcl_path (the example, with another port).
        self.directory.chmod(0o755)
        (self.directory / "local.vcl").write_text(
            f'backend default {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n'
            'acl purgers { "127.0.0.1"; "::1"; }\n'
        )
        self.command = [
            "varnishd", "-F",
            "-n", str(self.directory / "work"),
            "-a", f"127.0.0.1:{port}",
            "-s", "malloc,256m",
            "-p", f"vcl_path={self.directory}:{vcl.parent}",
            "-f", str(vcl),
        ]  # fmt: skip
        if os.geteuid() == 0:
            # As deploy/serve.sh: no jail, so VCL is compiled by the user who runs the bench.
            self.command += ["-j", "none"]
        with LOG_PATH.open("ab") as output:
            self.process = subprocess.Popen(
                self.command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            wait_for(self.base + "/healthz", "varnishd", self.process)
        except BaseException:
            log(f"varnishd did not answer: {shlex.join(self.command)}")
            self.stop()
            raise

    def stop(self) -> None:
        stop(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class TaskWorker:
    """The Procfile's worker, when tasks run on a queue: purges are sent from it."""

    def __init__(self, env: dict):
        self.process = None
        procfile = BASE_DIR / "Procfile"
        lines = procfile.read_text().splitlines() if procfile.exists() else []
        commands = [line.split(":", 1)[1].strip() for line in lines if line.startswith("worker:")]
        if not commands:
            raise SystemExit(
                "Tasks run on a queue, but the Procfile names no `worker:` to run them"
            )
        # The Procfile may name `python` or `.venv/bin/python`; the bench's interpreter runs it.
        words = shlex.split(commands[0])
        if Path(words[0]).name.startswith("python"):
            words[0] = PYTHON
        self.command = words
        with LOG_PATH.open("ab") as output:
            self.process = subprocess.Popen(
                words, cwd=BASE_DIR, env=env, start_new_session=True, stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        time.sleep(2)
        if self.process.poll() is not None:
            raise SystemExit(f"The task worker ({shlex.join(words)}) exited; see {LOG_PATH}")

    def stop(self) -> None:
        if self.process:
            stop(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
