"""Every endpoint that takes an id, walked as each kind of visitor: a comment's id with
another member's comments in each state, an article's id in each state, a member's name
while the account is active, deactivated or deleted. The status each gets is in the tables
below; moderators' admin pages are walked in tests/security/test_holes.py.

The rule behind the table: a comment exists for a reader only if it is public (approved,
under a published article) or theirs. Others' hidden comments answer 404, never a page
that names them; a public one someone may not change answers 403 with the reason;
anonymous visitors are sent to sign in; suspended members may read but not act.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.deletion import anonymise_member
from articles.models import Article
from comments.models import Comment, Suspension
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

Status = Comment.Status
ROLES = ["anonymous", "member", "suspended", "moderator"]
# The comment's state → how it is made.
KINDS = {
    "public": {"status": Status.APPROVED},
    "held": {"status": Status.PENDING},
    "spam": {"status": Status.SPAM},
    "rejected": {"status": Status.REJECTED},
    "removed": {"status": Status.REMOVED},
    "on a draft": {"status": Status.APPROVED, "draft": True},
}
HIDDEN = ["held", "spam", "rejected", "removed", "on a draft"]

# (method, address, data) → {role: status for a public comment}; every hidden kind answers
# HIDDEN_STATUS[role] unless EXCEPTIONS says otherwise.
ENDPOINTS = {
    "permalink": ("get", "/comments/{id}/", None),
    "edit page": ("get", "/comments/{id}/edit/", None),
    "edit": ("post", "/comments/{id}/edit/", {"body": "Rewritten by someone else."}),
    "delete page": ("get", "/comments/{id}/delete/", None),
    "delete": ("post", "/comments/{id}/delete/", {}),
    "helpful": ("post", "/comments/{id}/helpful/", {}),
    "same here": ("post", "/comments/{id}/react/same-here/", {}),
    "history": ("get", "/comments/{id}/history/", None),
    "flag page": ("post", "/comments/{id}/flag/", {}),
    "flag": ("post", "/comments/{id}/flag/", {"reason": "spam"}),
}
ON_PUBLIC = {
    #               anonymous  member  suspended  moderator
    "permalink":   (302,       302,    302,       302),
    "edit page":   (302,       403,    403,       403),
    "edit":        (302,       403,    403,       403),
    "delete page": (302,       403,    403,       403),
    "delete":      (302,       403,    403,       403),
    "helpful":     (302,       302,    403,       302),
    "same here":   (302,       302,    403,       302),
    "history":     (200,       200,    200,       200),
    "flag page":   (302,       200,    403,       200),
    "flag":        (302,       302,    403,       302),
}  # fmt: skip
# Sign-in comes first on the author's own pages (edit, delete), so an anonymous visitor is
# sent there whatever the id: that names nothing.
HIDDEN_STATUS = {"anonymous": 404, "member": 404, "suspended": 404, "moderator": 404}
SIGN_IN_FIRST = {"edit page", "edit", "delete page", "delete"}
# Staff read drafts (to preview them), so the permalink of an approved comment under one
# takes a moderator to it; nothing else about such a comment opens to them on the site.
EXCEPTIONS = {("permalink", "on a draft", "moderator"): 302}
# What members may do to someone else's public comment.
ACTIONS = {"helpful", "same here", "flag"}


def expected(endpoint: str, kind: str, role: str) -> int:
    if kind == "public":
        return ON_PUBLIC[endpoint][ROLES.index(role)]
    if role == "anonymous" and endpoint in SIGN_IN_FIRST:
        return 302
    return EXCEPTIONS.get((endpoint, kind, role), HIDDEN_STATUS[role])


@pytest.fixture
def visitors(article):
    member = make_user(username="member")
    suspended = make_user(username="suspended")
    moderator = make_user(username="moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (member, suspended, moderator):
        make_comment(user, article)  # past the first-comment hold
    Suspension.objects.create(
        user=suspended, starts_at=timezone.now() - timedelta(hours=1), reason="Insults"
    )
    return {"member": member, "suspended": suspended, "moderator": moderator}


def a_comment_of(kind: str, author, article) -> Comment:
    spec = dict(KINDS[kind])
    if spec.pop("draft", False):
        article = make_article(status=Article.Status.DRAFT)
    return make_comment(author, article, body=f"The author's {kind} words.", **spec)


def client_for(role: str, visitors) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(visitors[role])
    return client


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_visitor_gets_the_status_the_rule_gives(endpoint, kind, article, visitors):
    author = make_user(username="author")
    make_comment(author, article)
    comment = a_comment_of(kind, author, article)
    method, address, data = ENDPOINTS[endpoint]
    for role in ROLES:
        before = state_of(comment)
        response = getattr(client_for(role, visitors), method)(address.format(id=comment.pk), data)
        assert (role, response.status_code) == (role, expected(endpoint, kind, role))
        if kind != "public":
            # Nothing of a hidden comment reaches anyone: not its words, not its article.
            page = response.content.decode()
            assert comment.body not in page and comment.article.title not in page
        acted = kind == "public" and role in ("member", "moderator") and endpoint in ACTIONS
        if not acted:
            assert state_of(comment) == before, f"{role} changed the comment"


def state_of(comment: Comment) -> tuple:
    comment.refresh_from_db()
    return comment.status, comment.body, comment.flags.count(), comment.reactions.count()


@pytest.mark.parametrize("kind", HIDDEN)
def test_the_author_still_reaches_their_own_comment(kind, article):
    author = make_user(username="author")
    comment = a_comment_of(kind, author, article)
    client = client_for("member", {"member": author})
    permalink = client.get(f"/comments/{comment.pk}/")
    # Their own comment under a draft they cannot read is gone with the draft.
    assert permalink.status_code == (404 if kind == "on a draft" else 302)
    assert client.post(f"/comments/{comment.pk}/helpful/").status_code in (400, 404)
    assert client.post(f"/comments/{comment.pk}/flag/").status_code in (400, 404)


# The endpoints that take an article's id or a member's name, walked the same way.
ARTICLE_STATES = {"published": Article.Status.PUBLISHED, "draft": Article.Status.DRAFT}
POST_TO = {
    #             anonymous  member  suspended  moderator (staff preview drafts)
    "published": (302,       302,    403,       302),
    "draft":     (404,       404,    404,       302),
}  # fmt: skip
MEMBER_STATES = ["active", "deactivated", "deleted"]
MEMBER_PAGES = ["/members/{username}/", "/feeds/members/{username}/comments/"]


@pytest.mark.parametrize("state", ARTICLE_STATES)
def test_posting_to_an_article_by_id_follows_the_rule(state, visitors):
    article = make_article(status=ARTICLE_STATES[state])
    for role in ROLES:
        response = client_for(role, visitors).post(
            f"/comments/on/{article.pk}/", {"body": f"Posted by the {role}."}
        )
        assert (role, response.status_code) == (role, POST_TO[state][ROLES.index(role)])
        posted = Comment.objects.filter(body=f"Posted by the {role}.").exists()
        assert posted == (response.status_code == 302 and role != "anonymous")
        if state == "draft" and response.status_code == 404:
            assert article.title not in response.content.decode()


@pytest.mark.parametrize("state", MEMBER_STATES)
@pytest.mark.parametrize("address", MEMBER_PAGES)
def test_a_members_page_and_feed_exist_only_while_the_account_does(state, address, visitors):
    member = make_user(username="walked", display_name="Walked Member")
    if state == "deactivated":
        member.is_active = False
        member.save()
    elif state == "deleted":
        anonymise_member(member, now=timezone.now())
    username = member.username
    for role in ROLES:
        response = client_for(role, visitors).get(address.format(username=username))
        assert (role, response.status_code) == (role, 200 if state == "active" else 404)
        if state != "active":
            assert "Walked Member" not in response.content.decode()
