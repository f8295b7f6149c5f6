"""Freshness: how long after a committed change an anonymous reader sees it through Varnish.

Each change is made the way people make it, over HTTP through Varnish (which passes
requests with a session cookie): a member posts, edits and deletes a comment, changes their
display name and headline; a moderator approves a held comment with the admin's bulk
action; an editor edits an article in the admin. Before each change the pages that must
show it are read twice by an anonymous reader (so Varnish holds them, and they show the
old state); the clock starts as the change's request is sent, so the time includes the
request itself and is an upper bound on commit-to-visible. The reader then polls each page
until it shows the change, and keeps reading for a while after: any read that shows the
old state again is a stale read.
"""

import re
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from bench.loadgen import GZIP, Connection, Response, member_headers

KINDS = (
    "comment posted",
    "display name",
    "held comment approved",
    "article edited",
    "comment edited",
    "profile headline",
    "comment deleted",
)
GIVE_UP_SECONDS = 100  # beyond s-maxage + stale-while-revalidate: a purge was lost
SETTLE_SECONDS = 0.5  # reads after the change showed, looking for the old page again
POLL_PAUSE = 0.005


class Forms(HTMLParser):
    """The fields a browser would submit from each form of a page, as (name, value) pairs."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[list[str]]] = []
        self._form = self._textarea = self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif tag == "option":
            if self._select is not None:
                self._option(a)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.append([a["name"], a.get("value") or "on"])
                return
            self._form.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = {"name": a["name"], "multiple": "multiple" in a, "chosen": []}
            self._select["first"] = None

    def _option(self, a: dict) -> None:
        value = a.get("value") or ""
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in a:
            self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the newline Django writes after <textarea>.
            self._form.append([name, text.removeprefix("\r\n").removeprefix("\n")])
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self._form += [[self._select["name"], value] for value in chosen]
            self._select = None
        elif tag == "form":
            self._form = None

    def having(self, name: str) -> list[list[str]]:
        for form in self.forms:
            if any(field_name == name for field_name, _ in form):
                return form
        raise SystemExit(f"No form with a field {name!r} on the page")


def filled(form: list[list[str]], **values: str) -> bytes:
    pairs = [(name, value) for name, value in form if name not in values]
    return urlencode(pairs + list(values.items())).encode()


@dataclass
class Watch:
    """A page an anonymous reader polls, and the text whose presence (or absence) shows the
    change."""

    path: str
    text: str
    present: bool = True
    seen_ms: float | None = None
    stale_reads: int = 0
    reads: int = 0
    cached_before: bool = False

    def shows(self, response: Response) -> bool:
        return response.status == 200 and (self.text in response.text) == self.present


@dataclass
class Change:
    kind: str
    perform: Callable[[], Response]
    watches: list[Watch]
    expect: tuple[int, ...] = (302, 303)


@dataclass
class Outcome:
    kind: str
    status: int
    failed: bool  # the change's own request was refused
    request_ms: float
    latency_ms: float | None  # from sending the change to the last watched page showing it
    stale_reads: int
    reads: int
    cached_before: bool
    pages: list[dict] = field(default_factory=list)


class Changes:
    """Makes each kind of change in turn; later kinds act on what earlier ones made."""

    def __init__(self, base: str, cast: dict, members: dict, staff: dict, find_comment):
        self.site = Connection(base)
        self.base = base
        self.cast = cast
        self.members = members  # username → session
        self.staff = staff
        self.find_comment = find_comment  # body text → comment id, from the database
        self.run = uuid.uuid4().hex[:6]
        self.posters = sorted(members)
        self.latest: dict | None = None  # the comment the last "comment posted" made

    def make(self, n: int) -> Change:
        kind = KINDS[n % len(KINDS)]
        method = getattr(self, kind.replace(" ", "_"))
        return method(n)

    def _as(self, session: str, method: str, path: str, body: bytes | None = None) -> Response:
        headers = member_headers(self.base, session)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.site.request(method, path, headers, body)

    def _form(self, session: str, path: str, field_name: str) -> list[list[str]]:
        response = self._as(session, "GET", path)
        if response.status != 200:
            raise SystemExit(f"GET {path} as a member: {response.status}")
        return Forms(response.text).having(field_name)

    def _article(self, n: int) -> dict:
        follow_ups = self.cast["follow_ups"]
        return follow_ups[n % len(follow_ups)]

    def _token(self, n: int) -> str:
        return f"fresh{self.run}x{n}"

    def comment_posted(self, n: int) -> Change:
        article, author = self._article(n), self.posters[n % len(self.posters)]
        text = f"Freshness note {self._token(n)}: pairing drafts with a careful edit helped me."
        body = urlencode({"body": text, "idempotency_key": str(uuid.uuid4())}).encode()
        path = f"/articles/{article['slug']}/"
        self.latest = {"author": author, "text": text, "path": path, "id": None}

        def perform() -> Response:
            response = self._as(
                self.members[author], "POST", f"/comments/on/{article['pk']}/", body
            )
            self.latest["id"] = self._comment_id(response, text)
            return response

        return Change("comment posted", perform, [Watch(path, text)])

    def _comment_id(self, response: Response, text: str) -> int | None:
        match = re.search(r"comment-(\d+)|/comments/(\d+)/", response.headers.get("Location", ""))
        if match:
            return int(match.group(1) or match.group(2))
        return self.find_comment(text) if response.status in (302, 303) else None

    def held_comment_approved(self, n: int) -> Change:
        article, author = self._article(n), self.posters[(n + 1) % len(self.posters)]
        token = self._token(n)
        # More links than COMMENTS_LINK_LIMIT: held for a moderator, even from a regular.
        text = (
            f"Held note {token}: three places that helped me: [one](https://example.org/1), "
            "[two](https://example.org/2) and [three](https://example.org/3)."
        )
        form = {"body": text, "idempotency_key": str(uuid.uuid4())}
        response = self._as(
            self.members[author], "POST", f"/comments/on/{article['pk']}/", urlencode(form).encode()
        )
        comment_id = self.find_comment(text)
        if response.status not in (302, 303) or comment_id is None:
            raise SystemExit(f"Posting a comment to hold failed: {response.status}")
        changelist = "/admin/comments/comment/"
        form = self._form(self.staff["moderator"], changelist, "action")
        approve = filled(form, action="approve", _selected_action=str(comment_id))
        return Change(
            "held comment approved",
            lambda: self._as(self.staff["moderator"], "POST", changelist, approve),
            [Watch(f"/articles/{article['slug']}/", f"Held note {token}")],
        )

    def display_name(self, n: int) -> Change:
        names = self.cast["on_essay_first_page"]
        member = names[n % len(names)]
        session = self.members[member]
        name = f"Fresh Name {self._token(n)}"
        body = filled(self._form(session, "/accounts/settings/", "display_name"), display_name=name)
        essay = f"/articles/{self.cast['essay']['slug']}/"
        return Change(
            "display name",
            lambda: self._as(session, "POST", "/accounts/settings/", body),
            [Watch(f"/members/{member}/", name), Watch(essay, name)],
        )

    def profile_headline(self, n: int) -> Change:
        member = self.posters[(n + 2) % len(self.posters)]
        session = self.members[member]
        headline = f"Translator learning AI tools {self._token(n)}"
        body = filled(self._form(session, "/accounts/profile/", "headline"), headline=headline)
        return Change(
            "profile headline",
            lambda: self._as(session, "POST", "/accounts/profile/", body),
            [Watch(f"/members/{member}/", headline)],
        )

    def article_edited(self, n: int) -> Change:
        article = self._article(n)
        path = f"/admin/articles/article/{article['pk']}/change/"
        summary = f"A follow-up built from the discussion, revised {self._token(n)}."
        body = filled(self._form(self.staff["editor"], path, "summary"), summary=summary)
        return Change(
            "article edited",
            lambda: self._as(self.staff["editor"], "POST", path, body),
            [Watch(f"/articles/{article['slug']}/", summary), Watch("/", summary)],
        )

    def comment_edited(self, n: int) -> Change:
        latest = self._need_latest()
        text = f"Freshness note {self._token(n)}: edited, the careful edit is what mattered."
        old, latest["text"] = latest["text"], text
        body = filled(
            self._form(self.members[latest["author"]], f"/comments/{latest['id']}/edit/", "body"),
            body=text,
        )
        return Change(
            "comment edited",
            lambda: self._as(
                self.members[latest["author"]], "POST", f"/comments/{latest['id']}/edit/", body
            ),
            [Watch(latest["path"], text), Watch(latest["path"], old, present=False)],
        )

    def comment_deleted(self, n: int) -> Change:
        latest = self._need_latest()
        self.latest = None
        path = f"/comments/{latest['id']}/delete/"
        body = filled(self._form(self.members[latest["author"]], path, "csrfmiddlewaretoken"))
        return Change(
            "comment deleted",
            lambda: self._as(self.members[latest["author"]], "POST", path, body),
            [Watch(latest["path"], latest["text"], present=False)],
        )

    def _need_latest(self) -> dict:
        if not self.latest or not self.latest["id"]:
            raise SystemExit("No comment from the last 'comment posted' change to act on")
        return self.latest


def observe(change: Change, reader: Connection) -> Outcome:
    for watch in change.watches:
        reader.get(watch.path, GZIP)
        before = reader.get(watch.path, GZIP)
        if before.status != 200 or watch.shows(before):
            raise SystemExit(f"{change.kind}: {watch.path} shows the change before it is made")
        watch.cached_before = before.from_cache
    started = time.perf_counter()
    response = change.perform()
    request_ms = (time.perf_counter() - started) * 1000
    if response.status not in change.expect:
        return Outcome(change.kind, response.status, True, request_ms, None, 0, 0, False)
    deadline = started + GIVE_UP_SECONDS
    settle_until = None
    while time.perf_counter() < deadline:
        for watch in change.watches:
            page = reader.get(watch.path, GZIP)
            now_ms = (time.perf_counter() - started) * 1000
            if watch.seen_ms is not None:
                watch.reads += 1
                watch.stale_reads += not watch.shows(page)
            elif watch.shows(page):
                watch.seen_ms = now_ms
        if settle_until is None and all(w.seen_ms is not None for w in change.watches):
            settle_until = time.perf_counter() + SETTLE_SECONDS
        if settle_until is not None and time.perf_counter() > settle_until:
            break
        time.sleep(POLL_PAUSE)
    seen = [w.seen_ms for w in change.watches]
    return Outcome(
        kind=change.kind,
        status=response.status,
        failed=False,
        request_ms=request_ms,
        latency_ms=None if None in seen else max(seen),
        stale_reads=sum(w.stale_reads for w in change.watches),
        reads=sum(w.reads for w in change.watches),
        cached_before=all(w.cached_before for w in change.watches),
        pages=[asdict(w) for w in change.watches],
    )


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * percent // 100) - 1)] if ordered else float("nan")


def measure(base: str, cast: dict, members: dict, staff: dict, find_comment, count: int, log):
    """`count` changes of every kind in turn; each one's latency, and the summary."""
    changes = Changes(base, cast, members, staff, find_comment)
    reader = Connection(base)
    outcomes = []
    for n in range(count):
        outcome = observe(changes.make(n), reader)
        outcomes.append(outcome)
        shown = "never" if outcome.latency_ms is None else f"{outcome.latency_ms:7.1f} ms"
        log(
            f"  change {n + 1:>3}/{count} {outcome.kind:<22} status {outcome.status}  "
            f"request {outcome.request_ms:6.1f} ms  seen after {shown}  "
            f"stale reads {outcome.stale_reads}/{outcome.reads}"
            + ("" if outcome.cached_before else "  (page was not cached before the change)")
        )
    reader.close()
    changes.site.close()
    return summarise(outcomes)


def summarise(outcomes: list[Outcome]) -> dict:
    latencies = [o.latency_ms for o in outcomes if o.latency_ms is not None]
    per_kind = {}
    for kind in KINDS:
        mine = [o.latency_ms for o in outcomes if o.kind == kind and o.latency_ms is not None]
        if mine:
            per_kind[kind] = {
                "changes": sum(o.kind == kind for o in outcomes),
                "p50_ms": statistics.median(mine),
                "max_ms": max(mine),
                "stale_reads": sum(o.stale_reads for o in outcomes if o.kind == kind),
            }
    return {
        "changes": len(outcomes),
        "seen": len(latencies),
        "failed_requests": sum(o.failed for o in outcomes),
        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": nearest_rank(latencies, 99),
        "max_ms": max(latencies, default=float("nan")),
        "stale_reads": sum(o.stale_reads for o in outcomes),
        "reads_after_first_sight": sum(o.reads for o in outcomes),
        "cached_before": sum(o.cached_before for o in outcomes),
        "per_kind": per_kind,
        "outcomes": [asdict(o) for o in outcomes],
    }
