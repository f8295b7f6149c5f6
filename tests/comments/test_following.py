"""Follow and be told: members follow a discussion, a skill or a member; a comment that
becomes public reaches each follower's inbox once (made by the worker, in batches), and is
withdrawn if the comment is taken down; the inbox groups, pages and marks what came."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Skill
from comments import following, services
from comments.follows import Follow
from comments.models import Comment, Notification
from tests.factories import make_comment, make_member, make_user

pytestmark = pytest.mark.django_db
FOLLOWED = Notification.Kind.FOLLOWED


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post as a member does; what the site does once the post commits (queueing the
    fan-out) runs too."""

    def post(article, author, body="An answer.", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            comment, _ = services.post_comment(
                author=author, article=article, body=body, idempotency_key=uuid.uuid4(),
                now=timezone.now(), **extra,
            )  # fmt: skip
        return comment

    return post


@pytest.fixture
def moderated(django_capture_on_commit_callbacks, moderator):
    def moderated(comment, status, **reason):
        with django_capture_on_commit_callbacks(execute=True):
            services.moderate(
                Comment.objects.filter(pk=comment.pk), status=status, moderator=moderator,
                now=timezone.now(), **reason,
            )  # fmt: skip

    return moderated


def followed_by(comment) -> list[str]:
    """Whose inboxes show the comment as news in what they follow."""
    return sorted(
        Notification.objects.shown()
        .filter(comment=comment, kind=FOLLOWED)
        .values_list("recipient__username", flat=True)
    )


@pytest.fixture
def skill():
    return Skill.objects.approved().first()


def test_a_member_follows_and_unfollows_a_discussion_without_javascript(client, article):
    member = make_member(username="ana")
    client.force_login(member)
    url = f"/follow/article/{article.pk}/"
    page = client.post(url, {"action": "follow", "next": article.get_absolute_url()}, follow=True)
    assert f"You follow the discussion of “{article.title}”." in page.text
    assert 'aria-pressed="true">Following this discussion</button>' in page.text
    again = client.post(url, {"action": "follow"}, follow=True)
    assert f"You already follow the discussion of “{article.title}”." in again.text
    assert Follow.objects.filter(follower=member).count() == 1
    gone = client.post(url, {"action": "unfollow"}, follow=True)
    assert "You no longer follow" in gone.text and not Follow.objects.exists()


def test_with_javascript_the_button_answers_in_place(client, skill):
    client.force_login(make_member())
    answer = client.post(
        f"/follow/skill/{skill.pk}/", {"action": "follow"}, headers={"X-Requested-With": "fetch"}
    )
    assert answer.json() == {"following": True}


def test_following_oneself_or_a_closed_account_is_refused_in_words(client):
    member, closed = make_member(), make_member()
    anonymise_member(closed, now=timezone.now())
    client.force_login(member)
    mine = client.post(f"/follow/member/{member.pk}/", {"action": "follow"}, follow=True)
    assert "You cannot follow yourself." in mine.text
    theirs = client.post(f"/follow/member/{closed.pk}/", {"action": "follow"}, follow=True)
    assert "This member&#x27;s account is closed." in theirs.text
    assert not Follow.objects.exists()
    assert client.post("/follow/planet/1/", {"action": "follow"}).status_code == 404
    assert client.post("/follow/member/999999/", {"action": "follow"}).status_code == 404
    assert client.get(f"/follow/member/{closed.pk}/").status_code == 405


def test_anonymous_readers_are_asked_to_sign_in_to_follow(client, skill):
    page = client.get(skill.get_absolute_url()).text
    assert "to follow this skill." in page and "/accounts/login/?next=" in page
    assert client.post(f"/follow/skill/{skill.pk}/").status_code == 302
    assert not Follow.objects.exists()


def test_posting_follows_the_discussion_unless_turned_off(post, article):
    keen, quiet = make_member(), make_member(follow_on_post=False)
    post(article, keen)
    post(article, quiet)
    assert following.is_following(keen, article) and not following.is_following(quiet, article)


def test_a_public_comment_reaches_each_follower_once_and_not_its_author(post, article, skill):
    author = make_member(username="author")
    of_article, of_skill, of_author, all_three = (
        make_member(username=name) for name in ("reader", "learner", "fan", "keen")
    )
    following.follow(of_article, article)
    following.follow(of_skill, skill)
    following.follow(of_author, author)
    for target in (article, skill, author):
        following.follow(all_three, target)
    following.follow(author, article)
    comment = post(article, author, skills=[skill])
    assert followed_by(comment) == ["fan", "keen", "learner", "reader"]
    assert Notification.objects.filter(recipient=author, kind=FOLLOWED).count() == 0


def test_the_member_replied_to_is_told_once_as_a_reply(post, article):
    asker = make_member(username="asker")
    question = make_comment(asker, article)
    following.follow(asker, article)
    answer = post(article, make_member(), reply_to=question)
    kinds = list(Notification.objects.filter(recipient=asker).values_list("kind", flat=True))
    assert kinds == [Notification.Kind.REPLY]
    assert followed_by(answer) == []


def test_a_held_comment_reaches_followers_only_once_approved(moderated, post, article):
    follower = make_member(username="watcher")
    following.follow(follower, article)
    held = post(article, make_user())  # a new member: held
    assert held.status == Comment.Status.PENDING and followed_by(held) == []
    moderated(held, "approved")
    assert followed_by(held) == ["watcher"]


@pytest.mark.parametrize("taken_down", ["rejected", "pending", "deleted"])
def test_notifications_are_withdrawn_when_the_comment_is_taken_down(
    moderated, post, article, moderator, taken_down
):
    follower = make_member(username="watcher")
    following.follow(follower, article)
    author = make_member()
    comment = post(article, author)
    assert followed_by(comment) == ["watcher"]
    if taken_down == "deleted":
        services.delete_comment(comment, by=author, now=timezone.now())
    else:
        moderated(comment, taken_down, removal_reason="off-topic")
    assert followed_by(comment) == []


def test_a_comment_approved_again_tells_nobody_twice(moderated, post, article, mailoutbox):
    asker, watcher = make_member(username="asker"), make_member(notify_on_followed=True)
    question = make_comment(asker, article)
    following.follow(watcher, article)
    answer = post(article, make_member(), reply_to=question)
    moderated(answer, "pending", removal_reason="off-topic")
    moderated(answer, "approved")
    told = Notification.objects.filter(comment=answer, recipient__in=[asker, watcher])
    assert sorted(told.values_list("recipient", "kind")) == sorted(
        [(asker.pk, "reply"), (watcher.pk, "followed")]
    )
    to_watcher = [m for m in mailoutbox if m.to == [watcher.email]]
    assert len(to_watcher) == 1


def test_an_edit_that_holds_a_comment_again_withdraws_its_news(post, article, settings):
    settings.COMMENTS_LINK_LIMIT = 1
    watcher, author = make_member(username="watcher"), make_member()
    following.follow(watcher, article)
    comment = post(article, author, "Fine words.")
    assert followed_by(comment) == ["watcher"]
    Notification.objects.filter(comment=comment).update(status="pending")  # not sent yet
    services.edit_comment(
        comment, editor=author, body="Buy https://a.example https://b.example now",
        now=timezone.now(),
    )  # fmt: skip
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert followed_by(comment) == []
    # An email the worker had not sent yet is never sent.
    assert not Notification.objects.filter(comment=comment, status="pending").exists()


def test_followers_who_asked_get_an_email_and_the_others_only_the_inbox(post, article, mailoutbox):
    emailed, quiet = make_member(notify_on_followed=True), make_member()
    for member in (emailed, quiet):
        following.follow(member, article)
    mail.outbox.clear()
    comment = post(article, make_member())
    statuses = dict(
        Notification.objects.filter(comment=comment, kind=FOLLOWED).values_list(
            "recipient_id", "status"
        )
    )
    assert statuses == {emailed.pk: "sent", quiet.pk: "skipped"}
    assert [message.to for message in mail.outbox] == [[emailed.email]]


def test_fan_out_reaches_thousands_in_batches_once_even_when_run_twice(article, settings):
    User = get_user_model()
    followers = User.objects.bulk_create(
        [User(username=f"f{n}", email=f"f{n}@example.com") for n in range(2_500)]
    )
    Follow.objects.bulk_create([Follow(follower=user, article=article) for user in followers])
    comment = make_comment(make_member(), article)
    assert following.fan_out.call(comment.pk) == 2_500
    following.fan_out.call(comment.pk)
    assert Notification.objects.filter(comment=comment, kind=FOLLOWED).count() == 2_500


def test_the_settings_page_lists_what_the_member_follows(client, article, skill):
    member, other = make_member(), make_member(display_name="Rosa Diaz")
    for target in (article, skill, other):
        following.follow(member, target)
    client.force_login(member)
    page = client.get("/accounts/settings/").text
    assert f'Discussion: <a href="{article.get_absolute_url()}">{article.title}</a>' in page
    assert f'Skill: <a href="{skill.get_absolute_url()}">{skill.name}</a>' in page
    assert "Member: <a" in page and "Rosa Diaz</a>" in page
    assert f'action="/follow/skill/{skill.pk}/"' in page
