"""The moderation screen as a moderator meets it: the queue, a held comment's one-click
decisions, the admin home's summary, and bulk approval at scale."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import flagging, services
from comments.admin_queue import waited
from comments.models import Comment, Flag, Notification
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
Status = Comment.Status


def member(**overrides):
    """A member without a password: hashing one costs more than everything else here."""
    return make_user(password=None, **overrides)


def held(article, *, hours_ago: float, author=None, **overrides) -> Comment:
    comment = make_comment(author or member(), article, status=Status.PENDING, **overrides)
    posted = timezone.now() - timedelta(hours=hours_ago)
    Comment.objects.filter(pk=comment.pk).update(created_at=posted)
    comment.refresh_from_db()
    return comment


def shown(response) -> list[int]:
    """The ids of the queue's rows, top to bottom."""
    return [comment.pk for comment in response.context["cl"].result_list]


def decide(client, comment, action: str, reason: str = "off-topic", note: str = ""):
    """Press a decision's button on the comment's page, with the reason for the author."""
    return client.post(
        f"/admin/comments/comment/{comment.pk}/change/",
        {
            "CHANGE_FORM-action": action,
            "_selected_action": comment.pk,
            "CHANGE_FORM-removal_reason": reason,
            "CHANGE_FORM-removal_note": note,
        },
        follow=True,
    )


@pytest.fixture
def signed_in(client, moderator):
    client.force_login(moderator)
    return client


# The queue ------------------------------------------------------------------------------


def test_the_comments_address_opens_the_queue_oldest_first(signed_in, article):
    newer = held(article, hours_ago=1)
    older = held(article, hours_ago=5)
    make_comment(article=article, body="Already public.")
    response = signed_in.get(QUEUE)
    assert shown(response) == [older.pk, newer.pk]
    page = response.text
    assert "Comments waiting for moderation, oldest first" in page
    # Every row is pending there, so the status column is left out.
    assert "column-status" not in page


def test_all_statuses_are_one_click_away_newest_first(signed_in, article):
    pending = held(article, hours_ago=3)
    public = make_comment(article=article)
    page = signed_in.get(QUEUE).text
    assert '<a href="?status=all">Show all</a>' in page
    response = signed_in.get(QUEUE, {"status": "all"})
    assert shown(response) == [public.pk, pending.pk]
    assert "column-status" in response.text


def test_links_to_other_filters_keep_the_moderator_in_the_queue(signed_in, article):
    page = signed_in.get(QUEUE).text
    assert f'href="?article__id__exact={article.pk}&amp;status=pending"' in page


def test_a_row_shows_the_comment_as_readers_see_it_briefly(signed_in, article):
    body = (
        "I moved to **AI training** work, see [my notes](https://example.org/notes).\n\n"
        + "A second paragraph that goes on. " * 20
    )
    comment = held(article, hours_ago=1, body=body)
    cell = re.search(r'<th class="field-excerpt">(.*?)</th>', signed_in.get(QUEUE).text, re.S)
    excerpt = cell.group(1)
    assert "<strong>AI training</strong>" in excerpt
    assert "**" not in excerpt and "[my notes]" not in excerpt
    # One link per row, to the comment's page: the member's link is text in the excerpt.
    (link,) = re.findall(r'href="([^"]+)"', excerpt)
    assert link.startswith(f"/admin/comments/comment/{comment.pk}/change/")
    assert "my notes." in excerpt and "paragraph" in excerpt
    assert excerpt.count("A second paragraph") < 20 and "…" in excerpt


