"""What the benchmark learns and prepares inside Django itself, against the bench database.

Query counts and page sizes come from the test client (a production server logs no
queries); sessions are made with `force_login`; staff accounts with `createstaff`.
"""

import os
import sys

from bench.servers import BASE_DIR

STAFF_PASSWORD = "bench-staff-password-not-secret-7341"
MODERATOR = "bench-moderator"
EDITOR = "bench-editor"
ESSAY_SLUG = "ai-and-the-gig-economy"
THREADS_PER_PAGE = 50


def setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import logging

    import django

    django.setup()
    # Each task's start and end is logged at INFO; the bench's progress lines are enough.
    logging.getLogger("django.tasks").setLevel(logging.WARNING)


def tasks_run_in_a_worker() -> bool:
    """Whether purges wait in a queue for the worker (anything but the immediate backend)."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    return not backend.endswith(("ImmediateBackend", "DummyBackend"))


def sessions_for(usernames: list[str]) -> dict[str, str]:
    """A signed-in session key for each of these members."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.filter(username__in=usernames)
    sessions = {}
    for user in users:
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies["sessionid"].value
    missing = set(usernames) - set(sessions)
    if missing:
        raise SystemExit(f"No such members in the bench database: {sorted(missing)}")
    return sessions


def create_staff() -> dict[str, str]:
    """A moderator (the Moderators group) and an editor (superuser), signed in: their
    sessions by role."""
    from django.core.management import call_command

    os.environ["BENCH_STAFF_PASSWORD"] = STAFF_PASSWORD
    for username, role in ((MODERATOR, "--moderator"), (EDITOR, "--superuser")):
        call_command(
            "createstaff",
            role,
            email=f"{username}@example.com",
            username=username,
            display_name=username.replace("-", " ").title(),
            password_from_env="BENCH_STAFF_PASSWORD",
            verbosity=0,
        )
    sessions = sessions_for([MODERATOR, EDITOR])
    return {"moderator": sessions[MODERATOR], "editor": sessions[EDITOR]}


def page_facts(scenarios, session: str) -> dict:
    """Queries and bytes per page, with the rendered fragments cached and without.

    Each is the second request of its kind, after one that filled whatever the mode caches:
    the steady state a server is in under load.
    """
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    anonymous, member = Client(), Client()
    member.cookies["sessionid"] = session
    facts = {}
    for caches, overrides in (("off", settings_with_caches_off()), ("fragment", {})):
        with override_settings(**overrides):
            for scenario in scenarios:
                client = member if scenario.signed_in else anonymous
                client.get(scenario.path, secure=True)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(scenario.path, secure=True)
                if response.status_code != scenario.status:
                    raise SystemExit(
                        f"{scenario.name}: {response.status_code} from the test client"
                    )
                facts[caches, scenario.name] = {
                    "queries": len(queries), "bytes": len(response.content)
                }  # fmt: skip
    connection.close()
    return facts


def settings_with_caches_off() -> dict:
    """What bench/settings.py changes under BENCH_CACHES=off, to override in this process.

    Read from the module itself, run with the switch off and on, so the in-process "off"
    always matches the server's, however the settings module makes it.
    """
    import importlib.util

    def run_settings(caches: str) -> dict:
        spec = importlib.util.find_spec("bench.settings")
        module = importlib.util.module_from_spec(spec)
        before = os.environ.get("BENCH_CACHES")
        os.environ["BENCH_CACHES"] = caches
        try:
            spec.loader.exec_module(module)
        finally:
            os.environ.pop("BENCH_CACHES")
            if before is not None:
                os.environ["BENCH_CACHES"] = before
        return {name: value for name, value in vars(module).items() if name.isupper()}

    off, on = run_settings("off"), run_settings("on")
    missing = object()
    return {name: value for name, value in off.items() if on.get(name, missing) != value}


def cast() -> dict:
    """Who and what the freshness changes use: the follow-up articles (short discussions,
    where a new thread shows on the first page), the essay, and members whose thread starts
    show on the essay's first page (so a new display name shows there too)."""
    from django.db import connection

    from articles.models import Article
    from comments.models import Comment

    essay = Article.objects.get(slug=ESSAY_SLUG)
    follow_ups = list(
        Article.objects.filter(slug__startswith="follow-up-").order_by("slug").values("pk", "slug")
    )
    starts = (
        Comment.objects.filter(article=essay, parent=None, status=Comment.Status.APPROVED)
        .order_by("created_at", "pk")
        .values_list("author__username", flat=True)[:THREADS_PER_PAGE]
    )
    on_first_page = list(dict.fromkeys(u for u in starts if u and u.startswith("bench-")))
    connection.close()
    return {
        "essay": {"pk": essay.pk, "slug": essay.slug},
        "follow_ups": follow_ups,
        "on_essay_first_page": on_first_page,
    }


def comment_with(text: str) -> int | None:
    """The id of the comment whose Markdown contains this text."""
    from django.db import connection

    from comments.models import Comment

    found = Comment.objects.filter(body__contains=text).values_list("pk", flat=True).first()
    connection.close()
    return found


def stored_posts(marker: str) -> list[str]:
    from django.db import connection

    from comments.models import Comment

    bodies = list(Comment.objects.filter(body__startswith=marker).values_list("body", flat=True))
    connection.close()
    return bodies


def skill_with_followers(count: int) -> int:
    """A skill that `count` members (bench-follower-N) follow; made once, kept for reruns."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from accounts.models import Skill
    from comments.follows import Follow

    User = get_user_model()
    skill = Skill.objects.approved().order_by("slug").first()
    existing = set(
        User.objects.filter(username__startswith="bench-follower-").values_list(
            "username", flat=True
        )
    )
    User.objects.bulk_create(
        [
            User(username=name, email=f"{name}@example.com", password="!")
            for name in (f"bench-follower-{n}" for n in range(count))
            if name not in existing
        ],
        batch_size=1000,
    )
    followers = User.objects.filter(username__startswith="bench-follower-")
    Follow.objects.bulk_create(
        [Follow(follower_id=pk, skill=skill) for pk in followers.values_list("pk", flat=True)],
        batch_size=1000,
        ignore_conflicts=True,
    )
    connection.close()
    return skill.pk


def followers_told(marker: str) -> int:
    """How many followers have their notification of the comment that starts with marker."""
    from django.db import connection

    from comments.models import Notification

    told = Notification.objects.filter(
        kind=Notification.Kind.FOLLOWED, comment__body__startswith=marker
    ).count()
    connection.close()
    return told


def database_engine() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
