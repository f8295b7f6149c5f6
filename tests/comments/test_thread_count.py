"""The article keeps the number of threads its discussion shows, so a page never counts them."""

import importlib
import uuid

import pytest
from django.apps import apps
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
