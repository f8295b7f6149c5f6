"""Rate limits, the honeypot, the first-comment hold and request size caps, each shown
holding; and a limit kept in Redis holding across two server processes."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from comments.models import Comment, Flag
from tests.factories import PASSWORD, make_comment, make_member, make_user
from tests.security.test_redis_outage import spare_port

BASE_DIR = Path(__file__).resolve().parents[2]


def post_comment(client, article, body="A thought on pricing.", **extra):
    data = {"body": body, "idempotency_key": str(uuid.uuid4())} | extra
    return client.post(f"/comments/on/{article.pk}/", data)


@pytest.mark.django_db
def test_flagging_is_limited_per_member(client, settings, article, one_minute_window):
    settings.COMMENTS_FLAG_RATE_LIMITS = ["2/hour"]
    flagger = make_member()
    comments = [make_comment(article=article) for _ in range(3)]
    client.force_login(flagger)
    answers = [
        client.post(f"/comments/{c.pk}/flag/", {"reason": "spam"}).status_code for c in comments
    ]
    assert answers == [302, 302, 429]
    assert Flag.objects.count() == 2


@pytest.mark.django_db
def test_flagging_is_limited_per_address_across_members(
    client, settings, article, one_minute_window
):
    settings.COMMENTS_FLAG_RATE_LIMITS = ["2/hour"]
    comment = make_comment(article=article)
    answers = []
    for _ in range(3):
        client.force_login(make_member())
        answers.append(client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"}))
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "flagging faster than the site allows" in answers[-1].text


@pytest.mark.django_db
def test_posting_is_limited_per_address_across_members(
    client, settings, article, one_minute_window
):
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["2/minute"]
    answers = []
    for _ in range(3):
        client.force_login(make_user())
        answers.append(post_comment(client, article).status_code)
    assert answers == [302, 302, 429]


@pytest.mark.django_db
def test_log_in_attempts_are_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    member = make_user(email="rate@example.com")
    attempt = {"login": member.email, "password": "wrong"}
    answers = [client.post("/accounts/login/", attempt).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    # Not even the right password gets through until the window passes.
    right = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert right.status_code == 429


@pytest.mark.django_db
def test_failed_log_ins_are_limited_per_account(client):
    member = make_user(email="target@example.com")
    for _ in range(5):  # allauth's default: 5 failures per account in 5 minutes
        client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.text


@pytest.mark.django_db
def test_sign_ups_are_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    attempt = {"email": "bad", "username": "x", "password1": "a", "password2": "b"}
    answers = [client.post("/accounts/signup/", attempt).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_honeypot_and_first_comment_hold_keep_posts_out_of_the_thread(client, article):
    newcomer = make_user()
    client.force_login(newcomer)
    post_comment(client, article, body="My first thought.")
    post_comment(client, article, body="Buy now.", website="https://spam.example")
    assert dict(Comment.objects.values_list("body", "status")) == {
        "My first thought.": "pending",
        "Buy now.": "spam",
    }
    client.logout()
    page = client.get(article.get_absolute_url()).text
    assert "My first thought." not in page and "Buy now." not in page


@pytest.mark.django_db
def test_a_five_megabyte_comment_post_is_refused_before_parsing(client, member, article):
    client.force_login(member)
    response = post_comment(client, article, body="x" * (5 * 1024 * 1024))
    assert response.status_code == 413
    assert "That was far too long to send" in response.text
    assert not Comment.objects.exists()


def server_env(tmp_path, redis_db: str, prefix: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_ALLOW")}
    return env | {
        "DEBUG": "0",
        "SECRET_KEY": "two-process-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "STAFF_REQUIRE_MFA": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'two.sqlite3'}",
        "REDIS_URL": re.sub(
            r"(/\d+)?$", f"/{redis_db}", django_settings.REDIS_URL.rstrip("/"), count=1
        ),
        "CACHE_KEY_PREFIX": prefix,
    }


def wait_until_serving(port: int, process, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server process died"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server on port {port} did not start")


@pytest.fixture
def two_server_settings() -> dict:
    """Extra environment for both processes (a test overrides this fixture)."""
    return {}


@pytest.fixture
def two_servers(tmp_path, two_server_settings):
    """Two separate processes of the site, one SQLite file, one Redis database. Yields
    their ports and a function that runs Python code against the same database."""
    redis_db = os.environ.get("REDIS_TEST_DB", "15")
    env = server_env(tmp_path, redis_db, prefix=f"two-{uuid.uuid4().hex[:8]}")
    env |= two_server_settings
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=120)
    if two_server_settings:
        code = two_server_settings["SETUP_CODE"]
        subprocess.run([*manage, "shell", "-c", code], env=env, check=True, timeout=60)
    ports = [spare_port(), spare_port()]
    processes = [
        subprocess.Popen(
            [*manage, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port, process in zip(ports, processes, strict=True):
            wait_until_serving(port, process, deadline)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.redis
def test_the_sign_up_limit_holds_across_two_server_processes(two_servers):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    first, second = two_servers
    page = opener.open(f"http://127.0.0.1:{first}/accounts/signup/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    attempt = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": "bad", "username": "x", "password1": "a"}
    ).encode()

    def sign_up(port: int) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/signup/",
            data=attempt,
            headers={"Referer": f"http://127.0.0.1:{port}/accounts/signup/"},
        )
        try:
            return opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code

    # allauth's default sign-up limit is 20 a minute per address; alternate the processes.
    answers = [sign_up(first if n % 2 else second) for n in range(22)]
    assert answers[:20] == [200] * 20, answers
    # Each process alone has seen only 10 or 11: only a shared count refuses these.
    assert answers[20:] == [429, 429], answers


# A member and five public comments by someone else, made in the servers' own database.
SETUP_MEMBER_AND_COMMENTS = f"""
from allauth.account.models import EmailAddress
from articles.models import Article
from comments.models import Comment
from accounts.models import User
member = User.objects.create_user("poster", "poster@example.com", {PASSWORD!r})
EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
other = User.objects.create_user("other", "other@example.com", {PASSWORD!r})
essay = Article.objects.get(slug="ai-and-the-gig-economy")
# Past the first approval (comments.trust: a member), on another article: their limits.
elsewhere = Article.objects.create(
    title="Elsewhere", slug="elsewhere", body="Text.", status="published"
)
Comment.objects.create(article=elsewhere, author=member, body="Earlier.", status="approved")
for n in range(5):
    Comment.objects.create(article=essay, author=other, body=f"Answer {{n}}", status="approved")
