"""A real Varnish, started from deploy/varnish/site.vcl, in front of the live server.

One varnishd for the package, a child of the test process with its own work directory,
and its own local.vcl (the backend is the live server, purges are allowed from
127.0.0.1) found first through vcl_path. Each test starts with an empty cache, and the app
purges this Varnish (settings.HTTP_CACHE_PURGE_URLS).
"""

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# From the browser tests: their live server (static files served as in production, one
# request at a time with in-memory SQLite); their fixture that puts back what migrations
# created after each transactional test flushed the database; and their permission for
# Django to run beside Playwright's event loop, which stays marked as running in this
# thread once a browser test has run (pytest-django runs all these tests last, after the
# browser tests). Both autouse here too.
from tests.browser.conftest import (  # noqa: F401
    allow_django_in_playwright_thread,
    essay,
    live_server,
)
from tests.conftest import IN_CI, require_tool

VARNISHD = Path(os.environ.get("VARNISHD") or shutil.which("varnishd") or "/usr/sbin/varnishd")
VARNISHADM = Path(shutil.which("varnishadm") or VARNISHD.parent.parent / "bin" / "varnishadm")
VCL_DIR = Path(django_settings.BASE_DIR) / "deploy" / "varnish"
INSTALL_HINT = "apt-get install varnish varnish-modules"
# A documentation address (RFC 5737): a purgers ACL with it alone lets no test purge.
NOBODY = "192.0.2.1"


@dataclass
class Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    # Decompressed when Varnish sent gzip; `compressed` says whether it did.
    text: str
    compressed: bool

    @property
    def x_cache(self) -> str:
        return self.headers.get("X-Cache", "")

    @property
    def age(self) -> int:
        return int(self.headers.get("Age", "0"))

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []

    def __repr__(self) -> str:
        # What a failing assertion should show: the verdict, not the page.
        interesting = ("X-Cache", "Age", "X-Varnish", "Cache-Control", "Vary", "xkey")
        shown = {name: self.headers.get(name) for name in interesting if name in self.headers}
        return f"<{self.status} {self.reason} {shown} set-cookie={self.set_cookies}>"


class Varnish:
    """varnishd in the foreground (`-F`), started and stopped by the tests.

    `-j none`: as root, varnishd would otherwise compile the VCL as an unprivileged user who
    cannot read a private temporary directory, and would silently take deploy/varnish's own
    local.vcl (the backend on port 8000) instead of ours.
    """

    def __init__(self, workdir: Path, backend_port: int, purgers=("127.0.0.1", "::1")):
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log = self.workdir / "varnishd.log"
        acl = "".join(f'    "{address}";\n' for address in purgers)
        (self.workdir / "local.vcl").write_text(
            f'backend default {{\n    .host = "127.0.0.1";\n    .port = "{backend_port}";\n}}\n'
            f"acl purgers {{\n{acl}}}\n"
        )
        self.process = None

    @property
    def command(self) -> list[str]:
        return [
            str(VARNISHD),
            "-F",
            "-j",
            "none",
            "-n",
            str(self.workdir / "run"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-s",
            "malloc,64m",
            "-p",
            f"vcl_path={self.workdir}:{VCL_DIR}",
            "-f",
            str(VCL_DIR / "site.vcl"),
        ]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 30) -> "Varnish":
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.failed_to_start()
            try:
                # Through Varnish to the app: both are up, and the probe finds the app healthy.
                last = self.request("GET", "/healthz")
                if last.status == 200:
                    return self
            except OSError as error:
                last = error
            time.sleep(0.1)
        self.stop()
        pytest.fail(
            f"varnishd did not answer /healthz within {timeout} s (last: {last!r}):\n"
            f"{self.log.read_text()}"
        )

    def failed_to_start(self):
        log = self.log.read_text()
        if "xkey" in log and not IN_CI:
            pytest.skip(f"varnishd cannot load the xkey VMOD: {INSTALL_HINT}")
        pytest.fail(f"varnishd stopped ({' '.join(self.command)}):\n{log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def admin(self, *command: str) -> str:
        """A varnishadm command (the CLI of this varnishd)."""
        done = subprocess.run(
            [str(VARNISHADM), "-n", str(self.workdir / "run"), *command],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"varnishadm {' '.join(command)}: {done.stdout}{done.stderr}"
        return done.stdout

    def forget_everything(self) -> None:
        """Bans every stored page: tests reuse addresses (the essay, the home page)."""
        self.admin("ban", "req.url ~ .")

    def request(
        self,
        method: str,
        path: str,
        *,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> Response:
        """One request on a new connection, as a browser would send it: no redirect
        followed, no cookie kept between requests."""
        headers = dict(headers or {})
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            raw = answer.read()
        finally:
            connection.close()
        compressed = answer.headers.get("Content-Encoding") == "gzip"
        if compressed:
            raw = gzip.decompress(raw)
        return Response(
            answer.status, answer.reason, answer.headers, raw.decode("utf-8", "replace"), compressed
        )

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_varnish(workdir: Path, backend_port: int, **kwargs) -> Varnish:
    require_tool(VARNISHD, INSTALL_HINT)
    return Varnish(workdir, backend_port, **kwargs).start()


@pytest.fixture(scope="package")
def varnish_server(django_db_setup, django_db_blocker, live_server, tmp_path_factory):  # noqa: F811
    """One varnishd for these tests, in front of the live server.

    Its health probe asks the live server for /healthz between tests too, and Django checks
    the database connection at the start of every request: the database stays open to the
    live server while Varnish runs (pytest-django would refuse, and the probe get a 500).
    """
    with django_db_blocker.unblock():
        server = start_varnish(tmp_path_factory.mktemp("varnish"), live_server.thread.port)
        yield server
        server.stop()


@pytest.fixture
def varnish(varnish_server, settings):
    """The session's Varnish, emptied, with the app purging it."""
    varnish_server.forget_everything()
    settings.HTTP_CACHE_PURGE_URLS = [varnish_server.url]
    # Members are made by the dozen here; the default hasher takes a good part of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return varnish_server
