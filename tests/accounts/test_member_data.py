"""Every row the site keeps about a member, walked through `User._meta.related_objects`:
deleting the account removes or anonymises each one, and the data export contains each one,
unless a short list below says why not. A relation added later fails these tests until it
is classified here."""

import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Skill
from comments.models import (
    CommentRevision,
)

pytestmark = pytest.mark.django_db

DELETED, UNLINKED, ANONYMISED, KEPT = "deleted", "unlinked", "anonymised", "kept"
# What deleting an account does to the rows of each relation.
ON_DELETION = {
    "account.EmailAddress.user": DELETED,
    "mfa.Authenticator.user": DELETED,
    "accounts.Profile.user": DELETED,
    "accounts.SkillEntry.user": DELETED,
    "comments.Notification.recipient": DELETED,
    "comments.ModeratorNote.member": DELETED,  # staff's notes go with the member
    "comments.Standing.user": DELETED,  # a level earned by a record that is anonymised now
    "comments.Follow.follower": DELETED,  # what they followed
    "comments.Follow.member": DELETED,  # others' follows of a member who is gone
    "comments.Mute.member": DELETED,  # whom they muted
    "comments.Reaction.user": DELETED,  # with the comments' counts
    "comments.Mute.muted": DELETED,  # others' mutes of a member who is gone
    # A suggested skill is the community's vocabulary; who suggested it is forgotten.
    "accounts.Skill.suggested_by": UNLINKED,
    # Kept, as the delete page promises, pointing at an account that names nobody, with
    # the addresses they came from and earlier versions of their text removed.
    "comments.Comment.author": ANONYMISED,
    "comments.Flag.user": ANONYMISED,
    "comments.Suspension.user": ANONYMISED,
    # The audit trail keeps what was done to them, naming nobody (comments.audit).
    "comments.AuditEntry.member": ANONYMISED,
    # The exclusion list: records of what staff did, which must stay accountable.
    "admin.LogEntry.user": KEPT,  # the admin's log names objects, not the person
    "articles.Article.author": KEPT,  # published articles are the site's; the byline anonymises
    "comments.Suspension.created_by": KEPT,  # a moderation decision about someone else
    "comments.ModeratorNote.author": KEPT,  # a note they wrote as staff about someone else
}
# Rows about the member that their export leaves out, and why.
NOT_EXPORTED = {
    "admin.LogEntry.user": "what staff did in the admin is the site's moderation record",
    "comments.Suspension.created_by": "suspensions a moderator gave are the suspended's data",
    # What moderators decided is in the export already (statuses, reasons, suspensions); the
    # trail of who decided it is the site's accountability record, as the admin log is.
    "comments.AuditEntry.member": "the record of what staff did, not the member's own data",
    # Staff's working notes for moderating, withheld as internal records (not what the
    # member gave the site, nor what it shows of them); deleted with the account.
    "comments.ModeratorNote.member": "moderators' private working notes about the member",
    "comments.ModeratorNote.author": "notes written as staff are about other members",
    "comments.Follow.member": "who follows a member is each follower's private matter",
    "comments.Mute.muted": "who muted a member is each member's private matter",
}
IDENTIFYING_FIELDS = (models.GenericIPAddressField, models.EmailField)


@pytest.fixture
def member(member_in_every_relation):
    return member_in_every_relation


def relation_label(relation) -> str:
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def rows_of(relation, user):
    return relation.related_model._default_manager.filter(**{relation.field.name: user})


def test_every_relation_to_a_member_is_classified(member):
    relations = {relation_label(r) for r in get_user_model()._meta.related_objects}
    assert relations == set(ON_DELETION), "classify the new relation in ON_DELETION"
    for relation in get_user_model()._meta.related_objects:
        assert rows_of(relation, member).exists(), f"the fixture lacks {relation_label(relation)}"


def test_deleting_an_account_removes_or_anonymises_every_row_about_the_member(
    member, django_capture_on_commit_callbacks
):
    said = {member.username, member.display_name, member.email, "maria.second@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=timezone.now())
    for relation in get_user_model()._meta.related_objects:
        label, rows = relation_label(relation), rows_of(relation, member)
        outcome = ON_DELETION[label]
        if outcome in (DELETED, UNLINKED):
            assert not rows.exists(), f"{label} still points at the member"
            continue
        assert rows.exists(), f"{label} was meant to be kept"
        for row in rows:
            for field in row._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(field, IDENTIFYING_FIELDS):
                    assert not value, f"{label}: {field.name} still holds {value}"
                if isinstance(value, str):
                    assert not any(word in value for word in said), f"{label}.{field.name}"
    # One step further: the earlier versions of their comments said who they were too.
    assert not CommentRevision.objects.filter(comment__author=member).exists()
    assert Skill.objects.filter(slug="subtitling").exists()


def test_the_export_holds_every_row_about_the_member(member, client):
    client.force_login(member)
    exported = json.dumps(client.get("/accounts/settings/data/").json())
    # A value of each relation's row that only the export could carry.
    expected_in_export = {
        "account.EmailAddress.user": "maria.second@example.com",
        "mfa.Authenticator.user": '"type": "totp"',
        "accounts.Profile.user": "Translator",
        "accounts.SkillEntry.user": "Networking",
        "accounts.Skill.suggested_by": "Subtitling",
        "articles.Article.author": "Maria's follow-up",
        "comments.Comment.author": "203.0.113.7",
        "comments.Reaction.user": '"reactions": [{"comment"',
        "comments.Flag.user": '"reason": "off-topic"',
        "comments.Notification.recipient": '"kind": "reply"',
        "comments.Suspension.user": "Cooling-off after a quarrel",
        "comments.Standing.user": '"level": "Trusted member", "set_by_a_moderator": true',
        "comments.Follow.follower": '"following": [{"kind": "article"',
        "comments.Mute.member": '"muted": [{"member": "other"',
    }
    for relation in get_user_model()._meta.related_objects:
        label = relation_label(relation)
        if label in NOT_EXPORTED:
            continue
        assert expected_in_export[label] in exported, f"the export lacks {label}"
    assert "Machine translation killed my rates." in exported  # an earlier version
    assert '"secret"' not in exported and "Spam links" not in exported


def test_deleting_an_account_forgets_its_double_submit_keys(
    member, django_capture_on_commit_callbacks
):
    """An idempotency key ties a comment to the browser form it came from."""
    member.comments.update(idempotency_key=uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=timezone.now())
    assert not member.comments.exclude(idempotency_key=None).exists()
