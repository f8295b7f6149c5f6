"""Why a moderator took a member's comment down or sent it back: a reason from a fixed list,
and a few words of their own, told to the member in the notification and on their settings
page. One function a rule, as in comments/moderation.py; imports no models, so the models
can use the list."""

from django.db import models

NOTE_MAX_LENGTH = 300


class RemovalReason(models.TextChoices):
    OFF_TOPIC = "off-topic", "Off-topic"
    SPAM = "spam", "Spam or advertising"
    PERSONAL_ATTACK = "attack", "A personal attack"
    MISINFORMATION = "misinformation", "Misinformation"
    OTHER = "other", "Other"


# The statuses a moderator's decision can give, by what that decision asks for.
TAKEN_DOWN = {"rejected", "pending"}  # rejected, removed, or returned to moderation


def reason_required(new_status: str) -> bool:
    """Rejecting, removing or returning a comment tells its author why; approving needs no
    reason, and spam is its own reason."""
    return new_status in TAKEN_DOWN


def reason_refusal(new_status: str, reason: str, note: str) -> str | None:
    """What the moderator must still give before the decision goes through, or None."""
    if not reason_required(new_status):
        return None
    if reason not in RemovalReason.values:
        return "Choose a reason from the list: the author is told why."
    if reason == RemovalReason.OTHER and not note.strip():
        return "With “Other”, say the reason in a few words: the author reads it."
    return None


def reason_told(reason: str, note: str) -> str:
    """The reason as the member reads it: the label, then the moderator's words if any."""
    if not reason:
        return ""
    label = RemovalReason(reason).label
    note = note.strip()
    return f"{label}: {note}" if note else f"{label}."
