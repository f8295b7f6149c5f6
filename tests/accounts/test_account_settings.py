import json
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session

from accounts.models import Profile, SkillEntry
from comments.models import Comment
from tests.factories import PASSWORD, make_comment, make_profile, make_skill_entry, make_user

pytestmark = pytest.mark.django_db


def log_in(client, user):
    """Sign in through allauth's form, so re-authentication checks see a fresh sign-in."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_settings_page_links_every_account_task(client, member):
    client.force_login(member)
    page = client.get("/accounts/settings/").text
    for path in (
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/settings/data/",
        "/accounts/delete/",
    ):
        assert f'href="{path}"' in page


def test_changing_display_name_and_notifications_refreshes_cached_names(
    client, member, cached_discussion, django_capture_on_commit_callbacks
):
    client.force_login(member)
    discussion = cached_discussion(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/settings/", {"display_name": " María\tL. ", "notify_on_reply": "on"}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "María L."
    assert (member.notify_on_reply, member.notify_on_approval, member.notify_on_held) == (
        True,
        False,
        False,
    )
    assert "María L." in discussion() and "Maria Lopez" not in discussion()


def test_saving_notifications_alone_keeps_cached_discussions(
    client, member, article, django_capture_on_commit_callbacks
):
    make_comment(article=article, author=member)
    article.refresh_from_db()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/settings/", {"display_name": member.display_name})
    before = article.comments_changed_at
    article.refresh_from_db()
    assert article.comments_changed_at == before


def test_member_sets_up_an_authenticator_app_and_gets_recovery_codes(client, member):
    log_in(client, member)
    # allauth asks for the password again before adding a second factor.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    # The QR code is inline SVG: the CSP allows no data: images.
    assert '<figure class="totp-qr"' in page.text and "<svg" in page.text
    assert "data:image" not in page.text and "<?xml" not in page.text
    secret = client.session["mfa.totp.secret"]

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=member).exists()

    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert set(Authenticator.objects.filter(user=member).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    assert "Two-factor authentication" in client.get("/accounts/2fa/").text


def test_staff_without_mfa_are_sent_to_set_it_up_when_required(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(staff)
    for path in ("/admin/", "/admin/accounts/skill/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_with_mfa_reach_the_admin_when_required(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_reach_the_admin_without_mfa_when_not_required(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_members_are_not_sent_to_mfa_by_the_admin(client, member, settings):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_data_export_contains_profile_skills_and_comments(client, member, article):
    make_profile(member, website="https://maria.example.com")
    make_skill_entry(member, "ai-ethics", "learning", started_learning_at=article.published_at)
    make_comment(member, article, body="My *first* answer.")
    make_comment(member, article, body="Held for review.", status="pending")
    client.force_login(member)

    response = client.get("/accounts/settings/data/")

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="adapting-together-maria.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["profile"] == {
        "headline": "Freelance translator",
        "bio": "I translate *and* annotate.",
        "website": "https://maria.example.com",
    }
    assert data["skills"][0]["slug"] == "ai-ethics"
    assert data["skills"][0]["started_learning_at"] == article.published_at.isoformat()
    assert [(c["body"], c["status"]) for c in data["comments"]] == [
        ("My *first* answer.", "approved"),
        ("Held for review.", "pending"),
    ]
    assert data["comments"][0]["article"]["title"] == article.title
    assert data["comments"][0]["article"]["url"].endswith(article.get_absolute_url())


def test_data_export_needs_sign_in(client):
    assert client.get("/accounts/settings/data/").status_code == 302


def test_deletion_page_says_what_happens_and_wrong_password_changes_nothing(client, member):
    client.force_login(member)
    page = client.get("/accounts/delete/").text
    assert "cannot be undone" in page and "[deleted member]" in page
    response = client.post("/accounts/delete/", {"password": "not my password"})
    assert response.status_code == 400
    assert "That is not your password." in response.text
    member.refresh_from_db()
    assert member.is_active and member.username == "maria"


def test_deleting_an_account_anonymises_it_and_keeps_threads_whole(
    client, member, staff, article, cached_discussion, django_capture_on_commit_callbacks
):
    make_profile(member)
    make_skill_entry(member, "networking", "have")
    TOTP.activate(member, generate_totp_secret())
    question = make_comment(staff, article, body="What are you learning?")
    answer = make_comment(
        member, article, body="Prompt engineering.", parent=question, root=question, depth=2
    )
    reply = make_comment(staff, article, body="Good choice.", parent=answer, root=question, depth=3)
    log = LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=get_user_model().objects.filter(pk=member.pk),
        action_flag=CHANGE,
        change_message="Checked the profile.",
        single_object=True,
    )
    other_device = type(client)()  # the member is also signed in elsewhere
    other_device.force_login(member)
    bystander = make_user(username="bystander", password=None)
    type(client)().force_login(bystander)
    client.force_login(member)
    discussion = cached_discussion(member)
    assert member.display_name in discussion()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}"
    assert (member.email, member.display_name, member.skill_chips) == ("", "", [])
    assert not member.is_active and not member.has_usable_password()
    assert not (member.notify_on_reply or member.notify_on_approval or member.notify_on_held)
    assert member.public_name == "[deleted member]"
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not Profile.objects.filter(user=member).exists()
    assert not SkillEntry.objects.filter(user=member).exists()
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(member.pk) not in sessions
    assert not client.get("/").context["user"].is_authenticated
    assert not other_device.get("/").context["user"].is_authenticated
    # Gone from the session cache too, not only from the database.
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    assert not session_store().exists(other_device.cookies["sessionid"].value)
    assert str(bystander.pk) in sessions
    assert "Maria Lopez" not in discussion()

    # The thread is whole: every comment is still there, in its place.
    assert list(Comment.objects.filter(pk__in=[question.pk, answer.pk, reply.pk])) == [
        question,
        answer,
        reply,
    ]
    answer.refresh_from_db()
    assert answer.author == member and answer.author.public_name == "[deleted member]"
    # The moderation log keeps its reference to the account.
    entry = LogEntry.objects.get(pk=log.pk)
    assert entry.object_id == str(member.pk)
    assert entry.content_type == ContentType.objects.get_for_model(member)
    # Nothing personal is left anywhere public.
    assert client.get("/members/maria/").status_code == 404
    assert client.get(f"/members/deleted-{member.pk}/").status_code == 404


def test_deleted_members_comments_show_as_deleted_member_on_skill_pages(
    client, member, article, django_capture_on_commit_callbacks
):
    from accounts.deletion import anonymise_member
    from accounts.models import Skill

    skill = Skill.objects.get(slug="networking")
    make_comment(member, article, body="Meetups brought me two clients.", skills=[skill])
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=article.published_at)
    page = client.get("/skills/networking/").text
    assert "Meetups brought me two clients." in page
    assert "[deleted member]" in page
    assert "Maria Lopez" not in page and "/members/maria/" not in page


def test_a_display_name_cannot_carry_a_bidirectional_override(client, member):
    client.force_login(member)
    client.post("/accounts/settings/", {"display_name": "good \u202egnp.exe"})
    member.refresh_from_db()
    assert member.display_name == "good gnp.exe"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Dana Q. Tester", "Another member already goes by this name"),
        ("dana q. tester", "Another member already goes by this name"),
        ("DANA", "Another member already goes by this name"),  # someone's username
        ("Moderator team", "would read as the site"),
        ("Official Support", "would read as the site"),
        ("M0derator", "would read as the site"),  # a digit for a letter
        ("Adm1n", "would read as the site"),
        ("SiteAdmins", "would read as the site"),  # camel case and a plural
        ("Dana Q. T\u0435ster", "look-alike letters"),  # a Cyrillic е among Latin letters
        ("Dana Q Tester", "Another member already goes by this name"),  # punctuation
        ("Dana  Q.  Tester", "Another member already goes by this name"),  # spacing
        ("Dâna Q. Tester", "Another member already goes by this name"),  # an accent
        ("Ｄａｎａ Ｑ. Ｔｅｓｔｅｒ", "Another member already goes by this name"),  # full width
        ("\u0412\u0430\u0441\u0435", "Another member already goes by this name"),  # Cyrillic "Bace"
        ("D4na", None),  # a different name
    ],
)
def test_a_display_name_that_passes_for_someone_else_is_refused(client, member, name, message):
    make_user(username="dana", display_name="Dana Q. Tester")
    make_user(username="bace")
    client.force_login(member)
    response = client.post("/accounts/settings/", {"display_name": name})
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.text
    member.refresh_from_db()
    assert member.display_name == "Maria Lopez"


@pytest.mark.parametrize("name", ["Мария Лопес", "José Núñez", "王小明", "Maria Lopez"])
def test_names_in_any_one_script_and_ones_own_name_are_welcome(client, member, name):
    client.force_login(member)
    assert client.post("/accounts/settings/", {"display_name": name}).status_code == 302
    member.refresh_from_db()
    assert member.display_name == name


def test_a_deleted_member_shows_as_promised_everywhere_without_a_link(
    client, admin_client, member, article, django_capture_on_commit_callbacks
):
    """Threads, the "replying to" line, the comments feed and the admin all say
    "[deleted member]", and nothing links to a page that no longer exists."""
    from accounts.deletion import anonymise_member

    answer = make_comment(member, article, body="Contracts first, tools second.")
    make_comment(reply_to=answer, body="Agreed about contracts.")
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(member, now=article.published_at)
    gone = f"/members/deleted-{member.pk}/"

    thread = client.get(article.get_absolute_url()).text
    assert '<span class="comment-author" id="comment-' in thread  # named, without a link
    assert '<span class="visually-hidden">, in reply to [deleted member]</span>' in thread
    assert gone not in thread and ">[M<" not in thread and ">DM</span>" in thread
    found = client.get("/search/", {"q": "contracts"}).text
    assert "[deleted member]" in found and gone not in found and "Maria" not in found
    feed = client.get(f"/feeds/articles/{article.slug}/comments/").text
    assert "[deleted member]" in feed and gone not in feed
    queue = admin_client.get("/admin/comments/comment/?status=approved").text
    assert "[deleted member]" in queue and f"deleted-{member.pk}<" not in queue
