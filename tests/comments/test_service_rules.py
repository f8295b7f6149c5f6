"""The comment services' rules, each pinned where mutation testing (docs/mutation.md) found
that no test would notice it break: idempotent posting, posting limits per member and per
level, what moderating writes and withdraws, keeping flagged comments, thread counts."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import flagging, moderation, reactions, services
from comments.models import Comment, Flag, Notification
from comments.trust import Level
from tests.factories import make_article, make_comment, make_member, make_user

pytestmark = pytest.mark.django_db


def post(article, author, body="An answer.", *, key=None, reply_to=None, now=None):
    return services.post_comment(
        author=author, article=article, body=body, idempotency_key=key or uuid.uuid4(),
        now=now or timezone.now(), reply_to=reply_to,
    )  # fmt: skip


def refusal(call) -> tuple[str, int]:
    with pytest.raises(services.Refused) as refused:
        call()
    return refused.value.message, refused.value.status


# Posting


def test_a_retry_returns_the_first_comment_even_with_the_limit_spent(article, settings):
    """A retry after a lost response is the same post: not a second one, not over a limit."""
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["1/hour"]
    author, key = make_member(), uuid.uuid4()
    first, created = post(article, author, key=key)
    assert created
    assert post(article, author, key=key) == (first, False)


def test_the_same_key_from_two_members_makes_two_comments(article):
    key = uuid.uuid4()
    mine, _ = post(article, make_member(), key=key)
    theirs, created = post(article, make_member(), key=key)
    assert created and theirs != mine


def test_posting_limits_count_each_member_on_their_own_at_their_level(article, settings):
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["2/hour"]
    member, other = make_member(), make_member()
    post(article, member)
    post(article, member)
    assert refusal(lambda: post(article, member))[1] == 429
    post(article, other)  # another member's posts are counted apart
    newcomer = make_user()  # a new member has half the limit: one an hour
    post(article, newcomer)
    assert refusal(lambda: post(article, newcomer))[1] == 429


def test_a_closed_article_says_so(settings):
    closed = make_article(comments_open=False)
    assert refusal(lambda: post(closed, make_member())) == (
        "Comments are closed on this article.", 403,
    )  # fmt: skip


def test_a_trusted_member_and_a_moderator_may_carry_more_links(settings):
    settings.COMMENTS_LINK_LIMIT = 4
    for level, status in [(Level.MEMBER, "pending"), (Level.TRUSTED, "approved"),
                          (Level.MODERATOR, "approved")]:  # fmt: skip
        decision = moderation.initial_status(level, body="Links", link_count=5, honeypot="")
        assert decision.status == status


def test_a_first_public_reply_under_a_public_start_opens_no_new_thread(article):
    start, _ = post(article, make_member())
    post(article, make_member(), reply_to=start)
    article.refresh_from_db()
    assert article.thread_count == 1


def test_each_change_moves_the_discussions_version_even_within_one_instant(article):
    """The version names the cached thread: two changes in the same microsecond must still
    give two versions, one microsecond apart."""
    author, now = make_member(), timezone.now() + timedelta(minutes=1)
    comment, _ = post(article, author, now=now)
    article.refresh_from_db()
    posted = article.comments_changed_at
    assert now <= posted < now + timedelta(milliseconds=1)
    services.edit_comment(comment, editor=author, body="Reworded.", now=now)
    article.refresh_from_db()
    assert article.comments_changed_at == posted + timedelta(microseconds=1)


# Moderating


def test_approving_clears_the_reason_it_was_held_and_counts_what_changed(article, moderator):
    held = make_comment(article=article, status=Comment.Status.PENDING, moderation_reason="Links")
    chosen = Comment.objects.filter(pk=held.pk)
    approve = {"status": Comment.Status.APPROVED, "moderator": moderator, "now": timezone.now()}
    assert services.moderate(chosen, **approve) == 1
    held.refresh_from_db()
    assert (held.moderation_reason, held.removal_reason) == ("", "")
    assert services.moderate(chosen, **approve) == 0  # already approved: nothing changed


def test_rejecting_writes_the_reasons_given_and_nothing_else(article, moderator):
    comment = make_comment(article=article)
    reject = {"status": Comment.Status.REJECTED, "moderator": moderator, "now": timezone.now()}
    services.moderate(Comment.objects.filter(pk=comment.pk), **reject)
    comment.refresh_from_db()
    assert (comment.moderation_reason, comment.removal_reason) == ("", "")
    other = make_comment(article=article)
    services.moderate(Comment.objects.filter(pk=other.pk), **reject, reason="Off topic.")
    other.refresh_from_db()
    assert other.moderation_reason == "Off topic."


def test_rejecting_a_public_comment_stops_its_unsent_emails(article, moderator):
    comment = make_comment(article=article)
    news = Notification.objects.create(
        recipient=make_member(), kind=Notification.Kind.FOLLOWED, comment=comment
    )
    services.moderate(
        Comment.objects.filter(pk=comment.pk), status=Comment.Status.REJECTED,
        moderator=moderator, now=timezone.now(),
    )  # fmt: skip
    news.refresh_from_db()
    assert news.status == Notification.Status.SKIPPED


def test_a_bulk_approval_costs_only_each_replys_own_notifications(article, moderator):
    """Per reply approved: its author told, then the member it answers (a mute checked, a
    reply not told twice). Nothing is fetched per comment to show or log it."""
    ContentType.objects.get_for_model(Comment)  # cached for the process: not per action

    def approve_held_replies(count) -> int:
        top = make_comment(article=article)
        held = [
            make_comment(reply_to=top, author=make_user(), status=Comment.Status.PENDING)
            for _ in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            services.moderate(
                Comment.objects.filter(pk__in=[c.pk for c in held]),
                status=Comment.Status.APPROVED, moderator=moderator, now=timezone.now(),
            )  # fmt: skip
        return len(queries)

    assert approve_held_replies(5) - approve_held_replies(1) == 4 * 4


# What another request changed meanwhile


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_an_authors_change_keeps_the_reactions_made_while_their_page_was_open(article, change):
    """Their page loaded the comment; a reader marked it helpful before they saved. Saving
    writes only what the change is about, so the reader's mark still counts."""
    author = make_member()
    comment, _ = post(article, author)
    as_their_page_loaded_it = Comment.objects.get(pk=comment.pk)
    reactions.react(comment, user=make_member(), kind="helpful", now=timezone.now())
    if change == "edit":
        services.edit_comment(
            as_their_page_loaded_it, editor=author, body="Edited.", now=timezone.now()
        )
    else:
        services.delete_comment(as_their_page_loaded_it, by=author, now=timezone.now())
    assert Comment.objects.get(pk=comment.pk).helpful_count == 1


