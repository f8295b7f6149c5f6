"""Graduated trust (comments/trust.py): levels earned from the record, lost to removals,
pinned by moderators; and what each level changes, rule by rule (comments/moderation.py)."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from comments import flagging, moderation, services
from comments.audit import AuditEntry, Kind
from comments.models import BlockedTerm, Comment, Flag, Standing, Suspension
from comments.trust import Level, earned_level, level_of
from tests.factories import make_comment, make_member, make_user

pytestmark = pytest.mark.django_db


def approved_comments(member, article, count, at):
    with time_machine.travel(at, tick=False):
        for n in range(count):
            make_comment(member, article, body=f"Answer {n}.")


def test_a_member_climbs_from_new_to_trusted_with_approved_comments_over_time(article, settings):
    settings.TRUST_APPROVED_COMMENTS, settings.TRUST_DAYS = 10, 30
    member, now = make_user(), timezone.now()
    assert earned_level(member, now) == Level.NEW
    make_comment(member, article, status=Comment.Status.PENDING)
    assert earned_level(member, now) == Level.NEW  # held comments earn nothing
    approved_comments(member, article, 1, now - timedelta(days=29))
    assert earned_level(member, now) == Level.MEMBER
    approved_comments(member, article, 9, now - timedelta(days=1))
    assert earned_level(member, now) == Level.MEMBER  # ten, but not over thirty days yet
    assert earned_level(member, now + timedelta(days=1)) == Level.TRUSTED


def test_moderators_are_moderators_from_the_start(moderator):
    assert earned_level(moderator, timezone.now()) == Level.MODERATOR
    assert earned_level(make_user(is_staff=True), timezone.now()) == Level.NEW  # staff alone


def test_each_comment_taken_down_costs_a_level_for_a_while(article, moderator, settings):
    settings.TRUST_APPROVED_COMMENTS, settings.TRUST_DAYS, settings.TRUST_STRIKE_DAYS = 3, 1, 90
    member, now = make_user(), timezone.now()
    approved_comments(member, article, 3, now - timedelta(days=5))
    assert earned_level(member, now) == Level.TRUSTED
    flagged = make_comment(member, article, body="A quarrel.")
    services.moderate(
        Comment.objects.filter(pk=flagged.pk), status="rejected", moderator=moderator, now=now,
        removal_reason="attack",
    )  # fmt: skip
    assert earned_level(member, now) == Level.MEMBER
    spam = make_comment(member, article, body="Buy my course.")
    services.moderate(
        Comment.objects.filter(pk=spam.pk), status="spam", moderator=moderator, now=now
    )
    assert earned_level(member, now) == Level.NEW  # held again, like a newcomer
    assert earned_level(member, now + timedelta(days=91)) == Level.TRUSTED


def test_a_suspension_that_ends_leaves_the_level_where_it_was(article, moderator):
    member, now = make_member(), timezone.now()
    Suspension.objects.create(
        user=member, starts_at=now, until=now + timedelta(days=3), reason="Cooling off"
    )
    assert level_of(member, now + timedelta(days=1)) == Level.MEMBER
    assert level_of(member, now + timedelta(days=4)) == Level.MEMBER


def test_a_moderators_pin_holds_until_lifted_and_the_trail_keeps_it(
    admin_client, article, settings
):
    member = make_member(username="kai")
    services.post_comment(
        author=member, article=article, body="Hello.", idempotency_key=uuid.uuid4(),
        now=timezone.now(),
    )  # fmt: skip
    standing = Standing.objects.get(user=member)
    assert standing.level == Level.MEMBER
    change = f"/admin/comments/standing/{standing.pk}/change/"
    refused = admin_client.post(change, {"pinned_level": Level.NEW, "pin_reason": ""})
    assert "Say why you pin this member&#x27;s level." in refused.text
    admin_client.post(change, {"pinned_level": Level.NEW, "pin_reason": "Sock puppet of a ban"})
    assert level_of(member, timezone.now()) == Level.NEW
    entry = AuditEntry.objects.get(kind=Kind.TRUST_PINNED)
    assert entry.member == member and entry.actor.username == "admin"
    assert entry.changes["pin_reason"][1] == "Sock puppet of a ban"

    admin_client.post(change, {"pinned_level": "", "pin_reason": ""})
    assert level_of(member, timezone.now()) == Level.MEMBER
    assert AuditEntry.objects.filter(kind=Kind.TRUST_UNPINNED, member=member).count() == 1


# What each level changes, one rule at a time.


@pytest.mark.parametrize(
    ("level", "limit"),
    [(Level.NEW, 1), (Level.MEMBER, 2), (Level.TRUSTED, 8), (Level.MODERATOR, None)],
)
def test_the_link_limit_grows_with_trust(settings, level, limit):
    settings.COMMENTS_LINK_LIMIT, settings.TRUST_LIMIT_MULTIPLIER = 2, 4
    assert moderation.link_limit(level) == limit
    if limit is not None:
        assert moderation.too_many_links_hold(limit, level) is None
        assert moderation.too_many_links_hold(limit + 1, level) is not None
    else:
        assert moderation.too_many_links_hold(500, level) is None


@pytest.mark.parametrize(
    ("level", "limits"),
    [
        (Level.NEW, ["2/minute", "25/day", "1/hour"]),
        (Level.MEMBER, ["5/minute", "50/day", "1/hour"]),
        (Level.TRUSTED, ["20/minute", "200/day", "4/hour"]),
        (Level.MODERATOR, []),
    ],
)
def test_posting_limits_follow_trust(settings, level, limits):
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["5/minute", "50/day", "1/hour"]
    settings.TRUST_LIMIT_MULTIPLIER = 4
    assert moderation.member_rate_limits(level) == limits


def test_new_members_may_not_flag_and_others_may():
    assert "once a moderator has approved one of yours" in moderation.may_flag(Level.NEW)
    assert all(moderation.may_flag(level) is None for level in Level.values[1:])


def test_flags_weigh_by_trust(settings):
    settings.COMMENTS_FLAG_THRESHOLD, settings.TRUST_FLAG_WEIGHT = 3, 2
    weights = [moderation.flag_weight(level) for level in Level.values[1:]]
    assert weights == [1, 2, 3]


def test_trusted_members_edits_are_not_checked_again_but_blocked_terms_hold_anyone(article):
    comment = make_comment(article=article)
    assert moderation.edits_remoderated(Level.MEMBER)
    assert not moderation.edits_remoderated(Level.TRUSTED)
    many_links = {"body": "Links.", "link_count": 40}
    assert moderation.status_after_edit(comment, **many_links, level=Level.MEMBER).status == (
        "pending"
    )
    assert moderation.status_after_edit(comment, **many_links, level=Level.TRUSTED).status == (
        "approved"
    )
    BlockedTerm.objects.create(term="crypto giveaway")
    blocked = {"body": "A crypto giveaway!", "link_count": 0, "level": Level.TRUSTED}
    assert moderation.status_after_edit(comment, **blocked).status == "pending"


# Through the site, as members meet them.


def test_a_new_member_is_told_why_they_cannot_flag(client, article):
    comment = make_comment(article=article)
    client.force_login(make_user())
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 403
    assert "You can flag comments once a moderator has approved one of yours." in response.text
    assert not Flag.objects.exists()


def test_a_trusted_flag_and_a_members_flag_return_a_comment(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD, settings.TRUST_FLAG_WEIGHT = 3, 2
    settings.TRUST_APPROVED_COMMENTS, settings.TRUST_DAYS = 2, 1
    veteran = make_user()
    approved_comments(veteran, article, 2, timezone.now() - timedelta(days=3))
    comment, now = make_comment(article=article), timezone.now()
    assert not flagging.flag_comment(comment, user=veteran, reason="spam", now=now)
    assert flagging.flag_comment(comment, user=make_member(), reason="spam", now=now)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_member_reads_their_level_and_what_it_allows(client, article, settings):
    settings.COMMENTS_LINK_LIMIT = 2
    member = make_user()
    client.force_login(member)
    page = client.get("/accounts/settings/").text
    assert "You are a <strong>new member</strong>." in page
    assert "Your comments wait for a moderator until one of them is approved." in page
    assert "A moderator approving one of your comments makes you a member." in page
    make_comment(member, article)
    page = client.get("/accounts/settings/").text
    assert "You are a <strong>member</strong>." in page
    assert "A comment with more than 2 links waits for a moderator." in page
    assert "become trusted" in page


def test_a_pin_never_makes_a_moderator(admin_client):
    member = make_member()
    Standing.objects.create(user=member, level=Level.MEMBER)
    standing = Standing.objects.get(user=member)
    form = admin_client.get(f"/admin/comments/standing/{standing.pk}/change/").text
    assert 'value="3"' not in form  # Moderator is not offered
    Standing.objects.filter(pk=standing.pk).update(pinned_level=Level.MODERATOR, pin_reason="x")
    assert level_of(member, timezone.now()) == Level.TRUSTED


def test_a_trusted_member_edits_links_in_without_going_back_to_the_queue(article, settings):
    """Through the service: the editor's own level decides, not a default one."""
    settings.TRUST_APPROVED_COMMENTS, settings.TRUST_DAYS, settings.COMMENTS_LINK_LIMIT = 3, 1, 1
    member, now = make_user(), timezone.now()
    approved_comments(member, article, 3, now - timedelta(days=5))
    comment = make_comment(member, article, body="No links yet.")
    links = "See https://a.example and https://b.example."
    services.edit_comment(comment, editor=member, body=links, now=now)
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.APPROVED, links)
