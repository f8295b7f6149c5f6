import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import RetiredUsername
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "ana@example.com",
    "username": "ana",
    "display_name": "Ana Souza",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_log_in_and_log_out(client, mailoutbox):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ana")
    assert user.display_name == "Ana Souza"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.com"]

    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    # Confirmed from the browser that signed up: signed in at once.
    assert client.get("/").context["user"] == user

    client.logout()
    response = client.post("/accounts/login/", {"login": "ana@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == user

    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_members_sign_in_with_their_username_as_well(client, member):
    response = client.post("/accounts/login/", {"login": "maria", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == member


def test_unverified_account_cannot_log_in(client, mailoutbox):
    make_user(username="nina", email="nina@example.com", verified=False)
    response = client.post(
        "/accounts/login/", {"login": "nina@example.com", "password": PASSWORD}, follow=True
    )
    assert not response.context["user"].is_authenticated
    assert "/accounts/confirm-email/" in response.redirect_chain[-1][0]
    assert len(mailoutbox) == 1


def test_username_is_asked_and_validated(client):
    response = client.post("/accounts/signup/", SIGNUP | {"username": "Bad Name!"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_reserved_usernames_are_refused(client):
    for name in ("me", "root", "deleted-12"):
        response = client.post("/accounts/signup/", SIGNUP | {"username": name})
        assert "That username is reserved" in response.text


@pytest.mark.parametrize("username", ["dana", "da-na", "d_ana"])
def test_a_closed_accounts_username_is_never_taken_again(client, username):
    """Old "@dana" mentions and readers' memories would otherwise point at a newcomer."""
    anonymise_member(make_user(username="dana"), now=timezone.now())
    response = client.post("/accounts/signup/", SIGNUP | {"username": username})
    assert response.status_code == 200
    assert "That username is not available" in response.text
    assert not get_user_model().objects.filter(username=username).exists()
    # Another name is welcome.
    assert client.post("/accounts/signup/", SIGNUP | {"username": "dana2"}).status_code == 302


def test_nor_can_an_administrator_give_it_to_someone(admin_client):
    anonymise_member(make_user(username="dana"), now=timezone.now())
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"username": "dana", "email": "new@example.com", "password1": PASSWORD,
         "password2": PASSWORD, "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "That username is not available" in response.text
    assert not get_user_model().objects.filter(username="dana").exists()


def test_retired_names_hold_no_date_and_outlast_a_rotated_secret_key(settings):
    anonymise_member(make_user(username="dana"), now=timezone.now())
    (retired,) = RetiredUsername.objects.all()
    assert [field.name for field in RetiredUsername._meta.fields] == ["digest"]
    assert "dana" not in retired.digest
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert RetiredUsername.is_retired("dana")
    settings.SECRET_KEY_FALLBACKS = []
    assert not RetiredUsername.is_retired("dana")


@pytest.mark.parametrize(
    "username",
    ["admin", "official-support", "moderator-team", "m0derator", "admin_team", "siteadmins"],
)
def test_usernames_that_pose_as_staff_are_refused(client, username):
    """A member with no display name is shown by their username: the name rules hold."""
    response = client.post("/accounts/signup/", SIGNUP | {"username": username})
    assert "would read as the site" in response.text
    assert not get_user_model().objects.exists()


def test_a_username_that_copies_another_members_name_is_refused(client):
    make_user(username="dq", display_name="Dana Q. Tester")
    response = client.post("/accounts/signup/", SIGNUP | {"username": "dana-q-tester"})
    assert "Another member already goes by this name" in response.text
    assert not get_user_model().objects.filter(username="dana-q-tester").exists()


@pytest.mark.parametrize("username", ["badminton-coach", "steam_engineer", "teamwork"])
def test_ordinary_usernames_with_staff_letters_inside_are_welcome(client, username):
    response = client.post("/accounts/signup/", SIGNUP | {"username": username})
    assert response.status_code == 302


def test_email_is_never_shown_on_the_member_page(client, member):
    response = client.get(f"/members/{member.username}/")
    assert response.status_code == 200
    assert "Maria Lopez" in response.text
    assert member.email not in response.text


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_without_staff_flag_is_refused_by_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403


def test_createstaff_makes_a_verified_staff_user_who_reaches_the_admin(client, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    call_command(
        "createstaff",
        email="Boss@Example.com",
        username="boss",
        display_name="The Boss",
        superuser=True,
        password_from_env="STAFF_PASSWORD",
    )
    user = get_user_model().objects.get(username="boss")
    assert user.is_staff and user.is_superuser
    assert EmailAddress.objects.get(user=user, email="boss@example.com").verified

    response = client.post("/accounts/login/", {"login": "boss@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
