"""The data export, value by value: what each field holds, in what order, what it says of
moderators' decisions and nothing of other members, and what it costs in queries. That it
holds every row about the member is walked in test_member_data.py."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile, Skill, SkillEntry
from comments.models import (
    Comment,
    Follow,
    Mute,
    Reaction,
)
from tests.factories import make_article, make_comment, make_skill_entry, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(member_in_every_relation):
    return member_in_every_relation


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
