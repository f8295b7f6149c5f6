"""The domain rule behind the skill picker: two exclusive, ordered lists that keep dates."""

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import Skill, SkillEntry
from accounts.skills import update_skill_entries

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
JUNE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SEPTEMBER = datetime(2026, 9, 20, 9, 0, tzinfo=UTC)


def skills(*slugs):
    by_slug = Skill.objects.in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs]


def entries_of(member):
    return {e.skill.slug: e for e in SkillEntry.objects.filter(user=member).select_related("skill")}


def lists_of(member):
    have, learning = member.skill_lists()
    return [e.skill.slug for e in have], [e.skill.slug for e in learning]


def test_lists_are_kept_in_the_members_order(member):
    update_skill_entries(
        member,
        have=skills("networking", "critical-thinking"),
        learning=skills("prompt-engineering", "ai-ethics", "data-annotation"),
        now=MARCH,
    )
    assert lists_of(member) == (
        ["networking", "critical-thinking"],
        ["prompt-engineering", "ai-ethics", "data-annotation"],
    )
    update_skill_entries(
        member,
        have=skills("critical-thinking", "networking"),
        learning=skills("data-annotation", "prompt-engineering", "ai-ethics"),
        now=JUNE,
    )
    assert lists_of(member) == (
        ["critical-thinking", "networking"],
        ["data-annotation", "prompt-engineering", "ai-ethics"],
    )


def test_a_skill_cannot_be_in_both_lists(member):
    with pytest.raises(ValueError, match="not both"):
        update_skill_entries(
            member, have=skills("networking"), learning=skills("networking"), now=MARCH
        )
    assert not SkillEntry.objects.filter(user=member).exists()


def test_learning_starts_now_and_moving_to_have_keeps_the_start(member):
    update_skill_entries(member, have=[], learning=skills("prompt-engineering"), now=MARCH)
    entry = entries_of(member)["prompt-engineering"]
    assert (entry.level, entry.started_learning_at, entry.learned_at) == ("learning", MARCH, None)

    update_skill_entries(member, have=skills("prompt-engineering"), learning=[], now=SEPTEMBER)
    entry = entries_of(member)["prompt-engineering"]
    assert (entry.level, entry.started_learning_at, entry.learned_at) == (
        "have",
        MARCH,
        SEPTEMBER,
    )


def test_unchanged_skills_keep_their_dates_across_edits(member):
    with time_machine.travel(MARCH, tick=False):
        update_skill_entries(
            member, have=skills("networking"), learning=skills("ai-ethics"), now=MARCH
        )
    added = entries_of(member)["networking"].added_at
    with time_machine.travel(JUNE, tick=False):
        update_skill_entries(
            member,
            have=skills("networking"),
            learning=skills("ai-ethics", "data-annotation"),
            now=JUNE,
        )
    entries = entries_of(member)
    assert entries["ai-ethics"].started_learning_at == MARCH
    assert entries["networking"].added_at == added == MARCH
    assert entries["data-annotation"].started_learning_at == JUNE


def test_a_removed_skill_added_again_starts_fresh(member):
    update_skill_entries(member, have=[], learning=skills("ai-ethics"), now=MARCH)
    update_skill_entries(member, have=[], learning=[], now=JUNE)
    assert entries_of(member) == {}
    update_skill_entries(member, have=[], learning=skills("ai-ethics"), now=SEPTEMBER)
    assert entries_of(member)["ai-ethics"].started_learning_at == SEPTEMBER


def test_taking_a_skill_back_to_learning_starts_a_new_journey(member):
    update_skill_entries(member, have=[], learning=skills("ai-ethics"), now=MARCH)
    update_skill_entries(member, have=skills("ai-ethics"), learning=[], now=JUNE)
    update_skill_entries(member, have=[], learning=skills("ai-ethics"), now=SEPTEMBER)
    entry = entries_of(member)["ai-ethics"]
    assert (entry.started_learning_at, entry.learned_at) == (SEPTEMBER, None)


def test_saving_refreshes_the_chips_shown_in_cached_discussions(
    member, cached_discussion, django_capture_on_commit_callbacks
):
    discussion = cached_discussion(member)
    with django_capture_on_commit_callbacks(execute=True):
        update_skill_entries(
            member, have=skills("networking"), learning=skills("ai-ethics"), now=MARCH
        )
    member.refresh_from_db()
    assert [chip["slug"] for chip in member.skill_chips] == ["networking", "ai-ethics"]
    assert "AI ethics" in discussion()
