"""The skills vocabulary, members' dated skill lists and the chips shown next to comments."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from .changes import members_appearance_changed

# From the essay's roles and skills, so the first members find their words already here.
ESSAY_SKILLS = [
    # (name, slug, category, description)
    ("AI training", "ai-training", "ai-roles", "Teaching AI models how to perform specific tasks."),
    ("Prompt engineering", "prompt-engineering", "ai-roles",
     "Crafting prompts that get the desired outputs from AI models."),
    ("Data annotation", "data-annotation", "ai-roles",
     "Labelling and preparing data for AI training."),
    ("AI ethics", "ai-ethics", "ai-roles",
     "Making sure AI is developed and used responsibly and fairly."),
    ("Building and maintaining AI systems", "ai-systems", "ai-roles",
     "Building, maintaining and managing AI systems for clients."),
    ("Advanced software proficiency", "advanced-software", "technical",
     "Going deep in the tools of your trade, AI-powered ones included."),
    ("AI-assisted writing", "ai-assisted-writing", "technical",
     "Using AI writing tools to work faster without losing your voice."),
    ("AI-assisted design", "ai-assisted-design", "technical",
     "Using AI design tools to raise the speed and quality of design work."),
    ("Critical thinking", "critical-thinking", "human",
     "Judging AI output, framing problems and deciding what matters."),
    ("Continuous learning", "continuous-learning", "human",
     "Making upskilling a habit as the market changes."),
    ("Networking", "networking", "business",
     "Building relationships that bring work and knowledge."),
    ("Personal branding", "personal-branding", "business",
     "Standing out in a crowded, competitive market."),
    ("Specialised niche services", "niche-services", "business",
     "Moving from commodity gigs to specialised, higher-value work."),
]  # fmt: skip

CHIPS_PER_MEMBER = 3


def ensure_skills(skill_model=None) -> int:
    """Create the essay's skills that are missing; return how many were created."""
    if skill_model is None:
        from .models import Skill as skill_model
    existing = set(skill_model.objects.values_list("slug", flat=True))
    missing = [
        skill_model(name=name, slug=slug, category=category, description=description)
        for name, slug, category, description in ESSAY_SKILLS
        if slug not in existing
    ]
    skill_model.objects.bulk_create(missing)
    return len(missing)


def chips_for(entries) -> list[dict]:
    """The first skills of a profile in display order: "have" before "learning"."""
    ordered = sorted(entries, key=lambda e: (e.level != "have", e.position))
    return [
        {"name": e.skill.name, "slug": e.skill.slug, "learning": e.level == "learning"}
        for e in ordered[:CHIPS_PER_MEMBER]
    ]


@transaction.atomic
def refresh_skill_chips(user) -> None:
    """Recompute a member's chips from their entries (call after any change to them)."""
    entries = user.skill_entries.select_related("skill").filter(skill__status="approved")
    user.skill_chips = chips_for(entries)
    user.save(update_fields=["skill_chips"])
    members_appearance_changed([user.pk])


def refresh_skill_chips_of(user_ids) -> None:
    """Recompute the chips of many members at once (a skill renamed, approved or withdrawn)."""
    from .models import SkillEntry, User

    entries_by_user = defaultdict(list)
    for entry in SkillEntry.objects.filter(
        user_id__in=user_ids, skill__status="approved"
    ).select_related("skill"):
        entries_by_user[entry.user_id].append(entry)
    users = list(User.objects.filter(pk__in=user_ids).only("pk", "skill_chips"))
    for user in users:
        user.skill_chips = chips_for(entries_by_user[user.pk])
    User.objects.bulk_update(users, ["skill_chips"])
    members_appearance_changed([user.pk for user in users])


@transaction.atomic
def update_skill_entries(user, *, have, learning, now) -> None:
    """Make a member's two skill lists exactly `have` and `learning`, in that order.

    Dates are the member's journey, so they survive edits: a skill new to "learning" starts
    now; moving from "learning" to "have" keeps the start and records `now` as learned;
    a skill taken back from "have" to "learning" starts again; a skill that stays where it
    was keeps everything; a removed skill is forgotten, so adding it again starts fresh.
    """
    from .models import SkillEntry

    have, learning = list(have), list(learning)
    if {skill.pk for skill in have} & {skill.pk for skill in learning}:
        raise ValueError("A skill is either had or being learned, not both.")
    existing = {entry.skill_id: entry for entry in user.skill_entries.all()}
    to_create, to_update = [], []
    for level, skills in ((SkillEntry.Level.HAVE, have), (SkillEntry.Level.LEARNING, learning)):
        for position, skill in enumerate(skills):
            entry = existing.pop(skill.pk, None)
            if entry is None:
                to_create.append(
                    SkillEntry(
                        user=user,
                        skill=skill,
                        level=level,
                        position=position,
                        started_learning_at=now if level == SkillEntry.Level.LEARNING else None,
                    )
                )
                continue
            if entry.level != level:
                if level == SkillEntry.Level.HAVE:
                    entry.learned_at = now
                else:
                    entry.started_learning_at, entry.learned_at = now, None
                entry.level = level
            entry.position = position
            to_update.append(entry)
    SkillEntry.objects.filter(pk__in=[entry.pk for entry in existing.values()]).delete()
    SkillEntry.objects.bulk_update(
        to_update, ["level", "position", "started_learning_at", "learned_at"]
    )
    SkillEntry.objects.bulk_create(to_create)
    refresh_skill_chips(user)


@dataclass(frozen=True)
class MapBar:
    """One skill on the community skills map, with its bar widths in percent of the longest."""

    skill: object
    have_width: float
    learning_width: float


def map_bars(skills) -> list[MapBar]:
    """Bars for skills annotated by `with_member_counts()`, scaled to the most popular one."""
    skills = list(skills)
    widest = max((skill.interest for skill in skills), default=0) or 1
    return [
        MapBar(
            skill=skill,
            have_width=round(100 * skill.have_count / widest, 1),
            learning_width=round(100 * skill.learning_count / widest, 1),
        )
        for skill in skills
    ]
