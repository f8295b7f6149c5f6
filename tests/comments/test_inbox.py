"""The notification inbox: newest first, in pages and groups, unread ones marked and
counted in the header, opened (and so read) one by one or all at once; a member's own only,
at a query count that does not grow with what is in it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Notification
from tests.factories import make_comment, make_member

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


@pytest.fixture
def member(client):
    member = make_member(username="nadia")
    client.force_login(member)
    return member


def tell(member, kind, body, article):
    comment = make_comment(make_member(), article, body=body)
    return Notification.objects.create(recipient=member, kind=kind, comment=comment)


def test_the_inbox_shows_the_newest_first_and_counts_the_unread_in_the_header(
    client, member, article
):
    tell(member, Kind.REPLY, "First, a reply.", article)
    tell(member, Kind.FOLLOWED, "Then an answer in a followed discussion.", article)
    page = client.get("/notifications/").text
    assert page.index("Then an answer") < page.index("First, a reply.")
    assert page.count('class="inbox-item inbox-unread"') == 2
    assert '<span class="unread-count">2<span class="visually-hidden"> unread</span>' in page
    assert "A new answer in what you follow" in page and "Someone replied to you" in page


def test_opening_a_notification_reads_it_and_goes_to_the_comment(client, member, article):
    note = tell(member, Kind.REPLY, "Have you tried subtitling?", article)
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/comments/{note.comment_id}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="unread-count"' not in client.get("/notifications/").text


def test_mark_all_read(client, member, article):
    for n in range(3):
        tell(member, Kind.FOLLOWED, f"Answer {n}.", article)
    page = client.post("/notifications/read/", follow=True).text
    assert "3 notifications marked read." in page
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()


def test_groups_show_one_kind_of_news(client, member, article):
    tell(member, Kind.MENTION, "Nadia knows this.", article)
    tell(member, Kind.APPROVED, "My held comment.", article)
    mentions = client.get("/notifications/", {"show": "mentions"}).text
    assert "Nadia knows this." in mentions and "My held comment." not in mentions
    moderation = client.get("/notifications/", {"show": "moderation"}).text
    assert "My held comment." in moderation and "Nadia knows this." not in moderation
    assert client.get("/notifications/", {"show": "gossip"}).status_code == 404


def test_another_members_notification_is_not_theirs_to_open(client, member, article):
    someone_elses = tell(make_member(), Kind.REPLY, "Private to them.", article)
    assert client.post(f"/notifications/{someone_elses.pk}/open/").status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None
    assert "Private to them." not in client.get("/notifications/").text


def test_the_inbox_pages_and_costs_the_same_queries_however_full(client, member, article):
    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/", params).status_code == 200
        return len(captured)

    tell(member, Kind.REPLY, "Only one.", article)
    few = queries()
    for n in range(44):
        tell(member, Kind.FOLLOWED, f"Answer number {n}.", article)
    assert queries() == few == queries(page=3)
    last = client.get("/notifications/", {"page": 3}).text
    assert "Page 3 of 3" in last and "Only one." in last


def test_only_members_have_an_inbox(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
