"""Moderating in the admin, as a member of the Moderators group."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group

from comments.models import Comment
from comments.permissions import MODERATOR_PERMISSIONS
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def test_moderators_group_has_exactly_the_moderation_permissions():
    group = Group.objects.get(name="Moderators")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == MODERATOR_PERMISSIONS
    assert {f"{app}.{codename}" for app, codename in granted} == {
        "comments.view_comment", "comments.change_comment", "comments.view_commentrevision",
        "comments.view_flag", "comments.add_suspension", "comments.change_suspension",
        "comments.view_suspension", "comments.add_blockedterm", "comments.change_blockedterm",
        "comments.delete_blockedterm", "comments.view_blockedterm", "articles.view_article",
        "accounts.view_profile", "accounts.change_profile", "accounts.view_skill",
        "accounts.change_skill", "comments.add_moderatornote", "comments.view_moderatornote",
        "comments.view_standing", "comments.change_standing",
    }  # fmt: skip
    assert ("accounts", "change_user") not in granted
    assert not any(codename.endswith("auditentry") for _, codename in granted)
    assert not any(app == "auth" for app, _ in granted)


def test_moderator_approves_from_the_queue_and_counts_and_log_follow(client, moderator, article):
    held = [make_comment(article=article, status="pending") for _ in range(2)]
    client.force_login(moderator)
    queue = client.get("/admin/comments/comment/?status=pending")
    assert queue.status_code == 200
    response = client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [c.pk for c in held]},
        follow=True,
    )
    assert "Approved 2 comment(s)." in response.content.decode()
    assert Comment.objects.approved().for_article(article).count() == 2
    article.refresh_from_db()
    assert article.comment_count == 2 and article.comments_changed_at is not None
    assert LogEntry.objects.filter(user=moderator, object_id__in=[c.pk for c in held]).count() == 2


def test_moderator_rejects_and_marks_spam(client, moderator, article):
    a, b = make_comment(article=article), make_comment(article=article)
    client.force_login(moderator)
    client.post(
        "/admin/comments/comment/",
        {"action": "reject", "_selected_action": [a.pk], "removal_reason": "off-topic"},
    )
    client.post("/admin/comments/comment/", {"action": "mark_spam", "_selected_action": [b.pk]})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("rejected", "spam")
    article.refresh_from_db()
    assert article.comment_count == 0


def test_admin_index_shows_the_pending_count(client, moderator, article):
    make_comment(article=article, status="pending")
    client.force_login(moderator)
    assert "1 comment awaiting moderation" in client.get("/admin/").content.decode()


def test_comment_change_page_shows_context_and_earlier_versions(client, moderator, article):
    from comments.models import CommentRevision

    parent = make_comment(article=article)
    reply = make_comment(reply_to=parent)
    CommentRevision.objects.create(comment=reply, body="The text before the edit.")
    client.force_login(moderator)
    page = client.get(f"/admin/comments/comment/{reply.pk}/change/").content.decode()
    assert "The text before the edit." in page
    assert f"/comments/{reply.pk}/" in page
    assert f"/admin/comments/comment/{parent.pk}/change/" in page


def test_moderator_is_refused_on_the_user_change_form(client, moderator):
    member = make_user()
    client.force_login(moderator)
    assert client.get(f"/admin/accounts/user/{member.pk}/change/").status_code == 403
    response = client.post(f"/admin/accounts/user/{moderator.pk}/change/", {"is_superuser": "on"})
    assert response.status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser


def test_moderator_suspends_a_member(client, moderator):
    member = make_user()
    client.force_login(moderator)
    response = client.post(
        "/admin/comments/suspension/add/",
        {
            "user": member.pk,
            "starts_at_0": "2026-01-01",
            "starts_at_1": "00:00:00",
            "until_0": "",
            "until_1": "",
            "reason": "Harassment",
        },
    )
    assert response.status_code == 302
    assert member.suspensions.get().created_by == moderator


def test_moderator_blanks_a_profile_that_breaks_the_rules(client, moderator):
    from accounts.models import Profile
    from tests.factories import make_profile

    profile = make_profile(make_user(), headline="Buy followers now", bio="Cheap **likes**")
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/profile/",
        {"action": "blank_headline_and_bio", "_selected_action": [profile.pk]},
        follow=True,
    )
    assert "Blanked the headline, bio and website of 1 profile(s)." in response.content.decode()
    profile = Profile.objects.get(pk=profile.pk)
    assert (profile.headline, profile.bio, profile.bio_html) == ("", "", "")
    assert LogEntry.objects.filter(user=moderator, object_id=str(profile.pk)).exists()


def test_moderator_cannot_write_in_a_members_name(client, moderator):
    """The change form shows a moderator what a member wrote, and saves none of their words."""
    from accounts.models import Profile
    from tests.factories import make_profile

    profile = make_profile(make_user(), headline="Bookkeeper", website="https://ok.example")
    client.force_login(moderator)
    page = client.get(f"/admin/accounts/profile/{profile.pk}/change/").text
    assert 'name="headline"' not in page and 'name="website"' not in page
    client.post(
        f"/admin/accounts/profile/{profile.pk}/change/",
        {"headline": "Official support: verify at evil.example", "website": "https://evil.example"},
    )
    profile = Profile.objects.get(pk=profile.pk)
    assert (profile.headline, profile.website) == ("Bookkeeper", "https://ok.example")


def test_moderator_approves_a_suggested_skill(client, moderator):
    from accounts.models import Skill

    skill = Skill.objects.create(name="Voice cloning ethics", slug="voice-cloning-ethics",
                                 status=Skill.Status.PENDING)  # fmt: skip
    client.force_login(moderator)
    client.post("/admin/accounts/skill/", {"action": "approve", "_selected_action": [skill.pk]})
    skill.refresh_from_db()
    assert skill.status == Skill.Status.APPROVED


def test_admin_pages_link_the_site_icon(client, moderator):
    """Without a link, browsers ask for /favicon.ico, a 404 logged as a console error."""
    client.force_login(moderator)
    for path in ("/admin/", "/admin/comments/comment/"):
        assert 'rel="icon" href="/static/img/mark.' in client.get(path).content.decode(), path
