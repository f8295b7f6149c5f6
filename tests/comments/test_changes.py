"""Edit, delete and flag: who may, when, and what follows."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from comments import flagging, services
from comments.models import BlockedTerm, Comment, CommentRevision, Notification, Suspension
from tests.factories import make_comment, make_member, make_user

pytestmark = pytest.mark.django_db


def test_author_edits_within_the_window_and_the_old_text_is_kept(client, trusted, article):
    comment = make_comment(article=article, author=trusted, body="First version.")
    client.force_login(trusted)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Second version."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second version." and comment.edited_at is not None
    assert CommentRevision.objects.get(comment=comment).body == "First version."
    page = client.get(client.get(response.url).url).content.decode()
    assert "Second version." in page and "edited <time" in page


def test_edit_is_refused_after_fifteen_minutes_with_the_reason(client, trusted, article):
    comment = make_comment(article=article, author=trusted, body="Original.")
    client.force_login(trusted)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
        response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late text."})
    assert response.status_code == 403
    assert "Too late text." in response.content.decode()
    deadline = comment.created_at + timedelta(minutes=15)
    assert (
        "Comments can be edited for 15 minutes after posting; "
        f"this one could be edited until {deadline:%H:%M} UTC."
    ) in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Original."


def test_edit_that_adds_a_blocked_term_goes_back_to_moderation(client, trusted, article):
    BlockedTerm.objects.create(term="casino")
    comment = make_comment(article=article, author=trusted)
    client.force_login(trusted)
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Visit my casino."})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "casino" in comment.moderation_reason


def test_only_the_author_may_edit_or_delete(client, article):
    comment = make_comment(article=article, body="Mine.")
    client.force_login(make_user())
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked."})
    assert response.status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Mine.", Comment.Status.APPROVED)


def test_suspended_author_cannot_edit(client, trusted, article):
    comment = make_comment(article=article, author=trusted)
    Suspension.objects.create(user=trusted, starts_at=timezone.now(), reason="Cooling off")
    client.force_login(trusted)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "New text."})
    assert response.status_code == 403
    assert "Cooling off" in response.content.decode()


def test_delete_asks_first_then_keeps_the_row(client, trusted, article):
    comment = make_comment(article=article, author=trusted)
    client.force_login(trusted)
    confirm = client.get(f"/comments/{comment.pk}/delete/")
    assert confirm.status_code == 200 and "Delete your comment?" in confirm.content.decode()
    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    article.refresh_from_db()
    assert article.comment_count == 1  # only the fixture's earlier comment is left


def test_flag_asks_for_a_reason_then_counts_once(client, article):
    comment = make_comment(article=article)
    flagger = make_member()
    client.force_login(flagger)
    ask = client.post(f"/comments/{comment.pk}/flag/")
    assert ask.status_code == 200 and "What is wrong with it?" in ask.content.decode()
    bad = client.post(f"/comments/{comment.pk}/flag/", {"reason": "boring"})
    assert bad.status_code == 400
    assert client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"}).status_code == 302
    again = client.post(f"/comments/{comment.pk}/flag/", {"reason": "abuse"})
    assert again.status_code == 400 and "already flagged" in again.content.decode()
    comment.refresh_from_db()
    assert comment.flag_count == 1


def test_three_flags_from_established_members_return_the_comment_and_tell_its_author(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(article=article, body="Buy my course.")
    for reason in ("spam", "self-promotion", "spam"):
        flagger = make_user()
        make_comment(article=article, author=flagger)
        client.force_login(flagger)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/comments/{comment.pk}/flag/", {"reason": reason})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "self-promotion, spam" in comment.moderation_reason
    returned = Notification.objects.get(kind="returned")
    assert returned.recipient == comment.author and returned.status == "sent"
    assert any("back in moderation" in m.subject for m in mailoutbox)
    client.logout()
    assert "Buy my course." not in client.get(article.get_absolute_url()).content.decode()


def test_suspended_member_cannot_flag_or_mark_helpful(client, article):
    comment = make_comment(article=article)
    member = make_user()
    Suspension.objects.create(
        user=member,
        starts_at=timezone.now(),
        until=timezone.now() + timedelta(days=1),
        reason="Abuse",
    )
    client.force_login(member)
    for action, data in (("flag", {"reason": "spam"}), ("helpful", {})):
        response = client.post(f"/comments/{comment.pk}/{action}/", data)
        assert response.status_code == 403
        assert "Abuse" in response.content.decode()


def test_anonymous_actions_send_the_reader_to_sign_in(client, article):
    comment = make_comment(article=article)
    response = client.get(f"/comments/{comment.pk}/helpful/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_members_find_edit_and_delete_for_their_public_comments_without_javascript(client, article):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from tests.factories import make_comment, make_user

    author = make_user()
    mine = make_comment(author=author, article=article, body="My **public** answer.")
    make_comment(article=article, body="Someone else's answer.")
    client.force_login(author)

    def own_controls() -> str:
        html = client.get(article.get_absolute_url()).text
        start = html.index('<details class="own-comments"')
        return html[start : html.index("</details>", start)]

    html = own_controls()
    assert "Your comments here (1)" in html
    assert f'href="/comments/{mine.pk}/edit/"' in html
    assert f'href="/comments/{mine.pk}/delete/"' in html
    posted = f"{mine.created_at.day} {mine.created_at:%B, %H:%M}"
    assert f'Delete<span class="visually-hidden"> your comment posted {posted}</span>' in html
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        later = own_controls()
    assert f'href="/comments/{mine.pk}/edit/"' not in later  # the edit window has closed
    assert f'href="/comments/{mine.pk}/delete/"' in later


def test_a_flag_on_a_comment_a_moderator_just_took_down_is_refused(article):
    """The flagger's page showed it public; by the time the flag arrives it is not."""
    comment = make_comment(article=article)
    as_the_flagger_saw_it = Comment.objects.get(pk=comment.pk)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)
    with pytest.raises(services.Refused) as refused:
        flagging.flag_comment(
            as_the_flagger_saw_it, user=make_member(), reason="spam", now=timezone.now()
        )
    assert refused.value.message == "This comment is not public, so it cannot be flagged."
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.REMOVED, 0)
    assert not comment.flags.exists()


