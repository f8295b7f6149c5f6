import pytest

from accounts.models import Profile, Skill
from accounts.skills import refresh_skill_chips
from tests.factories import make_profile, make_skill_entry, make_user
from tests.purge_recorder import purged

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_pending_suggestions_are_approved_in_bulk_with_a_message(
    staff_client, member, purges, django_capture_on_commit_callbacks
):
    for name in ("Video editing", "Podcasting"):
        Skill.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), status="pending", suggested_by=member
        )
    ids = list(Skill.objects.pending().values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/accounts/skill/?status__exact=pending",
            {"action": "approve", "_selected_action": ids},
            follow=True,
        )
    assert "Approved 2 skill(s)." in response.text
    # The skills map and skill pages a shared cache holds list them from now on.
    assert "skills" in purged(purges)
    assert set(Skill.objects.approved().filter(pk__in=ids).values_list("name", flat=True)) == {
        "Video editing",
        "Podcasting",
    }
    assert staff_client.get("/skills/video-editing/").status_code == 200


def test_rejecting_a_skill_members_hold_removes_it_from_their_chips(
    staff_client, member, django_capture_on_commit_callbacks
):
    make_skill_entry(member, "networking", "have")
    refresh_skill_chips(member)
    networking = Skill.objects.get(slug="networking")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/accounts/skill/",
            {"action": "reject", "_selected_action": [networking.pk]},
            follow=True,
        )
    assert "Rejected 1 skill(s)." in response.text
    member.refresh_from_db()
    assert member.skill_chips == []


def test_renaming_a_skill_refreshes_the_chips_of_members_who_have_it(
    staff_client, member, cached_discussion, django_capture_on_commit_callbacks
):
    make_skill_entry(member, "networking", "have")
    refresh_skill_chips(member)
    networking = Skill.objects.get(slug="networking")
    discussion = cached_discussion(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/accounts/skill/{networking.pk}/change/",
            {
                "name": "Professional networking",
                "slug": "networking",
                "description": networking.description,
                "category": networking.category,
                "status": "approved",
                "suggested_by": "",
            },
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.skill_chips[0]["name"] == "Professional networking"
    assert "Professional networking" in discussion()


def test_moderators_blank_a_headline_and_bio_that_break_the_rules(
    staff_client, member, purges, django_capture_on_commit_callbacks
):
    profile = make_profile(member, headline="Buy my course!!!", bio="[spam](https://spam.example)")
    other = make_user()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/accounts/profile/",
            {"action": "blank_headline_and_bio", "_selected_action": [profile.pk]},
            follow=True,
        )
    assert "Blanked the headline, bio and website of 1 profile(s)." in response.text
    profile = Profile.objects.get(pk=profile.pk)
    assert (profile.headline, profile.bio, profile.bio_html) == ("", "", "")
    assert "spam.example" not in staff_client.get(member.get_absolute_url()).text
    # Their page leaves the shared cache; no one else's does.
    assert f"member-{member.pk}" in purged(purges)
    assert f"member-{other.pk}" not in purged(purges)


def test_profile_and_skill_admins_search_and_filter(staff_client, member):
    make_profile(member, headline="Data annotator in Lisbon")
    assert "Data annotator in Lisbon" in staff_client.get("/admin/accounts/profile/?q=lisbon").text
    response = staff_client.get("/admin/accounts/skill/?category__exact=business&q=brand")
    assert "Personal branding" in response.text and "Prompt engineering" not in response.text
    assert staff_client.get(f"/admin/accounts/user/{member.pk}/change/").status_code == 200
