"""Fixtures of the member-data tests (test_member_data.py, test_member_export.py)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import ADDITION, LogEntry
from django.utils import timezone

from accounts.models import Skill
from comments.models import (
    CommentRevision,
    Flag,
    Follow,
    ModeratorNote,
    Mute,
    Notification,
    Reaction,
    Standing,
    Suspension,
)
from tests.factories import make_article, make_comment, make_profile, make_skill_entry, make_user


@pytest.fixture
def member_in_every_relation():
    """A member with a row in every relation the site has to a user."""
    user = make_user(username="maria", display_name="Maria Lopez", is_staff=True)
    other = make_user(username="other")
    article = make_article(author=user, title="Maria's follow-up")
    make_profile(user, headline="Translator")
    make_skill_entry(user, "networking", "have")
    EmailAddress.objects.create(user=user, email="maria.second@example.com", verified=False)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "s"})
    Skill.objects.create(name="Subtitling", slug="subtitling", status="pending", suggested_by=user)
    comment = make_comment(user, article, body="Post-editing pays now.", ip_address="203.0.113.7")
    CommentRevision.objects.create(comment=comment, body="Machine translation killed my rates.")
    theirs = make_comment(other, article, body="Same here.")
    Reaction.objects.create(comment=theirs, user=user, kind="same-here")
    Flag.objects.create(comment=theirs, user=user, reason=Flag.Reason.OFF_TOPIC)
    Notification.objects.create(recipient=user, kind=Notification.Kind.REPLY, comment=theirs)
    now = timezone.now()
    Suspension.objects.create(user=user, starts_at=now, reason="Cooling-off after a quarrel")
    Suspension.objects.create(user=other, starts_at=now, reason="Spam links", created_by=user)
    # The suspension above left an audit entry about the member; these are staff's notes.
    ModeratorNote.objects.create(member=user, author=other, text="Maria Lopez: warned once")
    ModeratorNote.objects.create(member=other, author=user, text="Posts the same link often")
    Standing.objects.create(user=user, level=1, pinned_level=2, pin_reason="Long-time translator")
    Follow.objects.create(follower=user, article=article)
    Follow.objects.create(follower=other, member=user)
    Mute.objects.create(member=user, muted=other)
    Mute.objects.create(member=other, muted=user)
    LogEntry.objects.log_actions(
        user.pk, [article], ADDITION, change_message="Added.", single_object=True
    )
    return user
