"""Every row the site keeps about a member, walked through `User._meta.related_objects`:
deleting the account removes or anonymises each one, and the data export contains each one,
unless a short list below says why not. A relation added later fails these tests until it
is classified here."""

import json
import uuid
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Profile, Skill, SkillEntry
from comments.models import (
    Comment,
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


def relation_label(relation) -> str:
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def rows_of(relation, user):
    return relation.related_model._default_manager.filter(**{relation.field.name: user})


@pytest.fixture
def member():
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


def test_the_export_says_why_a_moderator_took_a_comment_down(member, client):
    comment = member.comments.get(body="Post-editing pays now.")
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.REJECTED, removal_reason="off-topic", removal_note="Not this essay"
    )
    client.force_login(member)
    exported = client.get("/accounts/settings/data/").json()["comments"]
    taken_down = next(c for c in exported if c["id"] == comment.pk)
    assert taken_down["moderator_reason"] == "Off-topic: Not this essay"
    assert taken_down["status"] == "rejected"


def test_the_export_says_nothing_of_another_member(member, client):
    other = get_user_model().objects.get(username="other")
    client.force_login(other)
    exported = json.dumps(client.get("/accounts/settings/data/").json())
    assert "Maria Lopez" not in exported and member.email not in exported
    assert "203.0.113.7" not in exported and "Post-editing pays" not in exported
    assert "Spam links" in exported  # their own suspension, which maria gave
    assert ContentType.objects.get_for_model(member)  # the log's references still resolve


def test_the_export_says_what_each_value_is(member, client):
    """Field by field, so a reader of the file (or a program) knows what they hold."""
    client.force_login(member)
    data = client.get("/accounts/settings/data/").json()
    comment = next(c for c in data["comments"] if c["body"] == "Post-editing pays now.")
    assert set(comment) == {
        "id", "body", "status", "article", "created_at", "edited_at",
        "posted_from_ip_address", "earlier_versions", "moderator_reason",
    }  # fmt: skip
    assert comment["posted_from_ip_address"] == "203.0.113.7"
    assert comment["moderator_reason"] == ""
    assert comment["article"]["title"] == "Maria's follow-up"
    assert comment["article"]["url"].startswith("http")  # absolute, usable outside the site
    [version] = comment["earlier_versions"]
    assert version["body"] == "Machine translation killed my rates."
    assert set(version) == {"body", "replaced_at"}
    assert set(data["reactions"][0]) == {"comment", "kind", "at"}
    assert set(data["flags"][0]) == {"comment", "reason", "at"}
    assert set(data["notifications"][0]) == {"kind", "comment", "status", "created_at", "sent_at"}
    assert data["suspensions"][0]["reason"] == "Cooling-off after a quarrel"
    assert set(data["suspensions"][0]) == {"from", "until", "reason"}
    assert data["comments"][0]["created_at"] <= data["comments"][-1]["created_at"]


