"""PostgreSQL restarted under load: while members post comments through gunicorn, the
database server stops at once (`pg_ctl stop -m immediate`, as a crash or a killed container)
and starts again. Readers and posters get the friendly 503 page within a second while it is
down, the site comes back by itself, and every comment is there whole or not at all.

A PostgreSQL server of the test's own (initdb, pg_ctl): the shared one stays up for the
other tests. Marked `postgres`, so it runs in CI's PostgreSQL leg."""

import threading
import time
import urllib.parse
from collections import Counter

import pytest
from django.utils.crypto import get_random_string

from .harness import Answer, FaultSite, PrivatePostgres, fetch, free_port, serve, wait_for

pytestmark = pytest.mark.postgres

# What "fail fast" means for a reader: an answer well before they would reload.
FAST = 2.0
POSTERS = 3


@pytest.fixture
def database_server():
    server = PrivatePostgres()
    server.start()
    yield server
    server.destroy()


class Poster(threading.Thread):
    """A member posting replies through the real comment form, as comments.js sends it,
    one after another until told to stop; keeps every answer with the time it was sent."""

    def __init__(self, address: str, setup: dict, name: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.address, self.setup, self.label, self.stop = address, setup, name, stop
        self.sent: list[tuple[float, str, Answer]] = []

    def run(self):
        secret = get_random_string(32)
        cookies = f"sessionid={self.setup['session']}; csrftoken={secret}"
        n = 0
        while not self.stop.is_set():
            body = f"Still here, {self.label} {n}."
            form = {"csrfmiddlewaretoken": secret, "body": body,
                    "reply_to": self.setup["reply_to"]}  # fmt: skip
            sent_at = time.monotonic()
            answer = fetch(
                self.address + self.setup["post"],
                data=urllib.parse.urlencode(form).encode(),
                headers={"Cookie": cookies, "X-Requested-With": "fetch"},
                timeout=30,
            )
            self.sent.append((sent_at, body, answer))
            n += 1


def test_postgres_restarted_under_load_gives_a_quick_503_and_loses_no_half_comment(
    database_server, tmp_path
):
    site = FaultSite(database_server.create_database("site"), free_port(), tmp_path)
    try:
        address = serve(
            site,
            COMMENTS_RATE_LIMITS_PER_MEMBER="100000/minute",
            COMMENTS_RATE_LIMITS_PER_IP="100000/minute",
        )
        setup = site.run("reply")
        stop = threading.Event()
        posters = [Poster(address, setup, f"poster {i}", stop) for i in range(POSTERS)]
        for poster in posters:
            poster.start()
        answers = lambda: [entry for p in posters for entry in p.sent]  # noqa: E731
        wait_for(lambda: len(answers()) >= 15, 60, "comments posted before the fault")

        stopped_at = time.monotonic()
        database_server.stop("immediate")
        down_at = time.monotonic()
        # While it is down, a reader of the article and one of the home page.
        reader = fetch(address + setup["article"])
        home = fetch(address + "/")
        wait_for(
            lambda: sum(1 for at, _, a in answers() if at > down_at and a.status == 503) >= 6,
            30, "posts answered while the database is down",
        )  # fmt: skip
        restarting_at = time.monotonic()
        database_server.start()
        started_at = time.monotonic()
        wait_for(
            lambda: any(at > started_at and a.status == 201 for at, _, a in answers()),
            30, "a comment posted after the restart", interval=0.02,
        )  # fmt: skip
        recovered_at = min(at + a.seconds for at, _, a in answers()
                           if at > started_at and a.status == 201)  # fmt: skip
        wait_for(lambda: len(answers()) > 40, 60, "posting to go on")
        stop.set()
        for poster in posters:
            poster.join(40)
    finally:
        site.stop()
        print(site.log_tails())

    for page in (reader, home):
        assert page.status == 503, page
        assert "We&#x27;ll be back in a moment" in page.text or "We'll be back" in page.text
        assert page.headers["Retry-After"].isdigit()
        assert page.seconds < FAST, f"the 503 took {page.seconds:.2f} s"
    sent = answers()
    while_down = [a for at, _, a in sent if down_at < at and at + a.seconds < restarting_at]
    statuses = Counter(a.status for _, _, a in sent)
    assert statuses.keys() <= {201, 503}, statuses  # never a 500, never no answer
    assert while_down and {a.status for a in while_down} == {503}
    slowest = max(a.seconds for a in while_down)
    assert slowest < FAST, f"a post took {slowest:.2f} s to fail while the database was down"
    # Before the fault every post went through; after the restart they go through again.
    assert {a.status for at, _, a in sent if at + a.seconds < stopped_at} == {201}
    assert {a.status for at, _, a in sent if at > recovered_at} == {201}
    posted = {body for _, body, a in sent if a.status == 201}
    print(
        f"{len(sent)} posts, {len(while_down)} while down; 503 within {slowest:.3f} s; "
        f"restart took {started_at - restarting_at:.2f} s; back "
        f"{recovered_at - started_at:.2f} s after PostgreSQL accepted connections again"
    )

    with database_server.connect("site") as db:
        article_id = int(setup["post"].rstrip("/").rsplit("/", 1)[1])
        rows = db.execute(
            "SELECT c.id, c.body, c.body_html, c.status, count(n.id) FROM comments_comment c "
            "LEFT JOIN comments_notification n ON n.comment_id = c.id "
            "WHERE c.article_id = %s AND c.reply_to_id IS NOT NULL GROUP BY c.id",
            [article_id],
        ).fetchall()
        comment_count, approved = db.execute(
            "SELECT a.comment_count, (SELECT count(*) FROM comments_comment c "
            "WHERE c.article_id = a.id AND c.status = 'approved') FROM articles_article a "
            "WHERE a.id = %s",
            [article_id],
        ).fetchone()
    stored = Counter(body for _, body, _, _, _ in rows)
    # Every post the site said was taken is there, once; none is there half-written (its
    # rendered text, its notification to the member answered, its place in the count).
    assert posted <= stored.keys() and set(stored.values()) == {1}
    assert all(html.strip() and body.split(",")[0] in html for _, body, html, _, _ in rows)
    assert {notified for *_, notified in rows} == {1}
    assert comment_count == approved
