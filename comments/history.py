"""A comment's public edit history: each version of its text, dated, with what changed from
the one before, word by word. People revise claims about their careers; readers see how.
The texts are Markdown as typed, shown escaped, never rendered (core.markdown renders only
the current text, on save)."""

import difflib
import re
from dataclasses import dataclass

from .models import Comment

WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Version:
    number: int
    since: object  # when this text appeared
    changes: list  # [(op, text)]: op is "same", "added" or "removed"


def word_changes(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after`, with those `before` had that it lost, marked: (op, text)."""
    old, new = WORDS.split(before), WORDS.split(after)
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if op == "equal":
            changes.append(("same", "".join(new[new_start:new_end])))
            continue
        if op in ("replace", "delete"):
            changes.append(("removed", "".join(old[old_start:old_end])))
        if op in ("replace", "insert"):
            changes.append(("added", "".join(new[new_start:new_end])))
    return changes


def versions(comment: Comment, *, held_too: bool = False) -> list[Version]:
    """Every text the comment had while public (`held_too`: every text, for its author),
    newest first; the first as typed, the others marked against the one before. One
    query."""
    revisions = list(comment.revisions.order_by("created_at", "pk"))
    starts = [comment.created_at] + [revision.created_at for revision in revisions]
    texts = [revision.body for revision in revisions] + [comment.body]
    shown = [revision.was_public or held_too for revision in revisions] + [True]
    starts = [start for start, keep in zip(starts, shown, strict=True) if keep]
    texts = [text for text, keep in zip(texts, shown, strict=True) if keep]
    made = [Version(1, starts[0], [("same", texts[0])])]
    for number in range(1, len(texts)):
        changes = word_changes(texts[number - 1], texts[number])
        made.append(Version(number + 1, starts[number], changes))
    return made[::-1]
