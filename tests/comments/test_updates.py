"""Answers that grow: a published follow-up invites whoever answered the article it follows;
an update points at the member's earlier answer and shows what changed in their skills in
between; the member's page tells their journey, newest first."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Skill, SkillEntry
from articles.models import Article
from comments.models import Comment, Notification
from tests.factories import make_article, make_comment, make_member, make_skill_entry

pytestmark = pytest.mark.django_db
INVITED = Notification.Kind.INVITED


@pytest.fixture
def answered(article):
    """Two members answered the essay a while ago; a third only replied."""
    with time_machine.travel(timezone.now() - timedelta(days=60), tick=False):
        ana = make_member(username="ana", display_name="Ana Souza", notify_on_invitation=True)
        ben = make_member(username="ben", notify_on_invitation=False)
        first = make_comment(ana, article, body="I started annotating data.")
        make_comment(ben, article, body="I teach prompt writing now.")
        make_comment(make_member(username="cid"), article, reply_to=first, body="Same here.")
    return {"ana": ana, "ben": ben, "answer": first}


def publish_follow_up(article, django_capture_on_commit_callbacks) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(title="What you told us", follow_up_of=article)


def test_a_follow_up_invites_each_member_who_answered_once(
    article, answered, django_capture_on_commit_callbacks, mailoutbox
):
    mail.outbox.clear()
    follow_up = publish_follow_up(article, django_capture_on_commit_callbacks)
    invited = Notification.objects.filter(kind=INVITED)
    assert sorted(invited.values_list("recipient__username", flat=True)) == ["ana", "ben"]
    assert invited.get(recipient=answered["ana"]).comment == answered["answer"]
    assert [message.to for message in mail.outbox] == [[answered["ana"].email]]
    assert "?update_of=" in mail.outbox[0].body and "what has changed for you" in (
        mail.outbox[0].body
    )
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.save()  # saved again: nobody is invited twice
    assert invited.count() == 2


def test_a_draft_follow_up_invites_nobody(article, answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(follow_up_of=article, status=Article.Status.DRAFT, published_at=None)
    assert not Notification.objects.filter(kind=INVITED).exists()


def test_the_invitation_opens_the_form_for_an_update(
    client, article, answered, django_capture_on_commit_callbacks
):
    publish_follow_up(article, django_capture_on_commit_callbacks)
    client.force_login(answered["ana"])
    invitation = Notification.objects.get(kind=INVITED, recipient=answered["ana"])
    opened = client.post(f"/notifications/{invitation.pk}/open/", follow=True)
    assert "An update to your answer of" in opened.text
    assert f'name="update_of" value="{answered["answer"].pk}"' in opened.text
    assert ">Post update</button>" in opened.text


def test_an_update_shows_its_earlier_answer_and_the_skills_that_changed(client, article, answered):
    ana = answered["ana"]
    make_skill_entry(ana, "networking", "learning", started_learning_at=timezone.now())
    entry = make_skill_entry(ana, "data-annotation", "have")
    SkillEntry.objects.filter(pk=entry.pk).update(
        started_learning_at=timezone.now() - timedelta(days=90),  # before the answer
        learned_at=timezone.now() - timedelta(days=10),
    )
    client.force_login(ana)
    response = client.post(
        f"/comments/on/{article.pk}/",
        {"body": "Two months on: I review annotations now.", "update_of": answered["answer"].pk},
    )
    assert response.status_code == 302
    update = Comment.objects.get(body__startswith="Two months on")
    assert update.update_of == answered["answer"]
    networking, annotation = (
        Skill.objects.get(slug=s).name for s in ("networking", "data-annotation")
    )
    assert update.skill_changes == {"started": [networking], "learned": [annotation]}

    client.logout()
    page = client.get(article.get_absolute_url()).text
    answer_date = answered["answer"].created_at.strftime("%-d %B %Y")
    assert f'Update to the answer of <a href="/comments/{answered["answer"].pk}/">' in page
    since = f"Since then, learned {annotation}; started learning {networking}."
    assert f">{answer_date}</time></a>. {since}" in page


def test_only_ones_own_public_answer_can_have_an_update(client, article, answered):
    client.force_login(answered["ben"])
    text = "Taking over the story of Ana."
    refused = client.post(
        f"/comments/on/{article.pk}/", {"body": text, "update_of": answered["answer"].pk}
    )
    assert refused.status_code == 403
    assert "You can only post an update to an answer of yours." in refused.text
    assert text in refused.text  # the text comes back with the reason
    gone = client.post(f"/comments/on/{article.pk}/", {"body": text, "update_of": "999999"})
    assert gone.status_code == 400 and "is not public any more" in gone.text and text in gone.text
    assert not Comment.objects.filter(body=text).exists()


def test_the_member_page_tells_the_journey_newest_first(client, article, answered):
    ana = answered["ana"]
    make_comment(ana, article, body="An update.", update_of=answered["answer"])
    entry = make_skill_entry(ana, "networking", "learning")
    SkillEntry.objects.filter(pk=entry.pk).update(
        started_learning_at=timezone.now() - timedelta(days=30)
    )
    page = client.get(ana.get_absolute_url()).text
    journey = page[page.index('id="journey-heading"') :]
    steps = [
        journey.index("Posted an update on"),
        journey.index("Started learning"),
        journey.index("Answered on"),
    ]
    assert steps == sorted(steps)
    assert "Same here." not in journey  # replies to others are not answers


def test_an_update_is_a_new_comment_under_the_answers_article(client, article, answered):
    client.force_login(answered["ana"])
    elsewhere = make_article(title="Another essay")
    other_article = client.post(
        f"/comments/on/{elsewhere.pk}/", {"body": "Moved.", "update_of": answered["answer"].pk}
    )
    assert other_article.status_code == 403 and "under the article of your answer" in (
        other_article.text
    )
    as_reply = client.post(
        f"/comments/on/{article.pk}/",
        {"body": "Both?", "update_of": answered["answer"].pk, "reply_to": answered["answer"].pk},
    )
    assert as_reply.status_code == 403 and "A reply cannot also be an update" in as_reply.text
    assert not Comment.objects.filter(body__in=["Moved.", "Both?"]).exists()
