"""Each rule of comments/moderation.py alone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from comments import moderation
from comments.models import BlockedTerm, Comment, Flag, Suspension
from comments.trust import Level
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def test_only_a_new_members_comments_are_held_for_a_first_approval():
    assert moderation.first_comment_hold(Level.NEW) is not None
    for level in (Level.MEMBER, Level.TRUSTED, Level.MODERATOR):
        assert moderation.first_comment_hold(level) is None


def test_more_links_than_the_limit_are_held(settings):
    settings.COMMENTS_LINK_LIMIT = 2
    assert moderation.too_many_links_hold(2) is None
    assert "3 links" in moderation.too_many_links_hold(3).reason


def test_blocked_terms_hold_whole_words_in_any_case():
    BlockedTerm.objects.create(term="Crypto Signals")
    assert moderation.blocked_term_hold("Join my CRYPTO signals group") is not None
    assert moderation.blocked_term_hold("cryptography and signalsmith") is None


def test_filled_honeypot_makes_spam_whatever_else(trusted):
    decision = moderation.initial_status(Level.MEMBER, body="hi", link_count=0, honeypot="http://x")
    assert decision.status == Comment.Status.SPAM


def test_trusted_member_with_clean_text_is_approved(trusted):
    decision = moderation.initial_status(Level.MEMBER, body="hi", link_count=0, honeypot="")
    assert decision.status == Comment.Status.APPROVED


def test_edit_runs_the_text_rules_again(trusted, article, settings):
    settings.COMMENTS_LINK_LIMIT = 1
    comment = make_comment(article=article, author=trusted)
    assert moderation.status_after_edit(comment, body="x", link_count=2).status == "pending"
    assert moderation.status_after_edit(comment, body="x", link_count=1).status == "approved"


def test_rate_limit_refuses_past_the_window_count_and_says_when(settings):
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["2/minute"]
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["100/minute"]
    now = timezone.now().replace(second=10, microsecond=0)
    who = {"member": "7", "ip": "192.0.2.1"}
    assert moderation.rate_limit("post", who, now) is None
    assert moderation.rate_limit("post", who, now) is None
    limited = moderation.rate_limit("post", who, now)
    assert limited.retry_at == now.replace(second=0) + timedelta(minutes=1)
    assert limited.retry_at.strftime("%H:%M:%S") in limited.message
    assert moderation.rate_limit("post", who, now + timedelta(minutes=1)) is None


def test_rate_limit_per_ip_holds_across_members(settings):
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["100/minute"]
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["1/minute"]
    now = timezone.now()
    assert moderation.rate_limit("post", {"member": "1", "ip": "192.0.2.9"}, now) is None
    assert moderation.rate_limit("post", {"member": "2", "ip": "192.0.2.9"}, now) is not None


@pytest.mark.redis
def test_rate_limit_counts_in_redis(settings):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["1/hour"]
    now = timezone.now()
    assert isinstance(caches["default"], RedisCache)
    assert moderation.rate_limit("post", {"member": "42", "ip": None}, now) is None
    assert moderation.rate_limit("post", {"member": "42", "ip": None}, now) is not None


def test_suspension_in_force_only_between_its_dates():
    member = make_user()
    now = timezone.now()
    Suspension.objects.create(
        user=member, starts_at=now, until=now + timedelta(days=3), reason="Insults"
    )
    assert moderation.suspension_in_force(member, now - timedelta(minutes=1)) is None
    suspension = moderation.suspension_in_force(member, now + timedelta(days=1))
    assert "Insults" in suspension.message_to_member
    assert moderation.suspension_in_force(member, now + timedelta(days=4)) is None


def test_indefinite_suspension_says_so():
    member = make_user()
    now = timezone.now()
    Suspension.objects.create(user=member, starts_at=now, reason="Spam")
    suspension = moderation.suspension_in_force(member, now + timedelta(days=900))
    assert "indefinitely" in suspension.message_to_member


def test_closed_article_takes_no_comments():
    assert moderation.comments_closed(make_article(comments_open=False))
    assert not moderation.comments_closed(make_article())


@pytest.mark.parametrize("minutes", [15, 2, 60])
def test_edit_window_closes_after_the_configured_time(article, settings, minutes):
    """Not only the default: a site that sets another window gets exactly that one."""
    settings.COMMENTS_EDIT_WINDOW = timedelta(minutes=minutes)
    comment = make_comment(article=article)
    just_before = comment.created_at + timedelta(minutes=minutes, seconds=-1)
    assert moderation.edit_window_open(comment, just_before)
    assert not moderation.edit_window_open(comment, comment.created_at + timedelta(minutes=minutes))


def test_flag_threshold_counts_only_this_comments_flags(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 1
    flagged, clean = make_comment(article=article), make_comment(article=article)
    assert not moderation.flag_threshold_reached(clean)  # no flags is zero, not one
    Flag.objects.create(comment=flagged, user=make_user(), reason="spam")
    assert moderation.flag_threshold_reached(flagged)
    assert not moderation.flag_threshold_reached(clean)


def test_flag_threshold_adds_up_the_flags_weights_since_the_last_review(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 3
    comment = make_comment(article=article)
    Flag.objects.create(comment=comment, user=make_user(), reason="spam", weight=2)
    Flag.objects.create(
        comment=comment, user=make_user(), reason="spam", weight=5, reviewed_at=timezone.now()
    )
    assert not moderation.flag_threshold_reached(comment)
    Flag.objects.create(comment=comment, user=make_user(), reason="abuse", weight=1)
    assert moderation.flag_threshold_reached(comment)


# The words moderators read in the queue, exactly (tests/comments/test_moderation_screen.py
# shows them there); a rule that changes them should change these tests on purpose.
def test_a_first_comment_says_why_it_waits(article):
    hold = moderation.first_comment_hold(Level.NEW)
    assert hold.reason == "First comment: held until a moderator approves one of theirs."


def test_a_filled_honeypot_says_so_to_moderators(trusted):
    decision = moderation.initial_status(Level.MEMBER, body="Hi", link_count=0, honeypot="x")
    assert decision == moderation.Decision(Comment.Status.SPAM, "Honeypot field filled in.")


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED])
def test_an_edit_leaves_a_comment_that_is_not_public_as_it_was(article, status):
    comment = make_comment(article=article, status=status, moderation_reason="First comment.")
    decision = moderation.status_after_edit(comment, body="Reworded.", link_count=0)
    assert decision == moderation.Decision(status, "First comment.")


def test_an_edit_by_a_new_member_is_held_at_their_own_link_limit(article, settings):
    settings.COMMENTS_LINK_LIMIT = 4
    comment = make_comment(article=article)
    decision = moderation.status_after_edit(comment, body="Links", link_count=3, level=Level.NEW)
    assert decision == moderation.Decision(Comment.Status.PENDING, "Edited: 3 links (more than 2).")
    member = moderation.status_after_edit(comment, body="Links", link_count=3, level=Level.MEMBER)
    assert member == moderation.Decision(Comment.Status.APPROVED)


def test_the_edit_deadline_is_the_posting_time_plus_the_window(article, settings):
    settings.COMMENTS_EDIT_WINDOW = timedelta(minutes=20)
    comment = make_comment(article=article)
    assert moderation.edit_deadline(comment) == comment.created_at + timedelta(minutes=20)


def test_an_address_is_limited_even_when_no_member_is_known(settings):
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["1/hour"]
    now = datetime(2026, 12, 1, 12, 0, 5, tzinfo=UTC)
    anonymous = {"member": None, "ip": "203.0.113.9"}
    assert moderation.rate_limit("post", anonymous, now) is None
    assert moderation.rate_limit("post", anonymous, now) is not None


def test_a_rate_counter_lasts_its_window_and_one_second_more(settings):
    """Long enough to count the whole window, short enough not to pile up in the cache.
    The local-memory cache keeps time by the clock time-machine moves (Redis would not)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["2/minute"]
    start = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
    member = {"member": "7"}
    with time_machine.travel(start, tick=False) as clock:
        assert moderation.rate_limit("post", member, timezone.now()) is None
        assert moderation.rate_limit("post", member, timezone.now()) is None
        clock.move_to(start + timedelta(seconds=59.5))
        assert moderation.rate_limit("post", member, timezone.now()) is not None
        clock.move_to(start + timedelta(seconds=61.5))
        window = int(start.timestamp()) // 60
        assert cache.get(f"comment-rate:post:member:7:60:{window}") is None
