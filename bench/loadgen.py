"""Requests: one at a time (checks, readers, form posts), under wrk, and from many threads."""

import gzip
import http.client
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Behind the TLS terminator every request arrives as HTTPS; the server trusts the header.
HTTPS = {"X-Forwarded-Proto": "https"}
GZIP = {"Accept-Encoding": "gzip"}
CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"  # a 32-character secret is a valid token


@dataclass
class Response:
    status: int
    body: bytes  # decompressed
    headers: http.client.HTTPMessage
    wire_bytes: int  # as sent, compressed or not

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def from_cache(self) -> bool:
        """Varnish names two transactions in X-Varnish on a hit (this one and the stored)."""
        if len(self.headers.get("X-Varnish", "").split()) == 2:
            return True
        return int(self.headers.get("Age", "0") or 0) > 0


class Connection:
    """A keep-alive connection to one server that reconnects when the server closes it."""

    def __init__(self, base: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection = None

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers={**HTTPS, **headers})
                answer = self.connection.getresponse()
                raw = answer.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if answer.will_close:
                self.close()
            body = raw
            if answer.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(raw)
            return Response(answer.status, body, answer.headers, len(raw))
        raise AssertionError("unreachable")

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers or {})

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def fetch(base: str, path: str, headers: dict | None = None) -> Response:
    connection = Connection(base)
    try:
        return connection.get(path, headers)
    finally:
        connection.close()


@dataclass
class Scenario:
    name: str
    path: str
    marker: str
    status: int = 200
    headers: dict = field(default_factory=dict)
    signed_in: bool = False
    comments: int | None = None
    via: str = "direct"  # or "varnish"


def check(base: str, scenario: Scenario) -> Response:
    """The expected status and page, before anything is timed; through Varnish, gzipped."""
    response = fetch(base, scenario.path, scenario.headers)
    if response.status != scenario.status or scenario.marker.encode() not in response.body:
        raise SystemExit(
            f"{scenario.name} ({scenario.via}): expected {scenario.status} with "
            f"{scenario.marker!r}, got {response.status} ({len(response.body)} bytes)"
        )
    return response


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url: str, headers: dict, duration: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in {**HTTPS, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "requests_per_second": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": errors,
    }


def member_headers(base: str, session: str) -> dict:
    """A signed-in member's browser: session and CSRF cookies, the token, the origin."""
    origin = "https://" + urlsplit(base).netloc
    return {
        "Cookie": f"sessionid={session}; csrftoken={CSRF_SECRET}",
        "X-CSRFToken": CSRF_SECRET,
        "Origin": origin,
        "Referer": origin + "/",
    }


def concurrent_load(
    base: str, method: str, path: str, form_for, sessions: list[str], count: int, concurrency: int
) -> dict:
    """`count` requests from `concurrency` threads on keep-alive connections, members taking
    turns; `form_for(n)` gives the n-th request's form (None for a GET)."""
    from urllib.parse import urlencode

    latencies: list[float] = []
    errors = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        connection = Connection(base)
        headers = member_headers(base, sessions[index % len(sessions)])
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        for n in range(index, count, concurrency):
            form = form_for(n)
            body = urlencode(form).encode() if form else None
            started = time.perf_counter()
            response = connection.request(method, path, headers, body)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status not in (200, 201, 302, 303):
                    errors.append(response.status)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    duration = time.perf_counter() - started
    latencies.sort()
    return {
        "per_second": len(latencies) / duration,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": len(errors),
    }