def test_a_comment_returned_by_flags_counts_every_flag(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 2
    comment = make_comment(article=article, author=make_member())
    for flagger in (make_member(), make_member()):
        returned = flagging.flag_comment(
            comment, user=flagger, reason=Flag.Reason.SPAM, now=timezone.now()
        )
    comment.refresh_from_db()
    assert returned and (comment.status, comment.flag_count) == ("pending", 2)


# Keeping flagged comments


def test_keeping_settles_only_the_kept_comments_flags_and_is_logged(moderator, article):
    """Only public flagged comments are kept; other comments' flags, and flags a moderator
    reviewed before, stay as they were."""
    earlier, now = timezone.now() - timedelta(days=2), timezone.now() + timedelta(minutes=1)
    kept, other = make_comment(article=article), make_comment(article=article)
    returned = make_comment(article=article, status=Comment.Status.PENDING)
    unflagged = make_comment(article=article)
    for comment in (kept, other, returned):
        Flag.objects.create(comment=comment, user=make_user(), reason="spam")
    reviewed = Flag.objects.create(
        comment=kept, user=make_user(), reason="spam", reviewed_at=earlier
    )
    Comment.objects.filter(pk__in=[kept.pk, other.pk, returned.pk]).update(flag_count=1)

    chosen = Comment.objects.filter(pk__in=[kept.pk, returned.pk, unflagged.pk])
    assert flagging.keep_flagged(chosen, moderator=moderator, now=now) == 1

    assert Flag.objects.filter(reviewed_at=now).get().comment == kept
    reviewed.refresh_from_db()
    assert reviewed.reviewed_at == earlier
    counts = dict(Comment.objects.values_list("pk", "flag_count"))
    assert (counts[kept.pk], counts[other.pk], counts[returned.pk]) == (0, 1, 1)
    entry = LogEntry.objects.get(object_id=str(kept.pk))
    assert entry.user == moderator and entry.change_message == "Kept after review: flags dismissed."
    article.refresh_from_db()
    assert article.comments_changed_at == now
    # Nothing flagged among those chosen: nothing kept, nothing logged.
    assert flagging.keep_flagged(chosen, moderator=moderator, now=now) == 0
    assert LogEntry.objects.count() == 1


def test_keeping_flagged_comments_costs_the_same_queries_for_one_or_many(
    moderator, article, django_assert_num_queries
):
    def flagged(count):
        comments = [make_comment(article=article) for _ in range(count)]
        for comment in comments:
            Flag.objects.create(comment=comment, user=make_user(), reason="spam")
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(flag_count=1)
        return Comment.objects.filter(pk__in=[c.pk for c in comments])

    one, many = flagged(1), flagged(5)
    ContentType.objects.get_for_model(Comment)  # cached for the process: not per action
    with CaptureQueriesContext(connection) as for_one:
        flagging.keep_flagged(one, moderator=moderator, now=timezone.now())
    with django_assert_num_queries(len(for_one)):
        flagging.keep_flagged(many, moderator=moderator, now=timezone.now())


def test_a_refusal_reads_as_its_message_in_logs_and_tracebacks():
    assert str(services.Refused("Comments are closed on this article.", status=403)) == (
        "Comments are closed on this article."
    )
