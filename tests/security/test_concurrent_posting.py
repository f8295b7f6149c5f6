"""Nothing lost, nothing doubled: concurrent posts against a real server on PostgreSQL."""

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.skills import ensure_skills
from articles.seed import ensure_essay
from comments import services
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CSRF_SECRET = "concurrencytestcsrfsecret0123456"  # a 32-character secret is a valid token


@pytest.fixture(autouse=True)
def restore_migration_data():
    # The transactional test flushes the database when it ends; later tests need these.
    yield
    ensure_essay()
    ensure_skills()


def post(live_server, article, session: str, body: str, key: str) -> int:
    data = urllib.parse.urlencode({"body": body, "idempotency_key": key}).encode()
    request = urllib.request.Request(
        f"{live_server.url}/comments/on/{article.pk}/",
        data=data,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF_SECRET}",
            "X-CSRFToken": CSRF_SECRET,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_fifty_concurrent_posts_from_ten_members_are_stored_exactly_once(live_server, settings):
    # Storage under concurrency is the point here; the limits have their own tests.
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["1000/minute"]
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["1000/minute"]
    article = make_article()
    members = [make_user() for _ in range(10)]
    for member in members:  # each has an approved comment, so new ones post directly
        make_comment(author=member, article=article)
    article.comment_count = 10
    article.save(update_fields=["comment_count"])
    sessions = []
    for member in members:
        client = Client()
        client.force_login(member)
        sessions.append(client.cookies["sessionid"].value)

    marker = f"concurrent-{uuid.uuid4().hex[:8]}"
    jobs = []
    for n in range(50):
        key = str(uuid.uuid4())
        body = f"{marker} #{n}: what worked for me was pairing AI drafts with careful edits."
        jobs.append((sessions[n % 10], body, key))
        if n % 5 == 0:  # a double submit: the same form sent twice at once
            jobs.append((sessions[n % 10], body, key))
    concurrency = 10  # one connection per member, all at once
    start = threading.Barrier(concurrency)

    def send(index_and_job):
        index, job = index_and_job
        if index < concurrency:
            start.wait(timeout=30)  # the first wave leaves together, so requests overlap
        return post(live_server, article, *job)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(send, enumerate(jobs), timeout=120))

    assert all(status in (200, 201, 302) for status in statuses), statuses
    stored = list(Comment.objects.filter(body__startswith=marker).values_list("body", flat=True))
    assert len(stored) == 50
    assert len(set(stored)) == 50
    article.refresh_from_db()
    assert article.comment_count == 60
    assert Comment.objects.for_article(article).approved().count() == 60


def test_the_second_of_two_identical_posts_racing_gets_the_first_ones_comment():
    """The same form sent twice at once: the second request looks for the first one's
    comment before it is committed, finds nothing, and is stopped by the database when it
    stores its own. It answers with the first request's comment."""
    article, author = make_article(), make_user()
    make_comment(author=author, article=article)  # an earlier comment of theirs: not that one
    key = uuid.uuid4()
    make_comment(author=make_user(), article=article, idempotency_key=key)  # another's, same key
    stored = threading.Event()

    def first_request():
        try:
            with transaction.atomic():
                first = make_comment(author=author, article=article, idempotency_key=key)
                stored.set()
                time.sleep(0.5)  # the second request looks meanwhile, then waits on the key
            return first
        finally:
            connection.close()

    def second_request():
        stored.wait(timeout=10)
        try:
            return services.post_comment(
                author=author,
                article=article,
                body="Pairing AI drafts with careful edits.",
                idempotency_key=key,
                now=timezone.now(),
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.submit(first_request), pool.submit(second_request)
        first = first.result(timeout=60)
        answered, created = second.result(timeout=60)
    assert (answered.pk, created) == (first.pk, False)
    assert Comment.objects.filter(author=author, idempotency_key=key).count() == 1
