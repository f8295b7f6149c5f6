"""Reactions: Helpful, Same here and Thank you, once of each kind per member, counted on the
comment, a toggle, never on one's own comment, barred for suspended members, rate-limited;
"helpful" still orders the most-helpful sort."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.deletion import anonymise_member
from comments.models import Comment, Reaction, Suspension
from tests.factories import make_article, make_comment, make_member
from tests.purge_recorder import purged

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(article):
    return make_comment(make_member(username="writer"), article, body="Rates went up.")


def press(client, comment, kind, **headers):
    return client.post(f"/comments/{comment.pk}/react/{kind}/", headers=headers)


@pytest.mark.parametrize(
    ("kind", "field", "said"),
    [("same-here", "same_here_count", "You said “Same here”."),
     ("thanks", "thanks_count", "You said “Thank you”."),
     ("helpful", "helpful_count", "Marked as helpful. Thank you!")],
)  # fmt: skip
def test_each_reaction_counts_once_and_a_second_press_takes_it_back(
    client, comment, kind, field, said
):
    client.force_login(make_member())
    page = client.post(f"/comments/{comment.pk}/react/{kind}/", follow=True)
    assert said in page.text
    comment.refresh_from_db()
    assert getattr(comment, field) == 1
    assert press(client, comment, kind).status_code == 302
    comment.refresh_from_db()
    assert getattr(comment, field) == 0 and not Reaction.objects.exists()


def test_kinds_are_independent_and_shown_in_the_thread(client, comment, article):
    for _ in range(2):
        client.force_login(make_member())
        press(client, comment, "same-here")
    press(client, comment, "thanks")
    comment.refresh_from_db()
    assert (comment.same_here_count, comment.thanks_count, comment.helpful_count) == (2, 1, 0)
    client.logout()
    thread = client.get(article.get_absolute_url()).text
    assert 'data-reaction="same-here">Same here' in thread
    assert '<span class="reaction-count">2</span>' in thread


def test_with_javascript_the_answer_is_the_new_count(client, comment):
    client.force_login(make_member())
    answer = press(client, comment, "thanks", **{"X-Requested-With": "fetch"})
    assert answer.json() == {"pressed": True, "count": 1}
    again = press(client, comment, "thanks", **{"X-Requested-With": "fetch"})
    assert again.json() == {"pressed": False, "count": 0}


def test_no_reaction_to_ones_own_comment(client, comment):
    client.force_login(comment.author)
    refused = press(client, comment, "thanks", **{"X-Requested-With": "fetch"})
    assert refused.status_code == 400 and refused.json() == {"error": "You cannot thank yourself."}


def test_suspended_members_cannot_react(client, comment):
    member = make_member()
    Suspension.objects.create(
        user=member, starts_at=timezone.now() - timedelta(minutes=1), reason="Brigading"
    )
    client.force_login(member)
    refused = press(client, comment, "same-here")
    assert refused.status_code == 403 and "Brigading" in refused.text
    assert not Reaction.objects.exists()


def test_reactions_are_rate_limited(client, article, settings):
    settings.COMMENTS_REACTION_RATE_LIMITS = ["2/hour"]
    client.force_login(make_member())
    comments = [make_comment(make_member(), article) for _ in range(3)]
    answers = [press(client, c, "thanks").status_code for c in comments]
    assert answers == [302, 302, 429]
    assert Reaction.objects.count() == 2


def test_unknown_kinds_and_hidden_comments_are_not_found(client, article, comment):
    client.force_login(make_member())
    assert press(client, comment, "love").status_code == 404
    held = make_comment(make_member(), article, status=Comment.Status.PENDING)
    assert press(client, held, "thanks").status_code == 404
    assert client.get(f"/comments/{comment.pk}/react/thanks/").status_code == 302
    assert not Reaction.objects.exists()


def test_deleting_an_account_takes_its_reactions_and_their_counts_away(client, comment):
    member = make_member()
    client.force_login(member)
    press(client, comment, "thanks")
    press(client, comment, "helpful")
    anonymise_member(member, now=timezone.now())
    comment.refresh_from_db()
    assert (comment.thanks_count, comment.helpful_count) == (0, 0)
    assert not Reaction.objects.exists()


def test_closing_an_account_recounts_only_what_it_reacted_to_and_refreshes_those_pages(
    article, comment, purges, django_capture_on_commit_callbacks
):
    """The counts left are the other members' reactions, kind by kind (a recount, so a
    count that had drifted is mended too); a comment it never reacted to keeps its count;
    the discussion gets a new version and its pages are purged."""
    leaving, staying = make_member(), make_member()
    elsewhere = make_comment(make_member(), make_article(), body="On another article.")
    untouched = make_comment(make_member(), article, body="Nobody leaving reacted.")
    for kind in ("helpful", "same-here"):
        Reaction.objects.create(comment=comment, user=leaving, kind=kind)
    Reaction.objects.create(comment=elsewhere, user=leaving, kind="thanks")
    Reaction.objects.create(comment=comment, user=staying, kind="helpful")
    Reaction.objects.create(comment=comment, user=staying, kind="thanks")
    Reaction.objects.create(comment=elsewhere, user=staying, kind="thanks")
    Comment.objects.filter(pk=comment.pk).update(helpful_count=7, same_here_count=1)
    Comment.objects.filter(pk=untouched.pk).update(thanks_count=3)  # drifted, not recounted
    closed_at = timezone.now() + timedelta(minutes=5)
    purges.clear()

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(leaving, now=closed_at)

    counts = {
        pk: rest
        for pk, *rest in Comment.objects.values_list(
            "pk", "helpful_count", "same_here_count", "thanks_count"
        )
    }
    assert counts[comment.pk] == [1, 0, 1]
    assert counts[elsewhere.pk] == [0, 0, 1]
    assert counts[untouched.pk] == [0, 0, 3]
    for discussion in (article, elsewhere.article):
        discussion.refresh_from_db()
        assert discussion.comments_changed_at >= closed_at
    assert {article.cache_tag, elsewhere.article.cache_tag} <= purged(purges)