def test_the_flag_limit_counts_each_member_on_their_own(article, settings):
    settings.COMMENTS_FLAG_RATE_LIMITS = ["1/hour"]
    first, second = make_comment(article=article), make_comment(article=article)
    one, other = make_member(), make_member()
    now = timezone.now()
    flagging.flag_comment(first, user=one, reason="spam", now=now)
    with pytest.raises(services.Refused) as refused:
        flagging.flag_comment(second, user=one, reason="spam", now=now)
    assert refused.value.status == 429 and "flagging" in refused.value.message
    # Another member's first flag of the hour is theirs to give.
    flagging.flag_comment(second, user=other, reason="spam", now=now)
    assert second.flags.get().user == other


def test_refusals_say_why_in_words(article, client):
    """The words a member reads when the site refuses an edit or a flag."""
    author = make_member()
    comment = make_comment(article=article, author=author)

    def refusal(action, **kwargs):
        with pytest.raises(services.Refused) as refused:
            action(comment, now=timezone.now(), **kwargs)
        return refused.value.message, refused.value.status

    assert refusal(services.edit_comment, editor=make_user(), body="x") == (
        "Only the author can edit this comment.", 403,
    )  # fmt: skip
    assert refusal(flagging.flag_comment, user=author, reason="spam") == (
        "You cannot flag your own comment.", 400,
    )  # fmt: skip
    assert refusal(flagging.flag_comment, user=make_user(), reason="spam") == (
        "You can flag comments once a moderator has approved one of yours.", 403,
    )  # fmt: skip
    flagger = make_member()
    flagging.flag_comment(comment, user=flagger, reason="spam", now=timezone.now())
    assert refusal(flagging.flag_comment, user=flagger, reason="spam") == (
        "You have already flagged this comment; moderators will look at it.", 400,
    )  # fmt: skip
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)
    comment.refresh_from_db()
    assert refusal(services.edit_comment, editor=author, body="x") == (
        "This comment can no longer be edited.", 403,
    )  # fmt: skip
    assert refusal(flagging.flag_comment, user=make_member(), reason="spam") == (
        "This comment is not public, so it cannot be flagged.", 400,
    )  # fmt: skip


def test_editing_a_held_comment_does_not_tell_moderators_twice(article, moderator):
    author = make_user()  # a first comment: held
    comment = make_comment(article=article, author=author, status=Comment.Status.PENDING)
    Notification.objects.create(recipient=moderator, kind=Notification.Kind.HELD, comment=comment)
    services.edit_comment(comment, editor=author, body="Reworded.", now=timezone.now())
    assert Notification.objects.filter(comment=comment, kind=Notification.Kind.HELD).count() == 1


def test_a_comment_returned_by_flags_leaves_the_public_count_at_once(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 1
    comment = make_comment(article=article)
    now = timezone.now() + timedelta(minutes=1)
    article.refresh_from_db()
    assert article.comment_count == 1
    assert flagging.flag_comment(comment, user=make_member(), reason="spam", now=now)
    article.refresh_from_db()
    assert (article.comment_count, article.comments_changed_at) == (0, now)
