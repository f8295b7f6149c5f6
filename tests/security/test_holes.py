"""What one member must not reach of another's, and what a moderator must not change: each
case was found by probing the site as a member, a suspended member and a moderator."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Profile, Skill
from articles.models import Article
from comments.models import Suspension
from tests.factories import make_article, make_comment, make_profile, make_user

pytestmark = pytest.mark.django_db

SECRET = "Held words nobody else may read."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def moderator():
    user = make_user(username="moddy", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("status", ["pending", "spam", "rejected", "removed"])
@pytest.mark.parametrize("action", ["flag", "helpful"])
def test_a_comment_that_is_not_public_cannot_be_read_through_flag_or_helpful(status, action):
    comment = make_comment(body=SECRET, status=status)
    response = signed_in(make_user()).post(f"/comments/{comment.pk}/{action}/")
    assert response.status_code == 404
    assert SECRET not in response.text


def test_the_author_still_reaches_their_own_held_comment():
    author = make_user()
    comment = make_comment(author=author, body=SECRET, status="pending")
    response = signed_in(author).get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 200 and SECRET in response.text


@pytest.mark.parametrize("which", ["edit", "delete"])
def test_edit_and_delete_pages_of_a_comment_on_a_draft_name_nothing_to_others(which):
    draft = make_article(title="Unannounced plans", status=Article.Status.DRAFT, published_at=None)
    comment = make_comment(article=draft, author=make_user(is_staff=True))
    response = signed_in(make_user()).get(f"/comments/{comment.pk}/{which}/")
    assert response.status_code == 404
    assert "Unannounced plans" not in response.text


def test_member_and_skill_pages_list_no_comment_under_an_unpublished_article():
    author = make_user(username="writer")
    networking = Skill.objects.get(slug="networking")
    published = make_article(title="Out in the open")
    draft = make_article(title="Still a draft", status=Article.Status.DRAFT, published_at=None)
    make_comment(article=published, author=author, skills=[networking])
    make_comment(article=draft, author=author, skills=[networking])
    for url in ("/members/writer/", "/skills/networking/"):
        page = Client().get(url).text
        assert "Out in the open" in page, url
        assert "Still a draft" not in page, url


def test_a_moderator_cannot_move_a_profile_onto_another_account(moderator, staff):
    member = make_user()
    profile = make_profile(member, headline="Translator")
    client = signed_in(moderator)
    # Moderators may change profiles (to blank them); the owner is not theirs to change.
    client.post(
        f"/admin/accounts/profile/{profile.pk}/change/",
        {"user": staff.pk, "headline": "Official support: call us", "bio": "", "website": ""},
    )
    profile.refresh_from_db()
    assert profile.user == member
    assert not Profile.objects.filter(user=staff).exists()


def suspend(client, user) -> int:
    now = timezone.now()
    response = client.post(
        "/admin/comments/suspension/add/",
        {
            "user": user.pk,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
            "until_0": "",
            "until_1": "",
            "reason": "Testing the rule.",
        },
    )
    return response.status_code


def test_a_moderator_cannot_suspend_staff_or_a_superuser(moderator, staff):
    colleague = make_user(is_staff=True)
    client = signed_in(moderator)
    assert suspend(client, staff) == 200  # the form again, with the error
    assert suspend(client, colleague) == 200
    assert not Suspension.objects.exists()
    assert suspend(client, make_user()) == 302
    assert Suspension.objects.count() == 1


def test_a_superuser_may_suspend_staff_but_nobody_a_superuser(staff):
    client = signed_in(staff)
    assert suspend(client, make_user(is_staff=True)) == 302
    assert suspend(client, make_user(is_staff=True, is_superuser=True)) == 200
    assert Suspension.objects.count() == 1


def test_the_comments_feed_links_members_absolutely_and_deleted_members_not_at_all(settings):
    article = make_article()
    kept, leaving = make_user(username="kept"), make_user(username="leaving")
    make_comment(article=article, author=kept)
    make_comment(article=article, author=leaving)
    anonymise_member(leaving, now=timezone.now())
    feed = Client().get(f"/feeds/articles/{article.slug}/comments/").text
    assert f"<uri>{settings.SITE_URL}/members/kept/</uri>" in feed
    assert "/members/deleted-" not in feed
