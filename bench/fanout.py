"""The fan-out scenario: one comment tagged with a skill that FOLLOWERS members follow. The
post must come back in its usual time (the fan-out waits for the worker), and every
follower must have their notification within a minute, made by the worker in batches."""

import time
import uuid

from bench import inprocess
from bench.loadgen import concurrent_load

FOLLOWERS = 10_000
DEADLINE_SECONDS = 60
POLL_SECONDS = 0.5


def measure(server, session: str, essay_pk: int, followers: int, posting_p50_ms: float, log):
    skill_pk = inprocess.skill_with_followers(followers)
    marker = f"Fan-out post {time.time_ns()}"
    form = {
        "body": f"{marker}: what a skill with many followers hears about.",
        "idempotency_key": str(uuid.uuid4()),
        "skills": str(skill_pk),
    }
    started = time.perf_counter()
    post = concurrent_load(
        server.base, "POST", f"/comments/on/{essay_pk}/", lambda n: form, [session], 1, 1
    )
    told, waited = 0, 0.0
    while waited < DEADLINE_SECONDS * 3:
        told = inprocess.followers_told(marker)
        waited = time.perf_counter() - started
        if told >= followers:
            break
        time.sleep(POLL_SECONDS)
    result = {
        "followers": followers,
        "told": told,
        "errors": post["errors"],
        "post_ms": post["p50_ms"],
        "posting_p50_ms": posting_p50_ms,
        "all_told_s": waited,
    }
    log(
        f"  fan-out: the post took {result['post_ms']:.0f} ms (posting p50 "
        f"{posting_p50_ms:.0f} ms); {told:,} of {followers:,} followers told in {waited:.1f} s"
    )
    return result
