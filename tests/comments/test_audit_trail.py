"""The audit trail as an admin reads it: every moderation and admin action leaves one entry
saying who did it, to whom, what kind of action it was and what changed; nobody can edit or
delete an entry; the list filters by moderator, member and kind; a deleted account leaves
entries that name nobody."""

import json
from datetime import timedelta

import pytest
from auditlog.context import set_actor
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Skill
from articles.models import Article
from comments import flagging, services
from comments.audit import FORGOTTEN, AuditEntry, Kind
from comments.models import BlockedTerm, Comment, Flag, Suspension
from tests.factories import make_article, make_comment, make_profile, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
TRAIL = "/admin/comments/auditentry/"
Status = Comment.Status


@pytest.fixture
def admin_user(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def mod(db):
    user = make_user(username="moddy", email="moddy@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def only_entry(**filters) -> AuditEntry:
    """The one entry (besides the articles the factories publish, themselves entries)."""
    [entry] = AuditEntry.objects.exclude(kind=Kind.PUBLISHED).filter(**filters)
    return entry


# Each action, one entry ---------------------------------------------------------------


def test_approving_from_the_queue_records_who_approved_whose_comment(client, mod, article):
    author = make_user(username="amara")
    held = make_comment(author, article, status=Status.PENDING)
    client.force_login(mod)
    client.post(QUEUE, {"action": "approve", "_selected_action": [held.pk]})
    entry = only_entry()
    assert (entry.kind, entry.actor, entry.member) == (Kind.APPROVED, mod, author)
    assert entry.changes["status"] == ["pending", "approved"]
    assert entry.object_id == held.pk and entry.timestamp is not None


@pytest.mark.parametrize(
    "before, after, reason, kind",
    [
        (Status.PENDING, Status.REJECTED, "off-topic", Kind.REJECTED),
        (Status.APPROVED, Status.REJECTED, "attack", Kind.REMOVED),
        (Status.REJECTED, Status.APPROVED, "", Kind.RESTORED),
        (Status.SPAM, Status.APPROVED, "", Kind.RESTORED),
        (Status.APPROVED, Status.PENDING, "misinformation", Kind.RETURNED),
        (Status.PENDING, Status.SPAM, "", Kind.SPAM),
    ],
)
def test_each_decision_on_a_comment_is_one_entry_of_its_kind(
    mod, article, before, after, reason, kind
):
    comment = make_comment(article=article, status=before)
    services.moderate(
        Comment.objects.filter(pk=comment.pk),
        status=after,
        moderator=mod,
        now=timezone.now(),
        removal_reason=reason,
    )
    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.member_id) == (kind, mod.pk, comment.author_id)
    assert entry.changes["status"] == [before, after]
    if reason:
        assert entry.changes["removal_reason"] == ["", reason]


def test_a_comment_returned_by_members_flags_is_recorded_without_an_actor(article, settings):
    settings.COMMENTS_FLAG_THRESHOLD = 1
    comment = make_comment(article=article)
    flagger = make_user()
    make_comment(flagger, article)  # flags count from members with an approved comment
    flagging.flag_comment(comment, user=flagger, reason=Flag.Reason.SPAM, now=timezone.now())
    entry = only_entry()
    assert (entry.kind, entry.actor, entry.member_id) == (Kind.RETURNED, None, comment.author_id)


def test_suspending_and_lifting_a_suspension_in_the_admin(client, mod, member):
    client.force_login(mod)
    now = timezone.now() - timedelta(hours=1)
    client.post(
        "/admin/comments/suspension/add/",
        {
            "user": member.pk,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
            "reason": "Three personal attacks this week.",
        },
    )
    made = only_entry(kind=Kind.SUSPENDED)
    assert (made.actor, made.member) == (mod, member)
    assert made.changes["reason"] == ["None", "Three personal attacks this week."]
    suspension = Suspension.objects.get()
    ended = timezone.now() - timedelta(seconds=1)
    with set_actor(mod):
        suspension.until = ended
        suspension.save()
    lifted = only_entry(kind=Kind.SUSPENSION_LIFTED)
    assert (lifted.actor, lifted.member) == (mod, member)
    assert lifted.changes["until"][0] == "None"


def test_adding_a_blocked_term_in_the_admin(client, mod):
    client.force_login(mod)
    client.post("/admin/comments/blockedterm/add/", {"term": "Crypto giveaway"})
    entry = only_entry()
    assert (entry.kind, entry.actor) == (Kind.TERM_ADDED, mod)
    assert entry.changes["term"] == ["None", "crypto giveaway"]
    assert BlockedTerm.objects.filter(term="crypto giveaway").exists()


def test_blanking_a_profile_records_what_it_said_before(client, mod, member):
    profile = make_profile(member, headline="Buy followers cheap", bio="", website="")
    client.force_login(mod)
    client.post(
        "/admin/accounts/profile/",
        {"action": "blank_headline_and_bio", "_selected_action": [profile.pk]},
    )
    entry = only_entry()
    assert (entry.kind, entry.actor, entry.member) == (Kind.PROFILE_BLANKED, mod, member)
    assert entry.changes["headline"] == ["Buy followers cheap", ""]


def test_a_member_editing_their_own_profile_is_no_admin_action(member):
    profile = make_profile(member)
    with set_actor(member):
        profile.headline = ""
        profile.bio = ""
        profile.save()
    assert not AuditEntry.objects.exists()


def test_approving_a_suggested_skill(client, admin_user, member):
    skill = Skill.objects.create(
        name="Subtitling", slug="subtitling", status="pending", suggested_by=member
    )
    client.force_login(admin_user)
    client.post("/admin/accounts/skill/", {"action": "approve", "_selected_action": [skill.pk]})
    entry = only_entry()
    assert (entry.kind, entry.actor, entry.member) == (Kind.SKILL_APPROVED, admin_user, member)
    assert entry.changes["status"] == ["pending", "approved"]


def test_publishing_and_withdrawing_an_article(staff):
    with set_actor(staff):
        article = make_article(status=Article.Status.DRAFT, published_at=None, author=staff)
        assert not AuditEntry.objects.exists()  # a draft is nobody's business yet
        make_article(author=staff)  # made published at once: published
        article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
        article.save()
        article.status = Article.Status.DRAFT
        article.save()
    made, published, withdrawn = AuditEntry.objects.order_by("timestamp", "pk")
    assert (made.kind, made.changes["status"]) == (Kind.PUBLISHED, ["None", "published"])
    assert (published.kind, published.actor, published.member) == (Kind.PUBLISHED, staff, staff)
    assert published.changes["status"] == ["draft", "published"]
    assert (withdrawn.kind, withdrawn.changes["status"]) == (
        Kind.WITHDRAWN,
        ["published", "draft"],
    )


def test_anonymising_an_account_is_recorded_and_the_trail_names_nobody_after(
    client, mod, django_capture_on_commit_callbacks
):
    maria = make_user(username="maria", display_name="Maria Lopez", email="maria@example.com")
    profile = make_profile(maria, headline="Maria Lopez, translator")
    with set_actor(mod):
        profile.headline = profile.bio = profile.website = ""
        profile.save()  # blanked: the entry holds what it said
        Suspension.objects.create(user=maria, starts_at=timezone.now(), reason="Spam")
    # Maria was staff once and moderated someone: her own entries carry her email.
    other = make_comment(article=make_article(), status=Status.PENDING)
    with set_actor(maria):
        services.moderate(
            Comment.objects.filter(pk=other.pk), status=Status.APPROVED, moderator=maria,
            now=timezone.now(),
        )  # fmt: skip
        BlockedTerm.objects.create(term="casino")
    assert AuditEntry.objects.filter(actor_email="maria@example.com").exists()
    client.force_login(maria)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": "correct-horse-battery-staple"})
    maria.refresh_from_db()
    assert maria.is_anonymised
    deleted = only_entry(kind=Kind.ANONYMISED)
    assert (deleted.member, deleted.actor) == (maria, maria)
    everything = json.dumps(list(AuditEntry.objects.values()), default=str)
    for said in ("maria", "Maria Lopez", "maria@example.com"):
        assert said not in everything
    blanked = only_entry(kind=Kind.PROFILE_BLANKED)
    assert blanked.changes["headline"] == [FORGOTTEN, FORGOTTEN]
    assert AuditEntry.objects.filter(member=maria).count() == 3  # blanked, suspended, deleted


# Read-only for everyone ---------------------------------------------------------------


@pytest.fixture
def an_entry(mod, article):
    comment = make_comment(article=article, status=Status.PENDING)
    services.moderate(
        Comment.objects.filter(pk=comment.pk),
        status=Status.APPROVED,
        moderator=mod,
        now=timezone.now(),
    )
    return only_entry()


def test_admins_read_the_trail_but_cannot_add_change_or_delete_even_as_superuser(
    client, admin_user, an_entry
):
    client.force_login(admin_user)
    listing = client.get(TRAIL)
    assert listing.status_code == 200 and "Comment approved" in listing.text
    assert 'name="action"' not in listing.text  # no bulk delete
    page = client.get(f"{TRAIL}{an_entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert client.post(f"{TRAIL}{an_entry.pk}/change/", {"kind": "spam"}).status_code == 403
    assert client.get(f"{TRAIL}{an_entry.pk}/delete/").status_code == 403
    assert client.post(f"{TRAIL}{an_entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{TRAIL}add/").status_code == 403
    an_entry.refresh_from_db()
    assert an_entry.kind == Kind.APPROVED


def test_moderators_do_not_read_the_trail(client, mod, an_entry):
    client.force_login(mod)
    assert client.get(TRAIL).status_code == 403


# Filters --------------------------------------------------------------------------------


def test_the_trail_filters_by_moderator_member_and_kind(client, admin_user, mod, article):
    other_mod = make_user(username="second-mod", is_staff=True)
    amara, tomas = make_user(username="amara"), make_user(username="tomas")
    a = make_comment(amara, article, status=Status.PENDING)
    b = make_comment(tomas, article)
    c = make_comment(amara, article)
    now = timezone.now()
    services.moderate(Comment.objects.filter(pk=a.pk), status="approved", moderator=mod, now=now)
    services.moderate(
        Comment.objects.filter(pk=b.pk), status="rejected", moderator=other_mod, now=now,
        removal_reason="spam",
    )  # fmt: skip
    services.moderate(
        Comment.objects.filter(pk=c.pk), status="rejected", moderator=mod, now=now,
        removal_reason="attack",
    )  # fmt: skip
    client.force_login(admin_user)

    def listed(query: str) -> set[int]:
        response = client.get(f"{TRAIL}?{query}")
        assert response.status_code == 200
        return {entry.object_id for entry in response.context["cl"].result_list}

    assert listed("kind=removed") == {b.pk, c.pk}
    assert listed(f"actor={mod.pk}") == {a.pk, c.pk}
    assert listed(f"member={amara.pk}") == {a.pk, c.pk}
    assert listed(f"member={amara.pk}&kind=removed") == {c.pk}
    assert listed(f"actor={other_mod.pk}&member={amara.pk}") == set()
    page = client.get(f"{TRAIL}?member={tomas.pk}").text
    assert "tomas" in page  # the chosen member is named in the filter
