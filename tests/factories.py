"""Small factories: a function per model, keyword overrides, sensible defaults."""

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


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


def make_comment(*, article=None, author=None, reply_to=None, **overrides):
    """An approved comment (or reply), straight to the database: no policy, no notifications."""
    from comments.models import Comment

    fields = {"body": "I moved from transcription to **AI training** work.", "status": "approved"}
    fields |= overrides
    comment = Comment(article=article or make_article(), author=author or make_user(), **fields)
    if reply_to is not None:
        comment.article = reply_to.article
        comment.reply_to = reply_to
        comment.parent, comment.root, comment.depth = reply_to.tree_position_for_reply()
    comment.save()
    return comment
