"""Muting a member: their comments fold for the member who muted them (the member's own
stylesheet, so the shared thread stays shared), they cannot mention that member, and their
answers stay out of that member's inbox; private, undone from the same button or settings."""

import uuid

import pytest
from django.utils import timezone

from comments import following, services
from comments.models import Mute, Notification
from tests.factories import make_comment, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(client):
    reader, noisy = make_member(username="rhea"), make_member(username="noisy")
    client.force_login(reader)
    return reader, noisy


def css(client, reader) -> str:
    return client.get(f"/comments/mine.css?member={reader.username}").text


def test_muting_from_the_member_page_folds_their_comments_for_me(client, pair):
    reader, noisy = pair
    page = client.post(
        f"/mute/{noisy.pk}/", {"action": "mute", "next": noisy.get_absolute_url()}, follow=True
    )
    assert "You muted noisy: their comments are folded for you" in page.text
    assert 'aria-pressed="true">Unmute noisy</button>' in page.text
    folded = css(client, reader)
    assert 'li.comment[data-author="noisy"] > article > :is(.comment-text' in folded
    assert "You muted this member" in folded
    client.post(f"/mute/{noisy.pk}/", {"action": "unmute"})
    assert "noisy" not in css(client, reader)
    assert not Mute.objects.exists()


def test_the_stylesheet_is_revalidated_so_a_mute_shows_at_once(client, pair):
    reader, noisy = pair
    first = client.get(f"/comments/mine.css?member={reader.username}")
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    unchanged = client.get(
        f"/comments/mine.css?member={reader.username}", headers={"If-None-Match": first["ETag"]}
    )
    assert unchanged.status_code == 304
    following.mute(reader, noisy)
    changed = client.get(
        f"/comments/mine.css?member={reader.username}", headers={"If-None-Match": first["ETag"]}
    )
    assert changed.status_code == 200 and "noisy" in changed.text


def test_a_muted_member_cannot_mention_me_nor_reach_my_inbox(pair, article, settings):
    reader, noisy = pair
    following.follow(reader, article)
    following.mute(reader, noisy)
    comment, _ = services.post_comment(
        author=noisy, article=article, body="Hey @rhea, look at this.",
        idempotency_key=uuid.uuid4(), now=timezone.now(),
    )  # fmt: skip
    following.fan_out.call(comment.pk)
    assert 'href="/members/rhea/"' in comment.body_html  # still a link for everyone else
    assert not Notification.objects.filter(recipient=reader).exists()


def test_muting_oneself_or_a_moderator_is_refused_in_words(client, pair, moderator):
    reader, _ = pair
    mine = client.post(f"/mute/{reader.pk}/", {"action": "mute"}, follow=True)
    assert "You cannot mute yourself." in mine.text
    staff = client.post(f"/mute/{moderator.pk}/", {"action": "mute"}, follow=True)
    assert "Moderators cannot be muted" in staff.text
    assert not Mute.objects.exists()
    assert client.post("/mute/999999/", {"action": "mute"}).status_code == 404


def test_settings_list_whom_i_muted_with_a_way_back(client, pair):
    reader, noisy = pair
    following.mute(reader, noisy)
    page = client.get("/accounts/settings/").text
    assert "Members you muted" in page and f'action="/mute/{noisy.pk}/"' in page


def test_a_muted_members_reply_does_not_reach_me(pair, article):
    reader, noisy = pair
    following.mute(reader, noisy)
    mine = make_comment(reader, article, body="My answer.")
    services.post_comment(
        author=noisy, article=article, body="A reply you will not hear about.",
        reply_to=mine, idempotency_key=uuid.uuid4(), now=timezone.now(),
    )  # fmt: skip
    assert not Notification.objects.filter(recipient=reader).exists()
