"""Writes the demo community (this package's data) into an empty local database.

Everything goes through the save paths members' own actions take: models render their
Markdown on save, skill journeys go through `accounts.skills.update_skill_entries` with the
day of each step, reactions and flags through `comments.reactions` and `comments.flagging`,
and comments written to be held are held by the moderation policy itself. What only the
demo knows is set directly: when things happened, and which comments a moderator approved in
the past. Every discussion is then recounted, as `comments.services` does after any change.
"""

import inspect
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from accounts.models import Profile, Skill, SkillEntry
from accounts.skills import ensure_skills, update_skill_entries
from articles.models import Article, Series, Tag
from articles.seed import ESSAY_SLUG, ensure_essay

from .. import flagging, moderation, reactions, services, trust
from ..models import Comment, Flag, Reaction
from ..notifications import MODERATORS_GROUP
from . import Member, Said
from .articles import ESSAY_DAYS_AGO, FOLLOW_UPS, SERIES
from .discussion import DISCUSSIONS
from .people import MEMBERS, MODERATOR

MEMBER_PASSWORD = "demo-member-password"
MODERATOR_PASSWORD = "demo-moderator-password"
EMAIL_DOMAIN = "example.com"
# Marks are given by members picked at random: the same ones on every run.
SEED = 2026


@dataclass(frozen=True)
class Planned:
    """A comment of the data with its article's slug, the comment it answers and its time."""

    slug: str
    said: Said
    answered: Said | None
    when: datetime


@dataclass(frozen=True)
class Summary:
    members: int
    follow_ups: int
    comments: int
    weeks: int
    held: int
    flagged: int
    helpful_marks: int  # "helpful" reactions
    essay_moved_to: datetime | None


def demo_usernames() -> set[str]:
    return {MODERATOR.username, *(member.username for member in MEMBERS)}


def existing_content() -> dict[str, int]:
    """What the database already holds beyond what migrations create (the essay, skills,
    groups): the demo fills empty databases only, so none of it is ever mixed with made-up
    people. Members the demo itself makes count too: it has run here before."""
    users = get_user_model().objects
    found = {
        "comments": Comment.objects.count(),
        "members": users.exclude(username__in=demo_usernames()).count(),
        "demo members from an earlier run": users.filter(username__in=demo_usernames()).count(),
        "articles besides the essay": Article.objects.exclude(slug=ESSAY_SLUG).count(),
    }
    return {what: count for what, count in found.items() if count}


@transaction.atomic
def build(now: datetime, say: Callable[[str], None]) -> Summary:
    """Create the community as it would be at `now`; `say` is told each step as it ends."""
    ensure_skills()
    skills = {skill.slug: skill for skill in Skill.objects.approved()}
    essay = ensure_essay()
    moved_to = _essay_before_its_discussion(essay, now)
    plan = _plan(now)
    users = _members(_joined(plan, now), skills, now)
    say(f"{len(MEMBERS)} members with profiles and dated skill journeys, and a moderator")
    articles = {essay.slug: essay} | _follow_ups(essay, users[MODERATOR.username], now)
    say(f"{len(FOLLOW_UPS)} follow-ups to the essay, in the series “{SERIES['title']}”")
    made = _comments(plan, articles, users, skills)
    weeks = _weeks(plan)
    say(f"{len(made)} comments over {weeks} weeks")
    marks = _reactions(plan, made, users, now)
    say(f"{marks} helpful marks and {Flag.objects.count()} flags")
    # The comments were saved directly, so their discussions are recounted as a whole.
    for article in articles.values():
        services.touch_article(article.pk, now)

    return Summary(
        members=len(MEMBERS),
        follow_ups=len(FOLLOW_UPS),
        comments=len(made),
        weeks=weeks,
        held=Comment.objects.pending().count(),
        flagged=Comment.objects.filter(flag_count__gt=0).count(),
        helpful_marks=marks,
        essay_moved_to=moved_to,
    )


def _essay_before_its_discussion(essay: Article, now: datetime) -> datetime | None:
    """Move the essay back to ESSAY_DAYS_AGO if it is newer, so that no comment predates it."""
    start = now - timedelta(days=ESSAY_DAYS_AGO)
    if essay.published_at <= start:
        return None
    essay.published_at = start
    essay.save(update_fields=["published_at", "updated_at"])
    return start


def _plan(now: datetime) -> list[Planned]:
    """Every comment of the data with its time, in the order they were posted."""
    plan = []

    def walk(said: Said, slug: str, answered: Said | None, when: datetime) -> None:
        plan.append(Planned(slug, said, answered, when))
        for reply in said.replies:
            walk(reply, slug, said, when + timedelta(hours=reply.hours_later))

    for slug, threads in DISCUSSIONS.items():
        for thread in threads:
            walk(thread, slug, None, now - timedelta(days=thread.days_ago))
    return sorted(plan, key=lambda planned: planned.when)


def _weeks(plan: list[Planned]) -> int:
    """How many weeks the discussions span, from the first comment to the last."""
    return round((plan[-1].when - plan[0].when) / timedelta(weeks=1))


