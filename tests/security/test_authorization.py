"""Who may do what: state changes are POST with CSRF, ids reach only one's own data,
moderators moderate and nothing more, drafts stay hidden."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import Article
from comments.models import Comment, Flag, Follow, Mute, Notification, Reaction
from comments.notifications import unsubscribe_token
from comments.permissions import MODERATOR_PERMISSIONS
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = {"articles", "comments", "accounts", "search", "core"}
# Views that change something on POST. GET either shows the form (FORM) or is refused or
# sent elsewhere without changing anything (ACTION).
FORM, ACTION = "form", "action"
STATE_CHANGING = {
    "comments:post": ACTION,
    "comments:edit": FORM,
    "comments:delete": FORM,
    "comments:helpful": ACTION,
    "comments:react": ACTION,
    "comments:flag": ACTION,
    "comments:unsubscribe": FORM,
    "accounts:profile_edit": FORM,
    "accounts:picture": ACTION,
    "accounts:suggest_skill": FORM,
    "accounts:settings": FORM,
    "accounts:delete_account": FORM,
    "core:preview": ACTION,
    "core:image_upload": ACTION,
    "comments:follow": ACTION,
    "comments:mute": ACTION,
    "comments:inbox_read_all": ACTION,
    "comments:notification_open": ACTION,
}
READ_ONLY = {
    "articles:index", "articles:about", "articles:detail", "articles:tag", "articles:series",
    "articles:tags", "articles:archive_index",
    "articles:archive", "articles:feed-rss", "articles:feed-atom", "articles:tag-feed-rss",
    "articles:tag-feed-atom", "comments:permalink", "comments:feed", "accounts:member",
    "accounts:skill_map", "accounts:skill", "accounts:export_data", "search:search",
    "comments:member_feed", "comments:skill_feed", "comments:own_controls_css", "core:media",
    "comments:inbox", "accounts:suggest_members", "comments:digest", "comments:history",
}  # fmt: skip
# The signed token in the address authorises it: mail programs POST one-click
# unsubscribes (RFC 8058) without a CSRF token.
CSRF_EXEMPT = {"comments:unsubscribe"}


def our_url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from our_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{entry.name}"


@pytest.fixture
def world(article):
    author, other = make_user(username="author"), make_user(username="other")
    make_comment(other, article)  # past the first-comment hold
    comment = make_comment(author, article, body="The author's words.")
    token = unsubscribe_token(author.pk, "reply")
    # The other member's own notification: what they may open and mark read.
    theirs = Notification.objects.create(recipient=other, kind="reply", comment=comment)
    urls = {
        "comments:post": f"/comments/on/{article.pk}/",
        "comments:edit": f"/comments/{comment.pk}/edit/",
        "comments:delete": f"/comments/{comment.pk}/delete/",
        "comments:helpful": f"/comments/{comment.pk}/helpful/",
        "comments:react": f"/comments/{comment.pk}/react/same-here/",
        "comments:flag": f"/comments/{comment.pk}/flag/",
        "comments:unsubscribe": f"/comments/unsubscribe/{token}/",
        "accounts:profile_edit": "/accounts/profile/",
        "accounts:picture": "/accounts/profile/picture/",
        "accounts:suggest_skill": "/accounts/skills/suggest/",
        "accounts:settings": "/accounts/settings/",
        "accounts:delete_account": "/accounts/delete/",
        "core:preview": "/markdown/preview/comment/",
        "core:image_upload": "/markdown/images/",
        "comments:follow": f"/follow/article/{article.pk}/",
        "comments:mute": f"/mute/{author.pk}/",
        "comments:inbox_read_all": "/notifications/read/",
        "comments:notification_open": f"/notifications/{theirs.pk}/open/",
    }
    return {"author": author, "other": other, "comment": comment, "urls": urls}


def snapshot(world):
    """What the state-changing views could change, to compare before and after."""
    author = type(world["author"]).objects.get(pk=world["author"].pk)
    return (
        Comment.objects.count(),
        tuple(Comment.objects.values_list("pk", "body", "status").order_by("pk")),
        Flag.objects.count(),
        Reaction.objects.count(),
        (author.display_name, author.is_active, author.notify_on_reply, author.avatar),
        getattr(author, "profile_or_none", None) is not None,
        Follow.objects.count(),
        Mute.objects.count(),
        tuple(Notification.objects.values_list("pk", "read_at").order_by("pk")),
    )


HOSTILE_DATA = {
    "body": "Forged.", "idempotency_key": str(uuid.uuid4()), "reason": "spam",
    "display_name": "Forged", "headline": "Forged", "password": "correct-horse-battery-staple",
    "name": "Forged skill", "category": "technical", "content": "x",
}  # fmt: skip


def test_every_view_of_ours_is_classified_so_none_is_forgotten():
    names = set(our_url_names())
    assert names == set(STATE_CHANGING) | READ_ONLY, (
        "Classify new views here and give them the checks below: "
        f"{names ^ (set(STATE_CHANGING) | READ_ONLY)}"
    )


def test_state_changing_views_refuse_a_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["other"])
    before = snapshot(world)
    for name, url in world["urls"].items():
        if name in CSRF_EXEMPT:
            continue
        client.force_login(world["author"] if name != "comments:flag" else world["other"])
        response = client.post(url, HOSTILE_DATA)
        assert response.status_code == 403, name
        assert "CSRF" in response.text or "security check" in response.text.lower(), name
    assert snapshot(world) == before


def test_get_never_changes_anything_and_bare_actions_refuse_it(world, client):
    client.force_login(world["other"])
    before = snapshot(world)
    for name, url in world["urls"].items():
        response = client.get(url, HOSTILE_DATA)
        if STATE_CHANGING[name] == ACTION:
            assert response.status_code in (302, 405), name
        else:
            assert response.status_code in (200, 403), name
    assert snapshot(world) == before
    assert client.get("/comments/on/1/").status_code == 405
    assert client.get("/markdown/preview/comment/").status_code == 405


def test_anonymous_visitors_change_nothing_anywhere(world, client):
    before = snapshot(world)
    for name, url in world["urls"].items():
        if name == "comments:unsubscribe":
            continue  # the token is the authority: tested in test_unsubscribe_token_…
        response = client.post(url, HOSTILE_DATA)
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert "/accounts/login/" in response.url, name
    assert snapshot(world) == before


def test_another_member_cannot_reach_a_members_comment(world, client):
    comment, other = world["comment"], world["other"]
    client.force_login(other)
    before = snapshot(world)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked."}).status_code == 403
    assert client.get(f"/comments/{comment.pk}/delete/").status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert snapshot(world) == before
    # Ids of comments that do not exist, or on a draft, are 404 for everyone.
    draft = make_article(status=Article.Status.DRAFT)
    hidden = make_comment(world["author"], draft)
    for pk in (hidden.pk, 999_999):
        for action in ("helpful", "flag"):
            assert client.post(f"/comments/{pk}/{action}/").status_code == 404
        assert client.get(f"/comments/{pk}/").status_code == 404


def test_data_export_and_settings_only_ever_show_the_signed_in_member(world, client):
    client.force_login(world["other"])
    export = client.get("/accounts/settings/data/", {"user": world["author"].pk})
    data = export.json()
    assert data["account"]["username"] == "other"
    assert "The author's words." not in export.text
    client.post("/accounts/settings/", {"display_name": "Changed", "user": world["author"].pk})
    world["author"].refresh_from_db()
    assert world["author"].display_name != "Changed"
    client.logout()
    assert client.get("/accounts/settings/data/").status_code == 302


def test_an_unsubscribe_token_works_for_its_member_only(world, client):
    token = unsubscribe_token(world["other"].pk, "reply")
    # The author's id with the other member's signature.
    payload = signing.b64_encode(f'{{"user":{world["author"].pk},"kind":"reply"}}'.encode())
    forged = f"{payload.decode()}:{token.split(':', 1)[1]}"
    assert client.post(f"/comments/unsubscribe/{forged}/").status_code == 400
    assert client.post(f"/comments/unsubscribe/{token}/").status_code == 200
    world["author"].refresh_from_db()
    world["other"].refresh_from_db()
    assert world["author"].notify_on_reply and not world["other"].notify_on_reply


@pytest.mark.parametrize(
    "profile", ["comment", "bio", "article"], ids=lambda profile: f"{profile}-preview"
)
def test_every_preview_needs_sign_in(client, profile):
    response = client.post(f"/markdown/preview/{profile}/", {"content": "**x**"})
    assert response.status_code == 403
    assert b"<strong>" not in response.content


def test_only_moderators_reach_the_queue_and_its_actions(client, article):
    pending = make_comment(article=article, status="pending")
    action = {"action": "approve", "_selected_action": [pending.pk]}
    member = make_user()
    client.force_login(member)
    assert client.get("/admin/comments/comment/").status_code == 302  # to the login page
    client.post("/admin/comments/comment/", action)
    staff_without_group = make_user(is_staff=True)
    client.force_login(staff_without_group)
    assert client.get("/admin/comments/comment/").status_code == 403
    assert client.post("/admin/comments/comment/", action).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_moderators_cannot_grant_themselves_anything(client):
    moderator = make_user(is_staff=True)
    group = Group.objects.get(name="Moderators")
    moderator.groups.add(group)
    client.force_login(moderator)
    grant = [Permission.objects.get(codename="change_user").pk]
    attempts = [
        (f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": grant}),
        ("/admin/auth/group/add/", {"name": "Mine", "permissions": grant}),
        (f"/admin/accounts/user/{moderator.pk}/change/", {"is_superuser": "on"}),
        (f"/admin/accounts/user/{moderator.pk}/change/", {"user_permissions": grant}),
        ("/admin/accounts/user/add/", {"username": "sock", "password1": "x", "password2": "x"}),
    ]  # fmt: skip
    for url, data in attempts:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    moderator.refresh_from_db()
    assert not moderator.is_superuser
    assert not moderator.has_perm("accounts.change_user")
    assert set(group.permissions.values_list("codename", flat=True)) == {
        codename for _, codename in MODERATOR_PERMISSIONS
    }
    assert not Group.objects.filter(name="Mine").exists()
