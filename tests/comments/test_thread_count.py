"""The article keeps the number of threads its discussion shows, so a page never counts them."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments import services
from comments.models import Comment
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def thread_count(article) -> int:
    article.refresh_from_db()
    return article.thread_count


def post(article, author, body: str, reply_to=None) -> Comment:
    comment, _ = services.post_comment(
        author=author, article=article, body=body, idempotency_key=uuid.uuid4(),
        now=timezone.now(), reply_to=reply_to,
    )  # fmt: skip
    return comment


def test_threads_are_counted_as_they_start_and_end(article):
    trusted = make_user()
    make_comment(article=article, author=trusted)  # past the first-comment hold
    assert thread_count(article) == 1
    start = post(article, trusted, "A new thread about prompt libraries.")
    post(article, make_user(verified=True), "A held first comment.")  # not shown: held
    assert thread_count(article) == 2
    lonely = post(article, trusted, "A thread nobody answers.")
    assert thread_count(article) == 3
    services.delete_comment(lonely, by=trusted, now=timezone.now())
    assert thread_count(article) == 2
    # A deleted start still holding up a public reply stays, as "[deleted]".
    post(article, trusted, "An answer below it.", reply_to=start)
    services.delete_comment(start, by=trusted, now=timezone.now())
    assert thread_count(article) == 2


def counts(article) -> tuple[int, int]:
    article.refresh_from_db()
    return article.comment_count, article.thread_count


def test_posts_add_to_the_counts_what_a_recount_would_find(article):
    trusted = make_user()
    make_comment(article=article, author=trusted)  # past the first-comment hold
    held_start = make_comment(article=article, status=Comment.Status.PENDING)
    assert counts(article) == (1, 1)
    post(article, make_user(), "A held first comment.")
    assert counts(article) == (1, 1)
    # The first public reply under a start nobody sees shows that thread, as "[deleted]".
    first = post(article, trusted, "A public answer to a held start.", reply_to=held_start)
    assert counts(article) == (2, 2)
    post(article, trusted, "Another answer there.", reply_to=first)
    post(article, trusted, "A new thread.")
    assert counts(article) == (4, 3)
    with transaction.atomic():
        services.touch_article(article.pk, timezone.now())  # a full recount
    assert counts(article) == (4, 3)


def test_posting_never_counts_the_whole_discussion(article):
    trusted = make_user()
    for n in range(5):
        make_comment(article=article, author=trusted, body=f"Earlier {n}.")
    with CaptureQueriesContext(connection) as queries:
        post(article, trusted, "One more.")
    assert counts(article) == (6, 6)
    # The author's own record is counted (comments.trust), never the discussion's comments.
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counted if '"article_id"' in sql]


def test_pages_follow_the_stored_count(client, article):
    for n in range(51):
        make_comment(article=article, body=f"Thread number {n}.")
    assert thread_count(article) == 51
    page = client.get(article.get_absolute_url() + "?page=9").text
    assert "Page 2 of 2" in page and "Thread number 50." in page


def test_the_migration_counts_the_threads_already_there(article):
    make_comment(article=article)
    make_comment(article=article, status=Comment.Status.REJECTED)
    Article.objects.update(thread_count=0)
    migration = importlib.import_module("comments.migrations.0002_thread_starts")
    migration.count_threads(apps, schema_editor=None)
    assert thread_count(article) == 1
