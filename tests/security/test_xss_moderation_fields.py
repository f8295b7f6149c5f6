"""Corpus payloads through what staff type about articles and members (issue 18): covers'
descriptions, reasons for removals and suspensions, notes, pinned levels' reasons, blocked
terms. Typed through the form a person uses, read back wherever shown, in pages and email:
as text, where it belongs, nothing run. Where the scanner reads no user content (attributes,
the settings page's list, refusals), the text a browser would show is checked instead."""

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article
from comments.admin import BlockedTermAdmin, SuspensionAdmin
from comments.admin_audit import AuditEntryAdmin
from comments.admin_notes import ModeratorNoteAdmin
from comments.admin_trust import StandingAdmin
from comments.audit import AuditEntry, Kind
from comments.models import BlockedTerm, Comment, ModeratorNote, Standing, Suspension
from comments.notes import NOTE_EXCERPT_LENGTH
from tests.articles.test_covers import change_form
from tests.factories import make_article, make_comment, make_user
from tests.images import picture
from tests.security.xss_pages import (
    HTML_IN_FEEDS,
    MARKER,
    Reader,
    Scan,
    signed_in,
    text_in,
    typed_in_the_admin,
)
from tests.xss import payloads

pytestmark = pytest.mark.django_db

SAMPLE = 25  # pages of a kind read back per test: each kind is built by one template
WHY_LENGTH = 70  # the queue's "why held" cell (comments.admin_queue.why_cell)


