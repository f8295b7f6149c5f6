from collections import Counter

import pytest
from django.db import IntegrityError

from accounts.avatars import avatar_class
from accounts.models import Skill, SkillEntry
from accounts.skills import ESSAY_SKILLS, ensure_skills, refresh_skill_chips

pytestmark = pytest.mark.django_db


def test_migrations_create_the_essays_skills_and_ensure_is_idempotent():
    slugs = set(Skill.objects.approved().values_list("slug", flat=True))
    assert {"prompt-engineering", "data-annotation", "ai-ethics", "personal-branding"} <= slugs
    assert ensure_skills() == 0
    assert Skill.objects.count() == len(ESSAY_SKILLS)


def test_a_skill_appears_once_per_member(member):
    skill = Skill.objects.get(slug="networking")
    SkillEntry.objects.create(user=member, skill=skill, level=SkillEntry.Level.HAVE)
    with pytest.raises(IntegrityError):
        SkillEntry.objects.create(user=member, skill=skill, level=SkillEntry.Level.LEARNING)


def test_chips_show_three_skills_have_before_learning_in_the_members_order(member):
    def add(slug, level, position):
        skill = Skill.objects.get(slug=slug)
        SkillEntry.objects.create(user=member, skill=skill, level=level, position=position)

    add("prompt-engineering", SkillEntry.Level.LEARNING, 0)
    add("networking", SkillEntry.Level.HAVE, 1)
    add("data-annotation", SkillEntry.Level.HAVE, 0)
    add("ai-ethics", SkillEntry.Level.LEARNING, 1)
    refresh_skill_chips(member)
    member.refresh_from_db()
    assert member.skill_chips == [
        {"name": "Data annotation", "slug": "data-annotation", "learning": False},
        {"name": "Networking", "slug": "networking", "learning": False},
        {"name": "Prompt engineering", "slug": "prompt-engineering", "learning": True},
    ]


def test_avatar_is_a_palette_class_with_initials(member):
    assert member.initials == "ML"
    colour, shape = member.avatar_class.split()
    assert colour in {f"avatar-c{n}" for n in range(24)}
    assert shape in {f"avatar-s{n}" for n in range(4)}
    assert member.avatar_class == type(member)(username=member.username).avatar_class


def test_two_members_rarely_share_an_avatar_look():
    """96 looks (24 hues, 4 shapes): of 2,000 usernames like real ones, any two picked
    at random look alike about once in a hundred, and every look is used."""
    looks = Counter(avatar_class(f"dana{n}") for n in range(1000))
    looks += Counter(avatar_class(f"member_{n:04d}") for n in range(1000))
    assert len(looks) == 96
    same_look_pairs = sum(n * (n - 1) / 2 for n in looks.values())
    all_pairs = 2000 * 1999 / 2
    assert same_look_pairs / all_pairs < 1 / 80
