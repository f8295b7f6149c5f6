"""A Redis that is away costs a cache miss, never a 500."""

import shutil
import socket
import subprocess
import time

import pytest
import redis.connection
from django.core.cache import caches

from articles.models import Article
from comments.models import Comment
from tests.conftest import REQUIRE_SERVICES
from tests.factories import PASSWORD, make_article, make_comment, make_user


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache_at(port: int) -> dict:
    redis = {
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    return {"default": redis, "fragments": redis}


def start_redis(port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        if REQUIRE_SERVICES:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"redis-server did not start on port {port}")


@pytest.fixture
def redis_server():
    """A Redis server of the test's own, on a spare port, that the test may stop (and start
    again: the fixture stops whichever process is last in the list)."""
    port = spare_port()
    processes = [start_redis(port)]
    yield port, processes
    processes[-1].kill()
    processes[-1].wait()


@pytest.fixture
def connection_attempts(monkeypatch):
    """How many times the site tried to reach Redis: a count, not a stopwatch, so a loaded
    machine cannot make the test pass or fail."""
    attempts = []
    real_connect = redis.connection.AbstractConnection.connect

    def counted_connect(connection, *args, **kwargs):
        attempts.append(connection.port)
        return real_connect(connection, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted_connect)
    return attempts


@pytest.mark.django_db
def test_pages_serve_when_redis_is_unreachable(client, settings, connection_attempts):
    settings.CACHES = redis_cache_at(spare_port())  # nothing listens there
    assert client.get("/").status_code == 200
    assert client.get("/articles/ai-and-the-gig-economy/").status_code == 200
    # A dead Redis costs one short timeout, then is left alone for a few seconds: not one
    # try for each of the dozens of cache calls two pages make.
    assert 1 <= len(connection_attempts) <= 2


def test_cache_calls_are_misses_while_redis_is_unreachable(settings):
    settings.CACHES = redis_cache_at(spare_port())
    cache = caches["default"]
    assert cache.get("anything", "miss") == "miss"
    assert cache.add("key", 1) is True  # a lost write, as set() is
    assert cache.incr("counter") == 1
    cache.set("key", "value")  # does not raise


@pytest.mark.django_db
def test_redis_stopping_mid_test_degrades_to_misses(client, settings, member, redis_server):
    port, (process,) = redis_server
    settings.CACHES = redis_cache_at(port)
    cache = caches["default"]
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"

    process.kill()
    process.wait()

    assert cache.get("greeting") is None
    assert client.get("/articles/ai-and-the-gig-economy/").status_code == 200
    client.force_login(member)
    response = client.post("/markdown/preview/comment/", {"content": "**still works**"})
    assert response.status_code == 200
    assert b"<strong>still works</strong>" in response.content
    article = Article.objects.get(slug="ai-and-the-gig-economy")
    make_comment(member, make_article())  # past the first-comment hold
    response = client.post(f"/comments/on/{article.pk}/", {"body": "Posted while Redis is down."})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Posted while Redis is down.", status="approved").exists()
    assert "Posted while Redis is down." in client.get(article.get_absolute_url()).text


@pytest.mark.django_db
def test_log_in_and_sign_up_work_while_redis_is_unreachable(client, settings, connection_attempts):
    """allauth's limits lock through the cache: a lost Redis must not refuse everyone."""
    settings.CACHES = redis_cache_at(spare_port())
    member = make_user(email="outage@example.com")
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    client.logout()
    attempt = {"email": "bad", "username": "x", "password1": "a", "password2": "b"}
    assert client.post("/accounts/signup/", attempt).status_code == 200
    assert 1 <= len(connection_attempts) <= 2


@pytest.mark.django_db
def test_redis_coming_back_is_used_again_without_restarting_the_site(
    client, settings, redis_server, monkeypatch
):
    """The cache reconnects on its own once its back-off (core.cache, shortened here) has
    passed: counts and fragments are shared again, so rate limits hold across processes."""
    monkeypatch.setattr("core.cache.RETRY_AFTER_SECONDS", 0.5)
    port, processes = redis_server
    settings.CACHES = redis_cache_at(port)
    cache = caches["default"]
    cache.set("before", 1)
    processes[0].kill()
    processes[0].wait()
    assert cache.get("before") is None
    assert client.get("/articles/ai-and-the-gig-economy/").status_code == 200

    processes.append(start_redis(port))
    time.sleep(0.6)
    cache.set("after", "back")
    assert cache.get("after") == "back"
    # What the rate limits do: add a counter, then count in Redis.
    assert cache.add("after-count", 0)
    assert cache.incr("after-count") == 1
    assert client.get("/articles/ai-and-the-gig-economy/").status_code == 200
