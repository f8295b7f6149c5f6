"""Keys that article pages need together come from Redis in one round trip per request."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from redis import Redis

from accounts import display
from articles import page_versions
from tests.factories import make_article

# The end of a request closes old database connections.
pytestmark = [pytest.mark.redis, pytest.mark.django_db]

GROUP = ["article-pages-version", "member-display-version"]


@pytest.fixture
def round_trips():
    """The commands sent to Redis, by name."""
    sent = []
    original = Redis.execute_command

    def counted(client, *args, **options):
        sent.append(args[0])
        return original(client, *args, **options)

    with mock.patch.object(Redis, "execute_command", counted):
        yield sent


@pytest.fixture
def in_a_request():
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_the_keys_read_together_are_the_ones_the_apps_use():
    assert settings.CACHES["default"]["READ_TOGETHER"] == [GROUP]
    assert GROUP == [page_versions.VERSION_KEY, display.VERSION_KEY]


def test_an_article_page_around_stored_fragments_asks_redis_once(client, settings, round_trips):
    settings.CACHE_FRAGMENTS, settings.CACHE_PAGES = True, False
    article = make_article(body="Around its stored fragments.")
    client.get(article.get_absolute_url())
    round_trips.clear()
    assert "Around its stored fragments." in client.get(article.get_absolute_url()).text
    assert round_trips == ["MGET"]


def test_within_a_request_a_key_read_together_is_read_once(round_trips, in_a_request):
    cache.set_many({"article-pages-version": "a", "member-display-version": 7})
    round_trips.clear()
    assert cache.get("member-display-version") == 7
    assert cache.get("article-pages-version") == "a"
    assert cache.get("member-display-version") == 7
    assert round_trips == ["MGET"]


def test_a_write_in_the_request_is_read_back(in_a_request):
    cache.set_many({"article-pages-version": "a", "member-display-version": 7})
    assert cache.get("member-display-version") == 7
    cache.incr("member-display-version")
    assert cache.get("member-display-version") == 8
    cache.set("article-pages-version", "b")
    assert cache.get("article-pages-version") == "b"
    cache.delete("article-pages-version")
    assert cache.get("article-pages-version", "missing") == "missing"
    assert cache.add("article-pages-version", "c")
    assert cache.get("article-pages-version") == "c"


def test_each_request_reads_afresh(round_trips):
    cache.set("member-display-version", 1)
    for expected in (1, 2):
        request_started.send(sender=None)
        assert cache.get("member-display-version") == expected
        request_finished.send(sender=None)
        cache.set("member-display-version", 2)  # by another process, between requests
    assert round_trips.count("MGET") == 2


def test_outside_a_request_every_read_goes_to_redis(round_trips):
    cache.set("member-display-version", 1)
    assert cache.get("member-display-version") == 1
    assert cache.get("member-display-version") == 1
    assert round_trips == ["SET", "GET", "GET"]
