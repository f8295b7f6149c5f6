"""The skills vocabulary and the denormalised chips shown next to comments."""

from django.db import transaction

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