def test_a_row_shows_the_authors_record_flags_why_held_age_and_article(signed_in):
    article = make_article(title="What platform work taught a generation of translators")
    dana = member(username="dana", display_name="Dana Q. Tester")
    for status in [Status.APPROVED] * 12 + [Status.REJECTED, Status.SPAM, Status.SPAM]:
        make_comment(dana, article, status=status)
    comment = held(article, hours_ago=3, author=dana, moderation_reason="3 links (more than 2).")
    Comment.objects.filter(pk=comment.pk).update(flag_count=2)
    page = signed_in.get(QUEUE).text
    assert "Dana Q. Tester" in page
    assert f'href="{QUEUE}?author__id__exact={dana.pk}">@dana</a>' in page
    assert "· 12 approved · 1 rejected · 2 spam" in page
    assert "⚑ 2 flags" in page and "3 links (more than 2)." in page
    assert re.search(r"<time [^>]*>3 h</time>", page)
    assert '<span title="What platform work taught a generation of translators">' in page


def test_a_deleted_members_comment_shows_the_promised_label(signed_in, article):
    gone = member(username="deleted-77", display_name="")
    gone.anonymised_at = timezone.now()
    gone.save()
    comment = held(article, hours_ago=1, author=gone)
    row = re.search(r"<tr>.*?</tr>", signed_in.get(QUEUE).text.split("<tbody>")[1], re.S)
    assert "[deleted member]" in row.group(0) and "deleted-77" not in row.group(0)
    page = signed_in.get(f"/admin/comments/comment/{comment.pk}/change/").text
    assert "Suspend @deleted-77" not in page


@pytest.mark.parametrize(
    ("waiting", "shown_as"),
    [
        (timedelta(seconds=30), "now"),
        (timedelta(minutes=4), "4 min"),
        (timedelta(hours=3, minutes=59), "3 h"),
        (timedelta(hours=47), "47 h"),
        (timedelta(days=12, hours=5), "12 d"),
    ],
)
def test_ages_are_short_enough_for_a_narrow_column(waiting, shown_as):
    now = timezone.now()
    assert waited(now - waiting, now) == shown_as