"""


@pytest.mark.redis
@pytest.mark.parametrize(
    "two_server_settings",
    [
        {
            "COMMENTS_RATE_LIMITS_PER_MEMBER": "4/hour",
            "COMMENTS_RATE_LIMITS_PER_IP": "100/hour",
            "COMMENTS_FLAG_RATE_LIMITS": "3/hour",
            "SETUP_CODE": SETUP_MEMBER_AND_COMMENTS,
        }
    ],
)
def test_comment_and_flag_limits_hold_across_two_server_processes(two_servers):
    """Each process alone sees half the posts and flags; only a count shared in Redis
    refuses the fifth post and the fourth flag."""
    now = time.gmtime()
    if now.tm_min == 59 and now.tm_sec > 40:  # the hourly windows are about to turn
        time.sleep(61 - now.tm_sec)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects)
    first, second = two_servers

    def send(port: int, path: str, fields: dict, token: str) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token} | fields).encode(),
            headers={"Referer": f"http://127.0.0.1:{port}{path}"},
        )
        try:
            return opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code

    login = opener.open(f"http://127.0.0.1:{first}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    signed_in = send(first, "/accounts/login/", {"login": "poster", "password": PASSWORD}, token)
    assert signed_in == 302
    essay = (
        opener.open(f"http://127.0.0.1:{second}/articles/ai-and-the-gig-economy/", timeout=10)
        .read()
        .decode()
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', essay).group(1)
    article_id = re.search(r'action="/comments/on/(\d+)/"', essay).group(1)
    comment_ids = re.findall(r'id="comment-(\d+)"', essay)
    assert len(comment_ids) == 5, "the other member's comments are on the page"

    posts = [
        send(
            (first, second)[n % 2],
            f"/comments/on/{article_id}/",
            {"body": f"Attempt {n} at a useful answer.", "idempotency_key": str(uuid.uuid4())},
            token,
        )
        for n in range(5)
    ]
    assert posts == [302, 302, 302, 302, 429], posts
    flags = [
        send((second, first)[n % 2], f"/comments/{pk}/flag/", {"reason": "spam"}, token)
        for n, pk in enumerate(comment_ids[:4])
    ]
    assert flags == [302, 302, 302, 429], flags


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answers are read as sent: a 302 after a post is the sign it was accepted."""

    def redirect_request(self, *args, **kwargs):
        return None