def _joined(plan: list[Planned], now: datetime) -> dict[str, datetime]:
    """When each member joined: hours to days before the first thing they did here (a
    comment, a step of their skill journey); staff before the essay."""
    rng = random.Random(SEED)
    first = {MODERATOR.username: now - timedelta(days=ESSAY_DAYS_AGO + 30)}
    for member in MEMBERS:
        steps = [now - timedelta(days=days_ago) for days_ago, _, _ in member.journey]
        said = [planned.when for planned in plan if planned.said.author == member.username]
        first[member.username] = min([*steps, *said, now])
    return {
        username: when - timedelta(hours=rng.randint(2, 96)) for username, when in first.items()
    }


def _members(joined: dict[str, datetime], skills: dict, now: datetime) -> dict:
    """Every member with a verified email, a profile and their skill journey; the moderator
    also in the Moderators group."""
    User = get_user_model()
    password = make_password(MEMBER_PASSWORD)
    users = {}
    for member in [MODERATOR, *MEMBERS]:
        user = User.objects.create(
            username=member.username,
            email=f"{member.username}@{EMAIL_DOMAIN}",
            display_name=member.name,
            password=password,
            date_joined=joined[member.username],
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        if member.headline or member.bio:
            Profile.objects.create(
                user=user,
                headline=member.headline,
                bio=inspect.cleandoc(member.bio),
                website=member.website,
            )
        _journey(user, member, skills, now)
        users[member.username] = user
    moderator = users[MODERATOR.username]
    moderator.is_staff = True
    moderator.set_password(MODERATOR_PASSWORD)
    moderator.save(update_fields=["is_staff", "password"])
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return users


def _journey(user, member: Member, skills: dict, now: datetime) -> None:
    """Replay the member's profile edits on the days they made them, so each entry carries
    the dates a real journey would."""
    have, learning = [skills[slug] for slug in member.have], []
    if have:
        update_skill_entries(user, have=have, learning=[], now=user.date_joined)
    for days_ago, step, slug in sorted(member.journey, key=lambda step: -step[0]):
        if step == "start":
            learning.append(skills[slug])
        elif step == "learned":
            learning.remove(skills[slug])
            have.append(skills[slug])
        else:
            raise ValueError(f"{member.username}: a journey step is 'start' or 'learned'.")
        update_skill_entries(
            user, have=list(have), learning=list(learning), now=now - timedelta(days=days_ago)
        )
    # Added to the profile when learning started, or on joining for skills they came with.
    SkillEntry.objects.filter(user=user).update(
        added_at=Coalesce(F("started_learning_at"), Value(user.date_joined))
    )


def _follow_ups(essay: Article, author, now: datetime) -> dict[str, Article]:
    series = Series.objects.create(**SERIES)
    articles = {}
    for follow_up in FOLLOW_UPS:
        article = Article.objects.create(
            title=follow_up.title,
            slug=follow_up.slug,
            summary=follow_up.summary,
            body=inspect.cleandoc(follow_up.body),
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=follow_up.days_ago),
            discussion_prompt=follow_up.prompt,
            follow_up_of=essay,
            series=series if follow_up.series_position else None,
            series_position=follow_up.series_position,
        )
        article.tags.set(
            Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for name, slug in follow_up.tags
        )
        articles[follow_up.slug] = article
    return articles


def _comments(plan: list[Planned], articles: dict, users: dict, skills: dict) -> dict:
    """Each comment in the order it was posted: approved, as a moderator approved them at
    the time, or held where the data says the policy holds it (checked here)."""
    made = {}
    for planned in plan:
        said = planned.said
        comment = Comment(
            article=articles[planned.slug],
            author=users[said.author],
            body=inspect.cleandoc(said.body),
        )
        if planned.answered is not None:
            comment.reply_to = made[planned.answered]
            comment.parent, comment.root, comment.depth = comment.reply_to.tree_position_for_reply()
        comment.render()
        comment.status = Comment.Status.APPROVED
        if said.held:
            decision = moderation.initial_status(
                trust.level_of(comment.author, planned.when),
                body=comment.body,
                link_count=comment.link_count,
                honeypot="",
            )
            if decision.status != Comment.Status.PENDING:
                raise ValueError(f"The policy would publish {said.author}'s comment held here.")
            comment.status, comment.moderation_reason = decision.status, decision.reason
        comment.save()
        comment.skills.set([skills[slug] for slug in said.skills])
        # Saving stamps the creation time with now: the comment was posted at its own time.
        comment.created_at = planned.when
        made[said] = comment
    Comment.objects.bulk_update(made.values(), ["created_at"])
    return made


def _reactions(plan: list[Planned], made: dict, users: dict, now: datetime) -> int:
    """Helpful marks from members who had joined by then, and the flags of the data."""
    rng = random.Random(SEED)
    for planned in plan:
        said, comment = planned.said, made[planned.said]
        if said.helpful:
            readers = [
                user
                for username, user in users.items()
                if username != said.author and user.date_joined < planned.when
            ]
            for reader in rng.sample(readers, min(said.helpful, len(readers))):
                reactions.react(comment, user=reader, kind=Reaction.Kind.HELPFUL, now=now)
        for username, reason in said.flags:
            flagging.flag_comment(comment, user=users[username], reason=reason, now=now)
    return Reaction.objects.filter(kind=Reaction.Kind.HELPFUL).count()
