"""The community that `manage.py demo` (`make demo`) puts in an empty local database.

The people, follow-up articles and discussions are hand-written, in `people.py`,
`articles.py` and `discussion.py`; `build.py` writes them to the database. Times are counted
back from the moment the demo runs, so the site always looks recently alive: members'
journeys and thread starts say how many days ago, replies how many hours after the comment
they answer.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Member:
    username: str
    name: str
    headline: str = ""
    bio: str = ""
    website: str = ""
    # Skills they came with: on their profile from the day they joined, without dates.
    have: tuple[str, ...] = ()
    # (days ago, "start" or "learned", skill slug): started learning, or moved to "have".
    journey: tuple[tuple[int, str, str], ...] = ()


# eq=False: each comment is its own thing even when two read alike, and can key a dict.
@dataclass(kw_only=True, eq=False)
class Said:
    author: str
    body: str
    replies: list["Reply"] = field(default_factory=list)
    # Skill slugs the comment is tagged with.
    skills: tuple[str, ...] = ()
    # How many other members marked it helpful.
    helpful: int = 0
    # Written to be held by the moderation policy (a first comment, too many links): the
    # demo checks that the policy does hold it.
    held: bool = False
    # (username, Flag.Reason value) of members who flagged it.
    flags: tuple[tuple[str, str], ...] = ()


@dataclass(kw_only=True, eq=False)
class Thread(Said):
    days_ago: float


@dataclass(kw_only=True, eq=False)
class Reply(Said):
    hours_later: float
