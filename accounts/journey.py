"""A member's journey, as their page tells it: the answers they gave, the updates they
posted to them, and the skills they started learning and learned, each dated, newest first.
The essay asks how people adapt; this is one person's answer, moving over time."""

from dataclasses import dataclass
from datetime import datetime

JOURNEY_LENGTH = 30


@dataclass(frozen=True)
class Step:
    at: datetime
    kind: str  # "answered", "updated", "started", "learned"
    text: str
    url: str


def journey(answers, entries) -> list[Step]:
    """Steps from the member's public answers and updates (comments with their article) and
    their skill entries, newest first, at most JOURNEY_LENGTH."""
    steps = [
        Step(
            comment.created_at,
            "updated" if comment.update_of_id else "answered",
            comment.article.title,
            comment.get_absolute_url(),
        )
        for comment in answers
    ]
    for entry in entries:
        url = entry.skill.get_absolute_url()
        if entry.started_learning_at:
            steps.append(Step(entry.started_learning_at, "started", entry.skill.name, url))
        if entry.learned_at:
            steps.append(Step(entry.learned_at, "learned", entry.skill.name, url))
    return sorted(steps, key=lambda step: step.at, reverse=True)[:JOURNEY_LENGTH]
