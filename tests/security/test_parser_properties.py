"""Property-based tests of the parsers and rules that take arbitrary input: the rate-limit
setting, the thread's page, sort and skill parameters, idempotency keys and skill journeys.
The number of examples comes from the Hypothesis profile (tests/conftest.py)."""

import uuid
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Skill, SkillEntry
from accounts.skills import update_skill_entries
from comments.forms import CommentForm
from comments.moderation import PERIOD_SECONDS, Rate
from comments.thread import DEFAULT_SORT, SORTS, ThreadRequest
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
# Database-backed properties share one transaction per test: fixtures are not reset between
# examples, so each example makes what it needs.
DATABASE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(
    count=st.integers(min_value=0, max_value=10**9), period=st.sampled_from(sorted(PERIOD_SECONDS))
)
def test_a_rate_setting_reads_as_written(count, period):
    assert Rate.parse(f"{count}/{period}") == Rate(count, PERIOD_SECONDS[period])
    assert Rate.parse(f"{count}/ {period} ") == Rate(count, PERIOD_SECONDS[period])


def test_a_negative_rate_names_the_setting_that_is_wrong():
    with pytest.raises(ValueError, match=r"A rate counts from 0: '-5/hour'"):
        Rate.parse("-5/hour")


near_misses = st.from_regex(
    r"-?[0-9]{0,4} ?/ ?(second|minute|hour|day|[a-z]{0,7})s?", fullmatch=True
)


@given(text=st.one_of(st.text(max_size=40), near_misses))
def test_a_mistyped_rate_setting_fails_loudly_at_once(text):
    """A wrong setting must stop the site at the first post, not limit by a wrong amount."""
    try:
        rate = Rate.parse(text)
    except (ValueError, KeyError):
        return
    assert rate.seconds in PERIOD_SECONDS.values() and rate.count >= 0


@DATABASE
@given(page=st.text(max_size=30), sort=st.text(max_size=30), skill=st.text(max_size=80))
def test_any_page_sort_and_skill_parameters_become_a_safe_request(page, sort, skill):
    wanted = ThreadRequest.from_query(QueryDict(mutable=True) | {"page": page, "sort": sort})
    assert wanted.page >= 1
    assert wanted.sort in SORTS
    assert (wanted.sort == sort) or (wanted.sort == DEFAULT_SORT)
    with_skill = ThreadRequest.from_query({"skill": skill})
    assert with_skill.skill is None or with_skill.skill.slug == skill


@DATABASE
@given(key=st.one_of(st.text(max_size=60), st.uuids().map(str)))
def test_any_idempotency_key_is_a_uuid_or_a_clear_refusal(key):
    form = CommentForm({"body": "Learning SQL.", "idempotency_key": key}, article=make_article())
    if form.is_valid():
        assert isinstance(form.cleaned_data["idempotency_key"], uuid.UUID)
    else:
        assert list(form.errors) == ["idempotency_key"]


lists = st.lists(st.sampled_from(["have", "learning", None]), min_size=4, max_size=4)


@DATABASE
@given(edits=st.lists(lists, min_size=1, max_size=6))
def test_skill_journeys_keep_their_order_and_their_dates_make_sense(edits):
    """Any sequence of profile saves: the lists are exactly the last ones asked for, and a
    skill was never learned before it was started."""
    member = make_user()
    skills = list(Skill.objects.approved().order_by("slug")[:4])
    now = timezone.now()
    for step, levels in enumerate(edits):
        have = [s for s, level in zip(skills, levels, strict=True) if level == "have"]
        learning = [s for s, level in zip(skills, levels, strict=True) if level == "learning"]
        update_skill_entries(member, have=have, learning=learning, now=now + timedelta(days=step))
    entries = SkillEntry.objects.filter(user=member).order_by("level", "position")
    assert [e.skill for e in entries if e.level == "have"] == have
    assert [e.skill for e in entries if e.level == "learning"] == learning
    for entry in entries:
        if entry.learned_at and entry.started_learning_at:
            assert entry.started_learning_at <= entry.learned_at
        if entry.level == "learning":
            assert entry.learned_at is None and entry.started_learning_at is not None
