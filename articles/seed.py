"""The essay the site was founded on, kept inside the project so a fresh checkout has it.

`ensure_essay()` is idempotent: the data migration calls it with the historical model,
and the browser tests call it again after a transactional test flushed the database.
"""

import datetime
from pathlib import Path

from core.markdown import Profile, render

ESSAY_SLUG = "ai-and-the-gig-economy"
ESSAY_FILE = Path(__file__).resolve().parent / "content" / f"{ESSAY_SLUG}.md"
ESSAY_PUBLISHED_AT = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
ESSAY_SUMMARY = (
    "AI is opening new, specialised roles for independent workers while automating others "
    "away. What it means for the gig economy, and how to adapt."
)
ESSAY_PROMPT = "What steps are you taking to adapt your skills for the AI-powered gig economy?"
# So that a fresh site has topics to browse (/tags/) from its first page.
ESSAY_TAGS = [
    ("AI", "ai"),
    ("Gig economy", "gig-economy"),
    ("Independent work", "independent-work"),
]


def essay_parts() -> tuple[str, str]:
    """The essay's title (its first heading) and its Markdown body without that heading."""
    first_line, _, body = ESSAY_FILE.read_text(encoding="utf-8").partition("\n")
    return first_line.removeprefix("# ").strip(), body.strip() + "\n"


def ensure_essay(article_model=None):
    """Create the essay as published if it does not exist, tagged unless a migration from
    before tags existed asks (it passes its historical model); return it either way."""
    tagged = article_model is None
    if article_model is None:
        from .models import Article as article_model
    existing = article_model.objects.filter(slug=ESSAY_SLUG).first()
    if existing is None:
        existing = _create_essay(article_model)
        if tagged:
            ensure_essay_tags(existing)
    return existing


def ensure_essay_tags(essay, tag_model=None) -> None:
    """Tag the essay with its topics, creating the tags as needed; leaves other tags be."""
    if tag_model is None:
        from .models import Tag as tag_model
    tags = [
        tag_model.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in ESSAY_TAGS
    ]
    essay.tags.add(*tags)


def _create_essay(article_model):
    title, body = essay_parts()
    rendered = render(body, Profile.ARTICLE)
    # Historical models in migrations have no custom save(), so render here.
    return article_model.objects.create(
        title=title,
        slug=ESSAY_SLUG,
        summary=ESSAY_SUMMARY,
        body=body,
        body_html=rendered.html,
        headings=[vars(heading) for heading in rendered.headings],
        word_count=len(body.split()),
        status="published",
        published_at=ESSAY_PUBLISHED_AT,
        discussion_prompt=ESSAY_PROMPT,
    )
