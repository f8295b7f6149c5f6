"""Small factories: a function per model, keyword overrides, sensible defaults."""

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile, Skill, SkillEntry
from articles.models import Article, Series, Tag
from comments.models import Comment
from comments.services import touch_article

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)
REGULAR_COMMENTER = "regular-commenter"


def make_user(*, verified: bool = True, password: str = PASSWORD, **overrides):
    n = next(_sequence)
    fields = {"username": f"member{n}", "email": f"member{n}@example.com"} | overrides
    user = get_user_model().objects.create_user(password=password, **fields)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def make_article(**overrides) -> Article:
    n = next(_sequence)
    fields = {
        "title": f"Follow-up number {n}",
        "slug": f"follow-up-{n}",
        "summary": "What members told us.",
        "body": "## What we heard\n\nMembers shared their experiences.\n",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    } | overrides
    return Article.objects.create(**fields)


def make_tag(**overrides) -> Tag:
    n = next(_sequence)
    return Tag.objects.create(**({"name": f"Topic {n}", "slug": f"topic-{n}"} | overrides))


def make_series(**overrides) -> Series:
    n = next(_sequence)
    fields = {"title": f"Series {n}", "slug": f"series-{n}", "description": "Read in order."}
    return Series.objects.create(**(fields | overrides))


def make_skill_entry(user, slug: str, level: str, position: int = 0, **overrides):
    skill = Skill.objects.get(slug=slug)
    return SkillEntry.objects.create(
        user=user, skill=skill, level=level, position=position, **overrides
    )


def make_profile(user, **overrides):
    fields = {"headline": "Freelance translator", "bio": "I translate *and* annotate."}
    return Profile.objects.create(user=user, **(fields | overrides))


def regular_commenter():
    """The author of every comment a test does not give one: one member per test, so a test
    that needs many comments does not also make a member for each."""
    return get_user_model().objects.filter(username=REGULAR_COMMENTER).first() or make_user(
        username=REGULAR_COMMENTER
    )


def make_comment(author=None, article=None, *, reply_to=None, skills=(), **overrides):
    """An approved comment (or reply), straight to the database: no policy, no notifications,
    but the article's counts kept as comments.services keeps them. Without an author, it is
    the test's regular commenter's: pass one where who wrote it matters."""
    fields = {"body": "I moved from transcription to **AI training** work.", "status": "approved"}
    fields |= overrides
    if article is None:
        article = reply_to.article if reply_to is not None else make_article()
    comment = Comment(article=article, author=author or regular_commenter(), **fields)
    if reply_to is not None:
        comment.article = reply_to.article
        comment.reply_to = reply_to
        comment.parent, comment.root, comment.depth = reply_to.tree_position_for_reply()
    with transaction.atomic():
        comment.save()
        comment.skills.set(skills)
        touch_article(comment.article_id, timezone.now())
    return comment


def make_member(**overrides):
    """A member past the first approval (comments.trust: level "member"): one approved
    comment of theirs, so they post without being held and may flag."""
    user = make_user(**overrides)
    make_comment(author=user, body="My first approved comment.")
    return user
