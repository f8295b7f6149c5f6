"""The benchmark: the site under gunicorn with production settings, measured with wrk.

    make bench                                   # SQLite, local-memory cache
    make bench DATABASE_URL=postgres://… REDIS_URL=redis://…
    .venv/bin/python bench/run.py --duration 3   # a quick look

It builds its own database (SQLite: var/bench/bench.sqlite3; PostgreSQL: the named
database with "_bench" appended, dropped and recreated), fills it with bench_data, starts
gunicorn on 127.0.0.1 (--workers 2, then --workers 2 --threads 4), checks that every
measured response has the expected status and a marker of the expected page, warms up,
and runs wrk. Query counts and page sizes are measured in-process with the test client,
since a production server logs no queries. Results: a table on stdout and JSON plus
Markdown under bench/results/. Ratios are to /healthz in the same server run.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
PYTHON = sys.executable
ESSAY = "/articles/ai-and-the-gig-economy/"
ESSAY_MARKER = "Navigating the Opportunities and Challenges"
POSTERS = 16
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"


@dataclass
class Scenario:
    name: str
    path: str
    marker: str
    status: int = 200
    headers: dict = field(default_factory=dict)
    signed_in: bool = False
    comments: int | None = None


@dataclass
class Measurement:
    server: str
    caches: str
    scenario: str
    path: str
    status: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    ratio_to_healthz: float | None = None
    queries: int | None = None
    bytes: int | None = None


def log(message: str) -> None:
    print(message, flush=True)


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


def server_environment(database_url: str, redis_url: str | None, caches: str) -> dict:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env |= {
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "1",
        "TRUST_X_FORWARDED_PROTO": "1",
        "DATABASE_URL": database_url,
        "CACHE_PAGES": caches,
        "LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = "bench"
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, threads: int):
        self.port = free_port()
        self.threads = threads
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2",
            "--threads", str(threads),
            "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start within 30 s")

    @property
    def label(self) -> str:
        return "workers=2" + (f" threads={self.threads}" if self.threads > 1 else "")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def fetch(url: str, headers: dict) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def check(server: Gunicorn, scenario: Scenario) -> None:
    status, body, _ = fetch(server.base + scenario.path, scenario.headers)
    if status != scenario.status or scenario.marker.encode() not in body:
        raise SystemExit(
            f"{scenario.name}: expected {scenario.status} with {scenario.marker!r}, "
            f"got {status} ({len(body)} bytes)"
        )


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url: str, headers: dict, duration: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in {"X-Forwarded-Proto": "https", **headers}.items():
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


def in_process_facts(env: dict, scenarios: list[Scenario]) -> tuple[dict, list[str]]:
    """Queries and bytes per page, measured with the test client; also a member session."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    members = list(get_user_model().objects.filter(username__startswith="bench-")[:POSTERS])
    sessions = []
    for member in members:
        client = Client()
        client.force_login(member)
        sessions.append(client.cookies["sessionid"].value)
    member_client = Client()
    member_client.force_login(members[0])

    # Steady state, as the server sees it under load: the second request of each, after one
    # that filled whatever the mode caches.
    facts = {}
    cache.clear()
    for caches in ("off", "fragments", "on"):
        settings.CACHE_FRAGMENTS = caches != "off"
        settings.CACHE_PAGES = caches == "on"
        for scenario in scenarios:
            client = member_client if scenario.signed_in else Client()
            client.get(scenario.path, secure=True, headers=scenario.headers)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(scenario.path, secure=True, headers=scenario.headers)
            facts[caches, scenario.name] = {
                "queries": len(queries), "bytes": len(response.content)
            }  # fmt: skip
    cache.clear()
    return facts, sessions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 10000])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--posts", type=int, default=400, help="comments posted under load")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian) or brew install wrk")

    source_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    database = "postgresql" if source_url else "sqlite"
    log(f"Preparing the {database} bench database…")
    database_url = bench_database_url(source_url)
    env_on = server_environment(database_url, redis_url, "all")
    env_fragments = server_environment(database_url, redis_url, "fragments")
    env_off = server_environment(database_url, redis_url, "off")
    manage(env_on, "migrate", "--noinput", "-v0")
    manage(
        env_on, "bench_data", "--members", str(args.members), "--comments", *map(str, args.sizes)
    )
    manage(env_on, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((BASE_DIR / "var" / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]

    def essay_path(size: int) -> str:
        return ESSAY if size == args.sizes[0] else f"/articles/ai-and-the-gig-economy-{size}/"

    page_scenarios = [Scenario("home", "/", "Articles")]
    for size in args.sizes:
        page_scenarios.append(
            Scenario(f"essay {size}", essay_path(size), ESSAY_MARKER, comments=size)
        )
    essays = list(page_scenarios[1:])
    page_scenarios.append(
        # The marker is in the member's own part of the page, so it proves they are signed in.
        Scenario(f"essay {args.sizes[0]} signed in", ESSAY, 'data-member="bench-', signed_in=True)
    )
    page_scenarios.append(Scenario("skills map", "/skills/", "The community skills map"))
    facts, sessions = in_process_facts(env_on, page_scenarios)
    for scenario in page_scenarios:
        if scenario.signed_in:
            scenario.headers = {"Cookie": f"sessionid={sessions[0]}"}

    floor = [Scenario("healthz", "/healthz", "ok"), Scenario("static css", css, "--measure")]
    # Their If-None-Match is the ETag the server gives, taken once it runs.
    conditional = [
        Scenario(f"essay {size} 304", essay_path(size), "", status=304) for size in args.sizes
    ]
    measurements: list[Measurement] = []
    # "fragments" ("thread cached"): threads and the article's own part from the cache, every
    # page rendered around them.
    runs = (
        ("off", env_off, page_scenarios),
        ("fragments", env_fragments, essays),
        ("on", env_on, page_scenarios + conditional),
    )
    for threads in (1, 4):
        for caches, env, measured_here in runs:
            server = Gunicorn(env, threads)
            try:
                measurements += measure_server(server, caches, floor + measured_here, facts, args)
            finally:
                server.stop()
    posting = measure_posting(env_on, sessions, args)
    report(measurements, posting, database, args)


def measure_server(server: Gunicorn, caches: str, scenarios: list, facts: dict, args) -> list:
    """Each scenario under wrk; its figures are the means of its runs.

    The machine's speed drifts within a run, so the essay pages are measured in order and
    again in reverse, and /healthz first and last: a fixed order read that drift as an
    effect of the number of comments, and of the time a ratio's two terms were measured.
    """
    essays = [s for s in scenarios if s.comments is not None and s.status == 200]
    healthz = scenarios[0]
    runs: dict[str, list[dict]] = {}
    for scenario in [*scenarios, *reversed(essays), healthz]:
        if scenario.status == 304:
            _, _, headers = fetch(server.base + scenario.path, {})
            scenario.headers = {"If-None-Match": headers["ETag"]}
        check(server, scenario)
        url = server.base + scenario.path
        run_wrk(url, scenario.headers, max(1, args.duration // 5), args.connections)
        result = run_wrk(url, scenario.headers, args.duration, args.connections)
        runs.setdefault(scenario.name, []).append(result)
        log(
            f"  {server.label:<18} caches {caches:<9} {scenario.name:<24} "
            f"{result['requests_per_second']:>9.1f} req/s  "
            f"p50 {result['p50_ms']:.2f} ms  p99 {result['p99_ms']:.2f} ms"
        )
    means = {
        name: {key: statistics.fmean(result[key] for result in results) for key in results[0]}
        for name, results in runs.items()
    }
    healthz_rps = means[healthz.name]["requests_per_second"]
    measurements = []
    for scenario in scenarios:
        result = means[scenario.name] | {"errors": sum(r["errors"] for r in runs[scenario.name])}
        measured = Measurement(
            server=server.label, caches=caches, scenario=scenario.name, path=scenario.path,
            status=scenario.status, **result,
            ratio_to_healthz=result["requests_per_second"] / healthz_rps,
            **facts.get((caches, scenario.name), {}),
        )  # fmt: skip
        measurements.append(measured)
        log(
            f"  {server.label:<18} caches {caches:<9} {scenario.name:<24} "
            f"mean of {len(runs[scenario.name])}: {result['requests_per_second']:>9.1f} req/s  "
            f"ratio {measured.ratio_to_healthz:.3f}"
        )
    return measurements


def measure_posting(env: dict, sessions: list[str], args) -> dict:
    """Members post comments concurrently; then every post must be stored exactly once."""
    from django.conf import settings

    from articles.models import Article
    from comments.models import Comment

    essay = Article.objects.get(slug="ai-and-the-gig-economy")
    marker = f"Bench post {time.time_ns()}"
    env = env | {
        # The benchmark posts far faster than any person; the limits would refuse it.
        "COMMENTS_RATE_LIMITS_PER_MEMBER": "1000000/minute",
        "COMMENTS_RATE_LIMITS_PER_IP": "1000000/minute",
    }
    server = Gunicorn(env, threads=1)
    try:
        healthz = load(server, "GET", "/healthz", lambda n: None, sessions, args)
        posts = load(
            server,
            "POST",
            f"/comments/on/{essay.pk}/",
            lambda n: {
                "body": f"{marker} #{n}: pairing AI drafts with a careful human edit "
                "doubled what I deliver in a week.",
                "idempotency_key": str(uuid.uuid4()),
            },
            sessions,
            args,
        )
    finally:
        server.stop()
    stored = list(Comment.objects.filter(body__startswith=marker).values_list("body", flat=True))
    numbers = [body.split("#", 1)[1].split(":", 1)[0] for body in stored]
    result = {
        "posts": args.posts,
        "concurrency": args.connections,
        "members": len(sessions),
        "errors": posts["errors"],
        "stored": len(stored),
        "duplicates": len(numbers) - len(set(numbers)),
        "lost": args.posts - len(set(numbers)),
        "posts_per_second": posts["per_second"],
        "p50_ms": posts["p50_ms"],
        "p99_ms": posts["p99_ms"],
        "healthz_p99_ms": healthz["p99_ms"],
        "p99_ratio_to_healthz": posts["p99_ms"] / healthz["p99_ms"],
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }
    log(
        f"  posting: {args.posts} posts by {len(sessions)} members at {args.connections} at once:"
        f" {result['stored']} stored, {result['duplicates']} duplicates, {result['lost']} lost,"
        f" {result['errors']} errors; p99 {result['p99_ms']:.1f} ms"
        f" = {result['p99_ratio_to_healthz']:.1f} × healthz p99"
    )
    return result


def load(server: Gunicorn, method: str, path: str, form_for, sessions: list[str], args) -> dict:
    """`args.posts` requests from `args.connections` threads on keep-alive connections."""
    csrf = "benchcsrfsecret0123456789abcdefg"  # a 32-character secret is a valid token
    origin = f"https://127.0.0.1:{server.port}"
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": f"sessionid={sessions[index % len(sessions)]}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Origin": origin,
            "Referer": origin + "/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        for n in range(index, args.posts, args.connections):
            form = form_for(n)
            body = urllib.parse.urlencode(form) if form else None
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status not in (200, 201, 302, 303):
                    errors.append(response.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.connections)]
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


def report(measurements: list[Measurement], posting: dict, database: str, args) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    machine = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    payload = {
        "when": stamp,
        "database": database,
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
        "machine": machine,
        "wrk": {"duration_s": args.duration, "connections": args.connections, "threads": 2},
        "measurements": [asdict(m) for m in measurements],
        "posting": posting,
    }
    (RESULTS_DIR / f"{stamp}-{database}.json").write_text(json.dumps(payload, indent=2) + "\n")
    lines = [
        f"Benchmark {stamp}: {database}, cache {payload['cache']}, "
        f"{machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}",
        "",
        "| server | caches | page | req/s | p50 ms | p99 ms | × healthz "
        "| queries | bytes | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measurements:
        lines.append(
            f"| {m.server} | {m.caches} | {m.scenario} | {m.requests_per_second:.1f} | "
            f"{m.p50_ms:.2f} | {m.p99_ms:.2f} | {m.ratio_to_healthz or 0:.3f} | "
            f"{'' if m.queries is None else m.queries} | {'' if m.bytes is None else m.bytes} | "
            f"{m.errors} |"
        )
    lines += [
        "",
        f"Posting: {posting['posts']} comments by {posting['members']} members, "
        f"{posting['concurrency']} at once: {posting['stored']} stored, "
        f"{posting['duplicates']} duplicates, {posting['lost']} lost, {posting['errors']} errors; "
        f"{posting['posts_per_second']:.1f} posts/s, p50 {posting['p50_ms']:.1f} ms, "
        f"p99 {posting['p99_ms']:.1f} ms = {posting['p99_ratio_to_healthz']:.1f} × the p99 of "
        f"/healthz under the same load ({posting['healthz_p99_ms']:.1f} ms).",
    ]
    table = "\n".join(lines) + "\n"
    (RESULTS_DIR / f"latest-{database}.md").write_text(table)
    print("\n" + table)


if __name__ == "__main__":
    main()
