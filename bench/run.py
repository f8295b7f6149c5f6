"""The benchmark: the site as production runs it, direct to gunicorn and through Varnish.

    make bench                                   # SQLite, local-memory cache
    make bench DATABASE_URL=postgres://… REDIS_URL=redis://…
    .venv/bin/python bench/run.py --duration 2 --sizes 300   # a quick look

It builds its own database (SQLite: var/bench/bench.sqlite3; PostgreSQL: the named
database with "_bench" appended, dropped and recreated), fills it with bench_data, and for
each gunicorn shape (--threads) runs two servers with DJANGO_SETTINGS_MODULE=bench.settings:
one with BENCH_CACHES=off (no discussion fragment cached), measured direct; then the
production one (fragment cached) with Varnish in front (deploy/varnish/site.vcl), measured
direct and through Varnish with gzip accepted as browsers send. With that server it then
measures freshness (changes made over HTTP until an anonymous reader sees them through
Varnish) and posting under load. Every measured response is checked first for its status
and a marker of the expected page. Query counts and page sizes come from the test client.
Ratios are to gunicorn's /healthz measured direct in the same server run. Results: a table
on stdout and JSON plus Markdown under bench/results/.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fanout, freshness, inprocess, report
from bench.loadgen import GZIP, Scenario, check, concurrent_load, fetch, run_wrk
from bench.report import Measurement
from bench.servers import (
    BASE_DIR,
    LOG_PATH,
    SITE_VCL,
    Gunicorn,
    TaskWorker,
    Varnish,
    bench_database_url,
    forget_cached,
    free_port,
    fresh_log,
    manage,
    server_environment,
)

ESSAY = "/articles/ai-and-the-gig-economy/"
ESSAY_MARKER = "Navigating the Opportunities and Challenges"
POSTERS = [f"bench-{n}" for n in range(16)]
STARTED = time.monotonic()


def log(message: str) -> None:
    elapsed = int(time.monotonic() - STARTED)
    print(f"[{elapsed // 60:>2}:{elapsed % 60:02}] {message}", flush=True)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 10000])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument(
        "--threads", type=int, nargs="+", default=[1], help="gunicorn --threads, one run each"
    )
    parser.add_argument("--posts", type=int, default=400, help="comments posted under load")
    parser.add_argument(
        "--changes", type=int, default=63, help="changes timed for freshness (0: none)"
    )
    parser.add_argument(
        "--followers", type=int, default=fanout.FOLLOWERS, help="followers told of one comment"
    )
    parser.add_argument("--vcl", type=Path, default=SITE_VCL, help="the VCL Varnish runs")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    # Stopped from outside, it still stops its servers (the `with` blocks) on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.load_at_start = os.getloadavg()[0]
    if args.load_at_start > 1:
        log(f"The load average is {args.load_at_start:.1f}: other work will skew the figures")
    for tool, package in (("wrk", "wrk"), ("varnishd", "varnish varnish-modules")):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: apt-get install {package} (Debian)")
    source_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    database = "postgresql" if source_url else "sqlite"
    fresh_log()
    log(f"Preparing the {database} bench database… (server logs: {LOG_PATH})")
    database_url = bench_database_url(source_url)
    forget_cached(redis_url)
    gunicorn_port = free_port()
    varnish_port = next(port for port in iter(free_port, None) if port != gunicorn_port)
    purge_urls = (f"http://127.0.0.1:{varnish_port}/",)
    env_on = server_environment(database_url, redis_url, caches="on", purge_urls=purge_urls)
    env_off = server_environment(database_url, redis_url, caches="off")
    # No Varnish runs yet, so nothing to purge while the data is made.
    env_setup = server_environment(database_url, redis_url, caches="on")
    manage(env_setup, "migrate", "--noinput", "-v0")
    manage(env_setup, "bench_data", "--members", str(args.members), "--comments",
           *map(str, args.sizes))  # fmt: skip
    manage(env_setup, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((BASE_DIR / "var" / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]

    essays = [
        Scenario(f"essay {size}", essay_path(size, args.sizes), ESSAY_MARKER, comments=size)
        for size in args.sizes
    ]
    signed_in = Scenario(f"essay {args.sizes[0]} signed in", ESSAY, "Sign out", signed_in=True)
    others = [
        Scenario("home", "/", "What you told us"),
        Scenario("skills map", "/skills/", "The community skills map"),
        Scenario("member page", "/members/bench-1/", "@bench-1"),
    ]

    log("Signing members and staff in, counting queries per page in-process…")
    inprocess.setup(env_setup)
    cast = inprocess.cast()
    members = inprocess.sessions_for(list(dict.fromkeys(POSTERS + cast["on_essay_first_page"])))
    staff = inprocess.create_staff()
    facts = inprocess.page_facts([*essays, signed_in, *others], members[POSTERS[0]])
    signed_in.headers = {"Cookie": f"sessionid={members[POSTERS[0]]}"}
    queued = inprocess.tasks_run_in_a_worker()

    floor = [Scenario("healthz", "/healthz", "ok")]
    direct_on = [
        Scenario("static css", css, "--"), *others, *essays, signed_in,
        *[Scenario(f"{e.name} 304", e.path, "", status=304, comments=e.comments) for e in essays],
    ]  # fmt: skip
    through_varnish = [
        Scenario(s.name, s.path, s.marker, headers=dict(GZIP), comments=s.comments, via="varnish")
        for s in [*others, *essays]
    ]
    measurements: list[Measurement] = []
    fresh = posting = fan_out = None
    for index, threads in enumerate(args.threads):
        log(f"Server {index * 2 + 1} of {len(args.threads) * 2}: caches off, threads={threads}")
        with Gunicorn(env_off, threads, gunicorn_port) as server:
            measurements += measure_server(
                server, None, "off", floor + essays + [signed_in], facts, args
            )
        log(f"Server {index * 2 + 2} of {len(args.threads) * 2}: fragment cached, "
            f"threads={threads}, Varnish in front")  # fmt: skip
        with (
            Gunicorn(env_on, threads, gunicorn_port) as server,
            Varnish(gunicorn_port, varnish_port, args.vcl) as varnish,
            TaskWorker(env_on) if queued else nullcontext(),
        ):
            measurements += measure_server(
                server, varnish, "fragment", floor + direct_on + through_varnish, facts, args
            )
            if index == 0 and args.changes:
                log(f"Freshness: {args.changes} changes through Varnish…")
                fresh = freshness.measure(
                    varnish.base, cast, members, staff, inprocess.comment_with, args.changes, log
                )
            if index == 0 and args.posts:
                log(f"Posting: {args.posts} comments by {len(POSTERS)} members at once…")
                posting = measure_posting(server, [members[m] for m in POSTERS], cast, args)
            if index == 0 and args.followers and queued:
                log(f"Fan-out: one comment in a skill {args.followers:,} members follow…")
                fan_out = fanout.measure(
                    server, members[POSTERS[0]], cast["essay"]["pk"], args.followers,
                    posting["p50_ms"] if posting else float("nan"), log,
                )  # fmt: skip
    table = report.write(measurements, fresh, posting, fan_out, database, args)
    print("\n" + table, flush=True)
    log("Done.")


def essay_path(size: int, sizes: list[int]) -> str:
    return ESSAY if size == sizes[0] else f"/articles/ai-and-the-gig-economy-{size}/"


def measure_server(server, varnish, caches: str, scenarios: list, facts: dict, args) -> list:
    """Each scenario under wrk; its figures are the means of its runs.

    The machine's speed drifts within a run, so the essay pages are measured in order and
    again in reverse, and /healthz first and last: a fixed order read that drift as an
    effect of the number of comments, and of the time a ratio's two terms were measured.
    """
    essays = [s for s in scenarios if s.comments is not None and s.status == 200]
    healthz = scenarios[0]
    runs: dict[tuple, list[dict]] = {}
    checked = {}
    for scenario in [*scenarios, *reversed(essays), healthz]:
        base = varnish.base if scenario.via == "varnish" else server.base
        key = (scenario.via, scenario.name)
        if key not in checked:
            if scenario.status == 304 and not validate_with(server, scenario):
                log(f"  {scenario.name}: the page has no ETag or Last-Modified; not measured")
                checked[key] = None
                continue
            check(base, scenario)
            checked[key] = check(base, scenario)  # through Varnish, the second is a hit
            if scenario.via == "varnish" and not checked[key].from_cache:
                log(f"  {scenario.name}: NOT served from Varnish's cache on the second request")
            if scenario.via == "varnish" and "gzip" not in checked[key].headers.get(
                "Content-Encoding", ""
            ):
                log(f"  {scenario.name}: Varnish answered without gzip")
        if checked[key] is None:
            continue
        url = base + scenario.path
        run_wrk(url, scenario.headers, max(1, args.duration // 5), args.connections)
        result = run_wrk(url, scenario.headers, args.duration, args.connections)
        runs.setdefault(key, []).append(result)
        log(
            f"  {server.label} caches {caches:<8} {scenario.via:<7} {scenario.name:<22} "
            f"{result['requests_per_second']:>9.1f} req/s  "
            f"p50 {result['p50_ms']:.2f} ms  p99 {result['p99_ms']:.2f} ms"
            + (f"  errors {result['errors']}" if result["errors"] else "")
        )
    means = {
        key: {name: statistics.fmean(r[name] for r in results) for name in results[0]}
        for key, results in runs.items()
    }
    healthz_rps = means["direct", healthz.name]["requests_per_second"]
    measurements = []
    for scenario in scenarios:
        key = (scenario.via, scenario.name)
        if key not in runs:
            continue
        result = means[key] | {"errors": sum(r["errors"] for r in runs[key])}
        response = checked[key]
        in_process = facts.get((caches, scenario.name), {}) if scenario.via == "direct" else {}
        measurements.append(
            Measurement(
                server=server.label, caches=caches, via=scenario.via, scenario=scenario.name,
                path=scenario.path, status=scenario.status, runs=len(runs[key]), **result,
                ratio_to_healthz=result["requests_per_second"] / healthz_rps,
                queries=in_process.get("queries"),
                bytes=in_process.get("bytes") if scenario.via == "direct" else response.wire_bytes,
                from_cache=response.from_cache if scenario.via == "varnish" else None,
            )
        )  # fmt: skip
    log(f"  healthz {healthz_rps:,.0f} req/s (mean of {len(runs['direct', healthz.name])}); "
        "ratios: " + ", ".join(
            f"{m.scenario}{' (Varnish)' if m.via == 'varnish' else ''} {m.ratio_to_healthz:.3f}"
            for m in measurements if m.scenario != healthz.name
        ))  # fmt: skip
    return measurements


def validate_with(server, scenario: Scenario) -> bool:
    """Give a 304 scenario the validator the server sends for the page, if it sends one."""
    headers = fetch(server.base, scenario.path).headers
    if headers.get("ETag"):
        scenario.headers = {"If-None-Match": headers["ETag"]}
    elif headers.get("Last-Modified"):
        scenario.headers = {"If-Modified-Since": headers["Last-Modified"]}
    else:
        return False
    return True


def measure_posting(server, sessions: list[str], cast: dict, args) -> dict:
    """Members post comments concurrently; then every post must be stored exactly once."""
    marker = f"Bench post {time.time_ns()}"

    def form(n: int) -> dict:
        return {
            "body": f"{marker} #{n}: pairing AI drafts with a careful human edit "
            "doubled what I deliver in a week.",
            "idempotency_key": str(uuid.uuid4()),
        }

    def load(method: str, path: str, form_for) -> dict:
        return concurrent_load(
            server.base, method, path, form_for, sessions, args.posts, args.connections
        )

    healthz = load("GET", "/healthz", lambda n: None)
    posts = load("POST", f"/comments/on/{cast['essay']['pk']}/", form)
    stored = inprocess.stored_posts(marker)
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
        "database": inprocess.database_engine(),
    }
    log(
        f"  posting: {result['stored']} stored, {result['duplicates']} duplicates, "
        f"{result['lost']} lost, {result['errors']} errors; p99 {result['p99_ms']:.1f} ms"
        f" = {result['p99_ratio_to_healthz']:.1f} × healthz p99"
    )
    return result


if __name__ == "__main__":
    main()