def every_nth(items: list, count: int) -> list:
    return items[:: max(1, len(items) // count)]


def typed(n: int, payload: str) -> str:
    return f"{MARKER}{n} {payload}"


def flat(text: str) -> str:
    """Read-only fields in the admin show line breaks as <br>: compare the lines' text."""
    return text.replace("\r", "").replace("\n", "")


@pytest.fixture
def moderator(db):
    user = make_user(username="moddy", is_staff=True, password=None)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def long_admin_lists(show_everything, monkeypatch):
    for admin_class in (SuspensionAdmin, BlockedTermAdmin, ModeratorNoteAdmin, StandingAdmin):
        monkeypatch.setattr(admin_class, "list_per_page", 1000)
    monkeypatch.setattr(AuditEntryAdmin, "list_per_page", 1000)
    monkeypatch.setattr("articles.feeds.FEED_LENGTH", 1000)


def scan_audit_trail(scan: Scan, staff, kind: str, count: int, field: str):
    """The trail's list, and a sample of its entries, each showing `field`'s new value."""
    admin = signed_in(staff)  # the trail is for superusers
    response = admin.get("/admin/comments/auditentry/", {"kind": kind})
    assert response.context["cl"].result_count == count, kind
    scan.page(response, f"audit trail of {kind}")
    for entry in every_nth(list(AuditEntry.objects.filter(kind=kind)), SAMPLE):
        response = admin.get(f"/admin/comments/auditentry/{entry.pk}/change/")
        html = scan.page(response, f"audit entry {entry.pk}", showing=MARKER)
        shown = flat(text_in(html, "class", "readonly"))
        assert flat(entry.changes_dict[field][1]) in shown, entry.pk


def test_cover_descriptions_typed_by_editors_are_alt_text_and_run_nowhere(
    client, staff, long_admin_lists
):
    scan = Scan()
    admin = signed_in(staff)
    articles = [make_article(title=f"{MARKER}{n} covered") for n in range(len(payloads()))]
    first = articles[0]
    upload = SimpleUploadedFile("desk.png", picture("PNG", size=(600, 300)))
    path = f"/admin/articles/article/{first.pk}/change/"
    response = admin.post(path, change_form(first, cover_upload=upload, cover_alt="A desk"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    first.refresh_from_db()
    covered = Article.objects.filter(pk__in=[article.pk for article in articles])
    covered.update(cover=first.cover)  # the same picture on every one
    for n, (article, payload) in enumerate(zip(articles, payloads(), strict=True)):
        fields = change_form(article, cover_alt=typed(n, payload))
        path = f"/admin/articles/article/{article.pk}/change/"
        typed_in_the_admin(scan, admin, path, fields, "cover_alt", 300)
    alts = dict(covered.values_list("pk", "cover_alt"))
    assert all(alts[a.pk].startswith(f"{MARKER}{n} ") for n, a in enumerate(articles))

    for article in articles:  # the picture's alt, and the shared link's image description
        html = scan.page(client.get(article.get_absolute_url()), article.slug, showing=MARKER)
        elements = Reader(html).elements
        shown = [a["alt"] for t, a in elements if t == "img" and a["src"] == first.cover["url"]]
        meta = [a["content"] for _, a in elements if a.get("property") == "og:image:alt"]
        assert shown == meta == [alts[article.pk]], article.slug
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        response = client.get(feed)
        assert scan.feed(response, feed) > len(articles)  # and the seed essay
        described = {
            attributes.get("alt")
            for element in ET.fromstring(response.content).iter()
            if element.tag.rsplit("}", 1)[-1] in HTML_IN_FEEDS
            for tag, attributes in Reader(element.text or "").elements
            if tag == "img"
        }
        # XML reads every line break as "\n", as browsers do in HTML.
        assert {re.sub(r"\r\n?", "\n", alt) for alt in alts.values()} <= described, feed
    for article in every_nth(articles, SAMPLE):  # the current cover, and the box to change
        response = admin.get(f"/admin/articles/article/{article.pk}/change/")
        reader = Reader(scan.page(response, f"admin article {article.pk}", showing=MARKER))
        assert reader.values("cover_alt") == [alts[article.pk]]
        covers = [a for t, a in reader.elements if t == "img" and a["src"] == first.cover["url"]]
        assert [a["alt"] for a in covers] == [alts[article.pk]]
    scan.assert_clean()


def test_removal_notes_typed_by_moderators_reach_the_author_as_text(
    moderator, staff, mailoutbox, django_capture_on_commit_callbacks, long_admin_lists
):
    """ "Remove", reason "Other", in the moderator's words, on the comment's admin page: the
    author reads the words in an email and on their settings page (20 there)."""
    scan = Scan()
    article = make_article(title=f"{MARKER} taken down")
    authors = [make_user(password=None) for _ in range(-(-len(payloads()) // 20))]
    comments = [make_comment(authors[n % len(authors)], article) for n in range(len(payloads()))]
    admin, notes = signed_in(moderator), []
    for n, (comment, payload) in enumerate(zip(comments, payloads(), strict=True)):
        path = f"/admin/comments/comment/{comment.pk}/change/"
        decision = {"CHANGE_FORM-action": "remove_and_next", "_selected_action": comment.pk}
        decision["CHANGE_FORM-removal_reason"] = "other"
        for note in (typed(n, payload), typed(n, payload)[:300]):  # the box's maxlength
            decision["CHANGE_FORM-removal_note"] = note
            with django_capture_on_commit_callbacks(execute=True):
                response = admin.post(path, decision)
            assert response.status_code == 302, n
            if Comment.objects.filter(pk=comment.pk, status=Comment.Status.REJECTED).exists():
                notes.append(note.strip())
                break
            # Longer than the box takes: the comment's page again, nothing done.
            html = scan.page(admin.get(response.url), f"refusing note {n}", showing=MARKER)
            assert "No action selected." in html and len(note) > 300, n
    removed = list(Comment.objects.filter(article=article, status=Comment.Status.REJECTED))
    assert [comment.removal_note for comment in removed] == notes

    # Plain-text email: the words as typed, nothing to render.
    assert all(not getattr(email, "alternatives", None) for email in mailoutbox)
    told = {(email.to[0], part) for email in mailoutbox for part in email.body.split("\nWhy: ")}
    for comment in removed:
        why = f"Other: {comment.removal_note}\n"
        assert any(to == comment.author.email and part.startswith(why) for to, part in told)
    as_author = Client()
    for author in authors:
        as_author.force_login(author)
        html = scan.page(as_author.get("/accounts/settings/"), f"settings of {author}")
        shown = text_in(html, "class", "settings-taken-down")
        assert all(f"Why: Other: {c.removal_note}" in shown for c in author.comments.all())
    scan_audit_trail(scan, staff, Kind.REMOVED, len(removed), "removal_note")
    scan.assert_clean()


def test_suspension_reasons_typed_by_moderators_are_told_to_the_member_as_text(
    moderator, staff, long_admin_lists
):
    scan = Scan()
    article = make_article(title="Closed to some")
    members = [make_user(password=None) for _ in payloads()]
    comments = [make_comment(member, article) for member in members]
    admin = signed_in(moderator)
    starts = timezone.localtime(timezone.now() - timedelta(minutes=5))
    for n, (member, payload) in enumerate(zip(members, payloads(), strict=True)):
        fields = {"user": member.pk, "reason": typed(n, payload), "until_0": "", "until_1": ""}
        fields |= {"starts_at_0": f"{starts:%Y-%m-%d}", "starts_at_1": f"{starts:%H:%M:%S}"}
        response = admin.post("/admin/comments/suspension/add/", fields)
        assert response.status_code == 302, response.context["adminform"].form.errors
    suspensions = {s.user_id: s for s in Suspension.objects.all()}
    assert len(suspensions) == len(payloads())

    def told(response, attribute: str, value: str):
        where = response.request["PATH_INFO"]
        assert response.status_code == 403, where
        shown = text_in(scan.page(response, f"{where} refused"), attribute, value)
        assert suspensions[member.pk].message_to_member in shown, where

    others = zip(members, comments, comments[1:] + comments[:1], strict=True)
    as_member = Client()
    for member, comment, other in every_nth(list(others), SAMPLE):
        as_member.force_login(member)
        post = {"body": "Let me answer", "idempotency_key": str(uuid.uuid4())}
        told(as_member.post(f"/comments/on/{article.pk}/", post), "role", "alert")
        told(as_member.get(f"/comments/{comment.pk}/edit/"), "role", "alert")
        told(as_member.post(f"/comments/{other.pk}/flag/"), "role", "alert")
        told(as_member.post("/accounts/settings/", {"display_name": "Else"}), "class", "errorlist")
        told(as_member.post("/accounts/profile/", {"headline": "New"}), "class", "errorlist")

    response = admin.get("/admin/comments/suspension/")
    shown = text_in(scan.page(response, "suspensions", showing=MARKER), "class", "field-reason")
    assert all(s.reason in shown for s in suspensions.values())
    for suspension in every_nth(list(suspensions.values()), SAMPLE):  # the reason to change
        response = admin.get(f"/admin/comments/suspension/{suspension.pk}/change/")
        html = scan.page(response, f"suspension {suspension.pk}")
        assert suspension.reason in text_in(html, "name", "reason")
    scan_audit_trail(scan, staff, Kind.SUSPENDED, len(suspensions), "reason")
    scan.assert_clean()


def test_notes_and_pin_reasons_moderators_keep_on_members_stay_text_and_private(
    moderator, staff, long_admin_lists
):
    scan = Scan()
    article = make_article(title="Waiting for a moderator")
    members = [make_user(password=None) for _ in payloads()]
    for member in members:
        make_comment(member, article, body="Held for review", status=Comment.Status.PENDING)
        Standing.objects.create(user=member)  # as their first comment makes it
    admin = signed_in(moderator)
    for n, (member, payload) in enumerate(zip(members, payloads(), strict=True)):
        fields = {"member": member.pk, "text": typed(n, payload)}
        typed_in_the_admin(scan, admin, "/admin/comments/moderatornote/add/", fields, "text", 2000)
        path = f"/admin/comments/standing/{member.standing.pk}/change/"
        fields = {"pinned_level": Standing.Level.TRUSTED, "pin_reason": typed(n, payload)}
        typed_in_the_admin(scan, admin, path, fields, "pin_reason", 300)
    notes = {note.member_id: note for note in ModeratorNote.objects.all()}
    pins = {s.user_id: s for s in Standing.objects.exclude(pin_reason="")}
    assert len(notes) == len(pins) == len(payloads())

    def excerpt(member_id: int) -> str:  # as the queue shows the latest note
        return flat(Truncator(notes[member_id].text).chars(NOTE_EXCERPT_LENGTH))

    response = admin.get("/admin/comments/comment/")
    html = scan.page(response, "moderation queue", showing=MARKER)
    shown = flat(text_in(html, "class", "field-author_record"))
    assert all(excerpt(pk) in shown for pk in notes)
    for comment in every_nth(list(response.context["cl"].result_list), SAMPLE):
        response = admin.get(f"/admin/comments/comment/{comment.pk}/change/")
        html = scan.page(response, f"held comment {comment.pk}", showing=MARKER)
        assert excerpt(comment.author_id) in flat(text_in(html, "class", "readonly"))
    response = admin.get("/admin/comments/moderatornote/")
    shown = text_in(scan.page(response, "notes", showing=MARKER), "class", "field-text")
    assert all(note.text in shown for note in notes.values())
    response = admin.get("/admin/comments/standing/")
    shown = text_in(scan.page(response, "standings", showing=MARKER), "class", "field-pin_reason")
    assert all(pin.pin_reason in shown for pin in pins.values())
    as_member, reader = Client(), Client()
    for member in every_nth(members, SAMPLE):
        note, pin = notes[member.pk], pins[member.pk]
        response = admin.get(f"/admin/comments/moderatornote/{note.pk}/change/")  # read-only
        html = scan.page(response, f"note {note.pk}", showing=MARKER)
        assert flat(note.text) in flat(text_in(html, "class", "readonly"))
        response = admin.get(f"/admin/comments/standing/{pin.pk}/change/")
        assert Reader(scan.page(response, f"pin {pin.pk}")).values("pin_reason") == [pin.pin_reason]
        # Private: the member is told a moderator set their level, never why, nor the notes.
        as_member.force_login(member)
        html = scan.page(as_member.get("/accounts/settings/"), f"settings {member}")
        assert "a moderator set this level" in html and MARKER not in html
        assert MARKER not in reader.get(member.get_absolute_url()).text
    scan_audit_trail(scan, staff, Kind.TRUST_PINNED, len(pins), "pin_reason")
    scan.assert_clean()


def test_blocked_terms_typed_by_moderators_run_nowhere_and_name_each_hold(
    moderator, staff, loose_limits, long_admin_lists, mailoutbox, django_capture_on_commit_callbacks
):
    scan = Scan()
    admin = signed_in(moderator)
    for n, payload in enumerate(payloads()):
        fields = {"term": typed(n, payload)}
        typed_in_the_admin(scan, admin, "/admin/comments/blockedterm/add/", fields, "term", 100)
    terms = [term.term for term in BlockedTerm.objects.order_by("pk")]  # stored lower-case
    assert [t.split()[0] for t in terms] == [f"{MARKER}{n}" for n in range(len(payloads()))]
    response = admin.get("/admin/comments/blockedterm/")
    shown = text_in(scan.page(response, "blocked terms", showing=MARKER), "class", "field-term")
    assert all(term in shown for term in terms)
    for term in every_nth(list(BlockedTerm.objects.all()), SAMPLE):
        response = admin.get(f"/admin/comments/blockedterm/{term.pk}/change/")
        html = scan.page(response, f"term {term.pk}", showing=MARKER)
        assert Reader(html).values("term") == [term.term]
    scan_audit_trail(scan, staff, Kind.TERM_ADDED, len(terms), "term")

    # A member says terms (on one line: a browser's text box holds no line break) and is
    # held, the term named to moderators in the queue, on the comment and in their email.
    article, writer = make_article(title="Careful words"), make_user(password=None)
    make_comment(writer, make_article())  # past the first-comment hold
    as_writer = signed_in(writer)
    said = [term for term in every_nth(terms, SAMPLE) if not re.search(r"[\r\n]", term)]
    for term in said:
        post = {"body": f"I said {term} today", "idempotency_key": str(uuid.uuid4())}
        with django_capture_on_commit_callbacks(execute=True):
            assert as_writer.post(f"/comments/on/{article.pk}/", post).status_code == 302
    held = list(Comment.objects.filter(article=article, status=Comment.Status.PENDING))
    reasons = [f"Contains the blocked term “{term}”." for term in said]
    assert [comment.moderation_reason for comment in held] == reasons
    response = admin.get("/admin/comments/comment/")
    shown = text_in(scan.page(response, "moderation queue", showing=MARKER), "class", "field-why")
    assert all(Truncator(reason).chars(WHY_LENGTH) in shown for reason in reasons)
    for comment in held:
        response = admin.get(f"/admin/comments/comment/{comment.pk}/change/")
        html = scan.page(response, f"held {comment.pk}", showing=MARKER)
        assert Reader(html).values("moderation_reason") == [comment.moderation_reason]
    assert all(not getattr(email, "alternatives", None) for email in mailoutbox)
    to_moderator = [email.body for email in mailoutbox if email.to == [moderator.email]]
    for reason in reasons:
        assert sum(f"Why it was held: {reason}\n" in body for body in to_moderator) == 1
    scan.assert_clean()