def test_the_queue_costs_the_same_queries_for_two_rows_or_forty(
    signed_in, django_assert_max_num_queries
):
    def queries_for_the_queue(rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(QUEUE)
        assert len(shown(response)) == rows
        return len(queries)

    for _ in range(2):
        held(make_article(), hours_ago=1)
    few = queries_for_the_queue(2)
    for _ in range(38):
        held(make_article(), hours_ago=1)
    assert queries_for_the_queue(40) == few
    with django_assert_max_num_queries(7):
        signed_in.get(QUEUE)


# A held comment's page --------------------------------------------------------------------


def test_a_held_comment_offers_approve_reject_and_spam(signed_in, article):
    comment = held(article, hours_ago=1, body="Worth **reading**.")
    page = signed_in.get(f"/admin/comments/comment/{comment.pk}/change/").text
    buttons = re.findall(
        r'<button type="submit" name="CHANGE_FORM-action"[^>]*>(\w+)</button>', page
    )
    assert buttons == ["Approve", "Reject", "Spam"]
    assert "csrfmiddlewaretoken" in page
    assert "Worth <strong>reading</strong>." in page


def test_a_public_comment_offers_only_what_would_change_it(signed_in, article):
    comment = make_comment(article=article)
    page = signed_in.get(f"/admin/comments/comment/{comment.pk}/change/").text
    assert re.findall(r'name="CHANGE_FORM-action" value="(\w+)"', page) == [
        "remove_and_next",
        "return_and_next",
        "spam_and_next",
    ]


def test_a_comment_its_author_deleted_offers_no_decision(signed_in, article):
    comment = make_comment(article=article, status=Status.REMOVED)
    page = signed_in.get(f"/admin/comments/comment/{comment.pk}/change/").text
    assert "moderation-decisions" not in page


def test_approve_opens_the_next_held_comment_and_keeps_counts_and_mail_right(signed_in, article):
    first = held(article, hours_ago=3)
    passed_over = held(article, hours_ago=4)
    following = held(article, hours_ago=2)
    response = decide(signed_in, first, "approve_and_next")
    assert response.redirect_chain[-1][0] == f"/admin/comments/comment/{following.pk}/change/"
    assert f"Approved the comment by {first.author.public_name}. Here is the next one." in (
        response.text
    )
    first.refresh_from_db()
    article.refresh_from_db()
    assert first.status == Status.APPROVED and article.comment_count == 1
    assert Notification.objects.get(comment=first).kind == Notification.Kind.APPROVED
    assert LogEntry.objects.filter(object_id=str(first.pk)).exists()
    passed_over.refresh_from_db()
    assert passed_over.status == Status.PENDING


def test_reject_and_spam_each_move_on(signed_in, article):
    a, b, c = (held(article, hours_ago=hours) for hours in (3, 2, 1))
    decide(signed_in, a, "reject_and_next")
    response = decide(signed_in, b, "spam_and_next")
    assert response.redirect_chain[-1][0] == f"/admin/comments/comment/{c.pk}/change/"
    assert f"Marked the comment by {b.author.public_name} as spam." in response.text
    assert [Comment.objects.get(pk=x.pk).status for x in (a, b, c)] == [
        "rejected",
        "spam",
        "pending",
    ]


def test_the_last_decision_returns_to_the_queue_saying_it_is_empty(signed_in, article):
    only = held(article, hours_ago=1)
    response = decide(signed_in, only, "approve_and_next")
    assert response.redirect_chain[-1][0] == f"{QUEUE}?status=pending"
    assert "The queue is empty." in response.text


def test_the_end_of_the_queue_mentions_comments_passed_over(signed_in, article):
    held(article, hours_ago=5)
    last = held(article, hours_ago=1)
    response = decide(signed_in, last, "reject_and_next")
    assert response.redirect_chain[-1][0] == f"{QUEUE}?status=pending"
    assert "That was the last in line; 1 passed over earlier still waits." in response.text


def test_moderators_cannot_rewrite_a_members_comment(signed_in, article):
    comment = held(article, hours_ago=1, body="What the member wrote.")
    signed_in.post(
        f"/admin/comments/comment/{comment.pk}/change/",
        {
            "body": "Words put in their mouth.",
            "moderation_reason": "Checked the links.",
            "_save": "Save",
            **inline_management_forms(),
        },
    )
    comment.refresh_from_db()
    assert comment.body == "What the member wrote."
    assert comment.moderation_reason == "Checked the links."


def inline_management_forms() -> dict:
    return {
        f"{prefix}-{name}": value
        for prefix in ("revisions", "flags")
        for name, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
    }


def test_a_member_without_moderation_rights_cannot_decide(client, article):
    comment = held(article, hours_ago=1)
    client.force_login(member(is_staff=True))
    assert decide(client, comment, "approve_and_next").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


# The admin home ---------------------------------------------------------------------------


def test_the_admin_home_says_what_waits_and_links_to_it(signed_in, article):
    with time_machine.travel(timezone.now() - timedelta(hours=5), tick=False):
        held(article, hours_ago=0)
    held(article, hours_ago=1)
    flagged = make_comment(article=article)
    Comment.objects.filter(pk=flagged.pk).update(flag_count=1)
    page = signed_in.get("/admin/").text
    assert f'<a href="{QUEUE}?status=pending"><strong>2 comments awaiting moderation' in page
    assert re.search(rf'<a href="{QUEUE}\?status=pending">The oldest has waited 5\xa0hours', page)
    assert (
        f'<a href="{QUEUE}?status=approved&amp;flagged=yes"><strong>1 public comment flagged'
        in (page)
    )
    flagged_queue = signed_in.get(QUEUE, {"status": "approved", "flagged": "yes"})
    assert shown(flagged_queue) == [flagged.pk]


def test_the_admin_home_says_when_nothing_waits(signed_in, article):
    page = signed_in.get("/admin/").text
    assert "No comment awaits moderation" in page and "No public comment is flagged" in page
    assert "The oldest has waited" not in page


# Bulk approval ----------------------------------------------------------------------------

BULK = 500
ARTICLES = 5


def test_approving_500_held_comments_at_once_keeps_every_count_right(
    signed_in, django_assert_max_num_queries
):
    """As a moderator does it: tick the page, "Select all 500", approve."""
    articles = [make_article() for _ in range(ARTICLES)]
    authors = [member() for _ in range(10)]
    comments = [
        Comment(article=articles[n % ARTICLES], author=authors[n % 10], body=f"Held note {n}.")
        for n in range(BULK)
    ]
    for comment in comments:
        comment.render()
    Comment.objects.bulk_create(comments)
    spam = make_comment(article=articles[0], status=Status.SPAM)
    first_page = shown(signed_in.get(QUEUE))
    form = {"action": "approve", "select_across": "1", "index": "0", "_selected_action": first_page}

    # Per comment, only the row that tells its author; everything else is done in bulk.
    with django_assert_max_num_queries(BULK + 30):
        response = signed_in.post(QUEUE, form, follow=True)
    assert f"Approved {BULK} comment(s)." in response.text
    assert not Comment.objects.pending().exists()
    assert Comment.objects.approved().count() == BULK
    assert Comment.objects.get(pk=spam.pk).status == Status.SPAM
    for article in articles:
        article.refresh_from_db()
        assert (article.comment_count, article.thread_count) == (BULK // ARTICLES,) * 2
    assert Notification.objects.filter(kind=Notification.Kind.APPROVED).count() == BULK
    assert LogEntry.objects.count() == BULK


def test_ticked_comments_of_any_status_are_moderated_from_a_filtered_list(signed_in, article):
    public = make_comment(article=article)
    response = signed_in.post(
        f"{QUEUE}?status=all",
        {"action": "reject", "_selected_action": [public.pk], "removal_reason": "attack"},
        follow=True,
    )
    assert "Rejected 1 comment(s)." in response.text
    article.refresh_from_db()
    assert article.comment_count == 0


def test_keeping_a_flagged_comment_dismisses_its_flags_and_new_ones_count_from_zero(
    client, moderator, article, settings, django_capture_on_commit_callbacks
):
    """A moderator who looked at a flagged comment and keeps it takes it off the flagged
    list; the flags already raised no longer push it back to moderation."""
    settings.COMMENTS_FLAG_THRESHOLD = 2
    comment = make_comment(article=article, body="A blunt but fair answer.")
    flaggers = []
    for _ in range(2):
        flagger = make_user()
        make_comment(flagger, article)  # members with approved comments: their flags count
        flaggers.append(flagger)
    flagging.flag_comment(comment, user=flaggers[0], reason="abuse", now=timezone.now())
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/comments/comment/?status=all",
            {"action": "keep_flagged", "_selected_action": [comment.pk]},
            follow=True,
        )
    assert "Kept 1 flagged comment(s); their flags are dismissed." in response.text
    comment.refresh_from_db()
    assert comment.flag_count == 0 and comment.status == Comment.Status.APPROVED
    assert not Flag.objects.filter(comment=comment, reviewed_at=None).exists()
    # One new flag is one, not two: the comment stays public.
    flagging.flag_comment(comment, user=flaggers[1], reason="abuse", now=timezone.now())
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.APPROVED, 1)


def test_approving_a_comment_returned_by_flags_settles_them(moderator, article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 2
    comment = make_comment(article=article, body="Returned by two flags.")
    flaggers = [make_user() for _ in range(3)]
    for flagger in flaggers:
        make_comment(flagger, article)  # members with approved comments: their flags count
    for flagger in flaggers[:2]:
        flagging.flag_comment(comment, user=flagger, reason="spam", now=timezone.now())
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    services.moderate(
        Comment.objects.filter(pk=comment.pk),
        status=Comment.Status.APPROVED,
        moderator=moderator,
        now=timezone.now(),
    )
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.APPROVED, 0)
    # A third member's flag is one against the threshold of two: the comment stays public.
    flagging.flag_comment(comment, user=flaggers[2], reason="spam", now=timezone.now())
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.APPROVED, 1)