def queries_of_the_export(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get("/accounts/settings/data/")
    return len(captured)


def test_the_export_costs_the_same_queries_for_one_comment_or_thirty(member, client):
    client.force_login(member)

    few = queries_of_the_export(client)
    article = member.comments.first().article
    for n in range(30):
        make_comment(member, article, body=f"Answer {n}")
    for slug in ("ai-ethics", "data-annotation", "prompt-engineering"):
        make_skill_entry(member, slug, "learning")
    assert queries_of_the_export(client) == few


def test_the_export_is_exactly_what_the_site_keeps(member, client):
    """Every value as stored, dates included: an export that renamed, dropped or blanked a
    field (or a list that lost its order) would not pass."""
    member.last_login = member.date_joined
    member.save()
    make_skill_entry(member, "prompt-engineering", "learning", position=0)
    # Made out of their order: the export follows the member's order, not the rows'.
    make_skill_entry(member, "ai-ethics", "have", position=2, learned_at=member.date_joined)
    make_skill_entry(member, "data-annotation", "have", position=1)
    now = timezone.now()
    member.comments.update(edited_at=now)
    member.notifications.update(sent_at=now, status="sent")
    member.suspensions.update(until=now + timedelta(days=3))
    client.force_login(member)
    data = client.get("/accounts/settings/data/").json()
    member.refresh_from_db()

    def iso(moment):
        return moment.isoformat() if moment else None

    assert data["account"] == {
        "username": "maria",
        "display_name": "Maria Lopez",
        "email": member.email,
        "date_joined": iso(member.date_joined),
        "last_login": iso(member.last_login),
        "picture": {},
        "notifications": {"on_reply": True, "on_approval": True, "on_held": True},
        "email_addresses": [
            {"email": "maria.second@example.com", "verified": False, "primary": False},
            {"email": member.email, "verified": True, "primary": True},
        ],
        "two_factor_methods": [
            {"type": "totp", "created_at": iso(member.authenticator_set.get().created_at)}
        ],
    }
    profile = Profile.objects.get(user=member)
    assert data["profile"] == {"headline": "Translator", "bio": profile.bio, "website": ""}
    entries = {e.skill.slug: e for e in SkillEntry.objects.filter(user=member)}
    assert [(s["name"], s["slug"], s["level"], s["position"]) for s in data["skills"]] == [
        ("Networking", "networking", "have", 0),
        ("Data annotation", "data-annotation", "have", 1),
        ("AI ethics", "ai-ethics", "have", 2),
        ("Prompt engineering", "prompt-engineering", "learning", 0),
    ]
    assert data["skills"][2]["learned_at"] == iso(member.date_joined)
    learning = data["skills"][3]
    assert learning["started_learning_at"] == iso(entries["prompt-engineering"].started_learning_at)
    assert learning["added_at"] == iso(entries["prompt-engineering"].added_at)
    assert data["suggested_skills"] == [
        {"name": "Subtitling", "description": "", "status": "pending"}
    ]
    [written] = data["articles_written"]
    assert written == {
        "title": "Maria's follow-up",
        "url": settings.SITE_URL + member.articles.get().get_absolute_url(),
    }

    comment = member.comments.get()
    [exported] = data["comments"]
    assert exported["created_at"] == iso(comment.created_at)
    assert exported["edited_at"] == iso(now)
    [version] = exported["earlier_versions"]
    assert version["replaced_at"] == iso(comment.revisions.get().created_at)
    mark, flag = member.reactions.get(), member.flags.get()
    assert data["reactions"] == [
        {"comment": mark.comment_id, "kind": "same-here", "at": iso(mark.created_at)}
    ]
    assert data["flags"] == [
        {"comment": flag.comment_id, "reason": "off-topic", "at": iso(flag.created_at)}
    ]
    note = member.notifications.get()
    assert data["notifications"] == [
        {
            "kind": "reply",
            "comment": note.comment_id,
            "status": "sent",
            "created_at": iso(note.created_at),
            "sent_at": iso(now),
        }
    ]
    suspension = member.suspensions.get()
    assert data["suspensions"] == [
        {
            "from": iso(suspension.starts_at),
            "until": iso(suspension.until),
            "reason": suspension.reason,
        }
    ]


def test_a_comment_without_earlier_versions_exports_an_empty_list(member, client):
    make_comment(member, member.articles.get(), body="Never edited.")
    client.force_login(member)
    comments = client.get("/accounts/settings/data/").json()["comments"]
    never_edited = next(c for c in comments if c["body"] == "Never edited.")
    assert never_edited["earlier_versions"] == []


def test_deleting_an_account_forgets_its_double_submit_keys(
    member, django_capture_on_commit_callbacks
):
    """An idempotency key ties a comment to the browser form it came from."""
    member.comments.update(idempotency_key=uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=timezone.now())
    assert not member.comments.exclude(idempotency_key=None).exists()


def test_the_export_lists_follows_mutes_reactions_and_trust_exactly(member, client):
    """What they follow and whom they muted newest first, their reactions oldest first (in
    the order made when made in the same instant, whatever the order made otherwise), each
    value as stored."""
    other = get_user_model().objects.get(username="other")
    skill = Skill.objects.get(slug="networking")
    third = make_user(username="third")
    Follow.objects.create(follower=member, skill=skill)
    Follow.objects.create(follower=member, member=third)
    Mute.objects.create(member=member, muted=third)
    start = timezone.now() - timedelta(days=3)
    for n, follow in enumerate(Follow.objects.filter(follower=member).order_by("pk")):
        Follow.objects.filter(pk=follow.pk).update(created_at=start + timedelta(hours=n))
    for n, mute in enumerate(Mute.objects.filter(member=member).order_by("pk")):
        Mute.objects.filter(pk=mute.pk).update(created_at=start + timedelta(hours=n))
    # Made in one instant, on comments made in the other order: the order made decides.
    later, earlier = make_comment(other, body="Later"), make_comment(other, body="Earlier")
    first = Reaction.objects.create(comment=earlier, user=member, kind="thanks")
    second = Reaction.objects.create(comment=later, user=member, kind="helpful")
    made_first = member.reactions.get(kind="same-here")
    member.reactions.update(created_at=start)
    member.reactions.filter(pk=made_first.pk).update(created_at=start + timedelta(days=1))
    client.force_login(member)

    data = client.get("/accounts/settings/data/").json()

    def at(hours):
        return (start + timedelta(hours=hours)).isoformat()

    article = member.articles.get()
    assert data["following"] == [
        {"kind": "member", "url": settings.SITE_URL + third.get_absolute_url(), "since": at(2)},
        {"kind": "skill", "url": settings.SITE_URL + skill.get_absolute_url(), "since": at(1)},
        {"kind": "article", "url": settings.SITE_URL + article.get_absolute_url(), "since": at(0)},
    ]
    assert data["muted"] == [
        {"member": "third", "since": at(1)},
        {"member": "other", "since": at(0)},
    ]
    assert [(r["comment"], r["kind"]) for r in data["reactions"]] == [
        (first.comment_id, "thanks"),
        (second.comment_id, "helpful"),
        (made_first.comment_id, "same-here"),
    ]
    assert data["reactions"][0]["at"] == start.isoformat()
    assert data["trust"] == [{"level": "Trusted member", "set_by_a_moderator": True}]


def test_the_exports_follows_and_mutes_cost_no_query_each(member, client):
    client.force_login(member)

    few = queries_of_the_export(client)
    for n in range(5):
        followed = make_user(username=f"followed{n}")
        Follow.objects.create(follower=member, member=followed)
        Follow.objects.create(follower=member, article=make_article())
        Mute.objects.create(member=member, muted=followed)
    for slug in ("ai-ethics", "data-annotation", "prompt-engineering"):
        Follow.objects.create(follower=member, skill=Skill.objects.get(slug=slug))
    assert queries_of_the_export(client) == few
