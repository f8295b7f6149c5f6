"""The weekly digest: opt-in, what is new in what the member follows (follow-ups, the most
helpful answers, new learners of their skills), a web preview, one email a week with a
one-click unsubscribe, and nothing at all when nothing is new."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments import following
from comments.digest import send_weekly_digest
from tests.factories import make_article, make_comment, make_member, make_skill_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(article):
    reader = make_member(username="omar", digest_weekly=True)
    make_skill_entry(reader, "networking", "have")
    following.follow(reader, article)
    return reader


def fill_the_week(article):
    quiet = make_comment(make_member(), article, body="A quiet answer.")
    loud = make_comment(make_member(), article, body="The most helpful answer.")
    type(loud).objects.filter(pk=loud.pk).update(helpful_count=7)
    make_comment(make_member(), make_article(), body="Not in anything followed.")
    make_article(title="What you told us", follow_up_of=article)
    learner = make_member(username="lena")
    make_skill_entry(learner, "networking", "learning", started_learning_at=timezone.now())
    return quiet, loud


def test_the_digest_tells_what_is_new_in_what_the_member_follows(reader, article, mailoutbox):
    fill_the_week(article)
    mail.outbox.clear()
    assert send_weekly_digest.call(reader.pk) == "sent"
    [message] = mail.outbox
    body = message.body
    assert message.to == [reader.email] and "What is new this week" in message.subject
    assert "What you told us" in body
    assert body.index("The most helpful answer.") < body.index("A quiet answer.")
    assert "Not in anything followed." not in body
    assert "lena started learning Networking" in body
    assert "/comments/unsubscribe/" in body and message.extra_headers["List-Unsubscribe"]


def test_once_a_week_and_never_empty(reader, article, mailoutbox):
    mail.outbox.clear()
    assert send_weekly_digest.call(reader.pk) == "nothing new"
    fill_the_week(article)
    assert send_weekly_digest.call(reader.pk) == "sent this week already"
    assert not [m for m in mail.outbox if "What is new this week" in m.subject]


def test_only_members_who_asked_get_it(reader, article, capsys):
    make_member(digest_weekly=False)
    call_command("send_digests")
    assert "1 weekly digest(s) queued" in capsys.readouterr().out


def test_the_unsubscribe_link_turns_it_off(client, reader, article, mailoutbox):
    fill_the_week(article)
    send_weekly_digest.call(reader.pk)
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link).status_code == 200
    reader.refresh_from_db()
    assert not reader.digest_weekly


def test_the_preview_shows_the_same_news_on_the_site(client, reader, article):
    fill_the_week(article)
    client.force_login(reader)
    page = client.get("/notifications/digest/").text
    assert "What you told us" in page and "The most helpful answer." in page
    assert "lena</a> started learning" in page


def test_a_week_old_digest_covers_only_what_came_since(reader, article):
    reader.digest_sent_at = timezone.now() - timedelta(days=8)
    reader.save(update_fields=["digest_sent_at"])
    old = make_comment(make_member(), article, body="Old news.")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=9))
    make_comment(make_member(), article, body="Fresh news.")
    mail.outbox.clear()
    assert send_weekly_digest.call(reader.pk) == "sent"
    assert "Fresh news." in mail.outbox[0].body and "Old news." not in mail.outbox[0].body
