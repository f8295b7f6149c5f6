"""A member suspended from the discussion cannot publish through their member page instead:
no headline, bio, website, skills, suggested skill or new name until the suspension ends.
Each refusal says why and keeps what they typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Profile, Skill
from comments.models import Suspension
from tests.accounts.test_profiles import picker_data
from tests.factories import make_profile, make_user

pytestmark = pytest.mark.django_db

PHISHING = "Official support: verify your account at https://evil.example"


@pytest.fixture
def suspended(client):
    member = make_user(username="quinn", display_name="Quinn")
    make_profile(member, headline="Bookkeeper")
    Suspension.objects.create(
        user=member,
        starts_at=timezone.now() - timedelta(hours=1),
        until=timezone.now() + timedelta(days=3),
        reason="Spam links",
    )
    client.force_login(member)
    return member


def test_suspended_member_cannot_change_the_profile(client, suspended):
    data = picker_data(networking=("have", "1")) | {"headline": PHISHING}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 403
    assert "suspended from the discussion until" in response.text
    assert "Spam links" in response.text
    assert response.context["form"]["headline"].value() == PHISHING
    assert Profile.objects.get(user=suspended).headline == "Bookkeeper"
    assert not suspended.skill_entries.exists()


def test_suspended_member_cannot_take_a_new_display_name(client, suspended):
    response = client.post("/accounts/settings/", {"display_name": "Quinn Baker"})
    assert response.status_code == 403
    assert "Spam links" in response.text
    suspended.refresh_from_db()
    assert suspended.display_name == "Quinn"


def test_suspended_member_still_chooses_their_notifications(client, suspended):
    response = client.post("/accounts/settings/", {"display_name": "Quinn", "notify_on_reply": ""})
    assert response.status_code == 302
    suspended.refresh_from_db()
    assert suspended.notify_on_reply is False


def test_suspended_member_cannot_suggest_a_skill(client, suspended):
    data = {"name": "Crypto signals", "category": "business", "description": "Buy now."}
    response = client.post("/accounts/skills/suggest/", data)
    assert response.status_code == 403
    assert "Spam links" in response.text
    assert not Skill.objects.filter(name="Crypto signals").exists()


def test_once_the_suspension_ends_the_member_publishes_again(client, suspended):
    suspended.suspensions.update(until=timezone.now() - timedelta(minutes=1))
    data = picker_data() | {"headline": "Bookkeeper, learning AI tools"}
    assert client.post("/accounts/profile/", data).status_code == 302
    assert Profile.objects.get(user=suspended).headline == "Bookkeeper, learning AI tools"


def test_another_members_suspension_does_not_stop_this_one(client):
    make_user(username="other")
    member = make_user(username="free")
    client.force_login(member)
    assert client.post("/accounts/profile/", picker_data()).status_code == 302
