from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from accounts.models import Profile, Skill, SkillEntry
from tests.factories import make_comment, make_profile, make_skill_entry, make_user

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def picker_data(**levels_and_places):
    """Profile form data: every skill at "—" unless given as slug=(level, place)."""
    data = {"headline": "", "bio": "", "website": ""}
    for slug in Skill.objects.approved().values_list("slug", flat=True):
        level, place = levels_and_places.get(slug.replace("-", "_"), ("", ""))
        data[f"skills-level-{slug}"] = level
        data[f"skills-position-{slug}"] = place
    return data


def test_member_page_shows_profile_journey_and_approved_comments(client, member, article):
    make_profile(member, website="https://maria.example.com/")
    make_skill_entry(member, "prompt-engineering", "learning", started_learning_at=MARCH)
    make_skill_entry(member, "data-annotation", "have", started_learning_at=MARCH, learned_at=MARCH)
    make_comment(member, article, body="Annotation paid my rent this year.")
    make_comment(member, article, body="Still waiting for review.", status="pending")

    page = client.get(member.get_absolute_url()).text

    assert "Freelance translator" in page
    assert "I translate <em>and</em> annotate." in page
    assert '<a href="https://maria.example.com/" rel="nofollow ugc me">' in page
    assert 'href="/skills/prompt-engineering/">Prompt engineering</a>' in page
    assert "since <time" in page and "March 2026</time>" in page
    assert "learned in <time" in page and ">2026</time>" in page
    assert "Annotation paid my rent this year." in page
    assert "Still waiting for review." not in page
    assert article.title in page


def test_member_without_profile_still_has_a_page(client):
    newcomer = make_user(username="newcomer")
    response = client.get("/members/newcomer/")
    assert response.status_code == 200
    assert "has not listed any skills yet" in response.text
    assert newcomer.initials in response.text


def test_deactivated_and_unknown_members_have_no_page(client, member):
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)
    assert client.get(f"/members/{member.username}/").status_code == 404
    assert client.get("/members/nobody-here/").status_code == 404


def test_profile_editing_requires_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_creates_a_profile_with_skills_in_order(client, member):
    client.force_login(member)
    data = picker_data(
        networking=("have", "2"),
        critical_thinking=("have", "1"),
        ai_ethics=("learning", ""),
        prompt_engineering=("learning", "1"),
    ) | {"headline": "  Translator,\n learning AI  ", "bio": "Hello **there**", "website": ""}

    response = client.post("/accounts/profile/", data)

    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    profile = Profile.objects.get(user=member)
    assert profile.headline == "Translator, learning AI"
    assert profile.bio_html == "<p>Hello <strong>there</strong></p>\n"
    have, learning = member.skill_lists()
    assert [e.skill.slug for e in have] == ["critical-thinking", "networking"]
    assert [e.skill.slug for e in learning] == ["prompt-engineering", "ai-ethics"]
    member.refresh_from_db()
    assert member.skill_chips[0]["slug"] == "critical-thinking"


def test_profile_form_shows_current_choices(client, member):
    make_skill_entry(member, "ai-ethics", "learning", position=0)
    client.force_login(member)
    picker = client.get("/accounts/profile/").context["picker"]
    assert picker["level-ai-ethics"].value() == "learning"
    assert picker["position-ai-ethics"].value() == 1
    assert picker["level-networking"].value() == ""


def test_editing_the_profile_keeps_the_journeys_dates(client, member):
    client.force_login(member)
    with time_machine.travel(MARCH, tick=False):
        client.post("/accounts/profile/", picker_data(ai_ethics=("learning", "1")))
    with time_machine.travel(datetime(2026, 8, 1, tzinfo=UTC), tick=False):
        client.post("/accounts/profile/", picker_data(ai_ethics=("have", "1")))
    entry = SkillEntry.objects.get(user=member, skill__slug="ai-ethics")
    assert entry.started_learning_at == MARCH
    assert entry.learned_at == datetime(2026, 8, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "ftp://files.example.com/", "data:text/html,<script>x</script>"],
)
def test_website_must_be_http_or_https(client, member, website):
    client.force_login(member)
    data = picker_data() | {"headline": "My headline, kept", "website": website}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 400
    assert "Enter a web address starting with http:// or https://." in response.text
    assert "My headline, kept" in response.text
    assert not Profile.objects.filter(user=member).exists()


def test_website_without_scheme_becomes_https(client, member):
    client.force_login(member)
    client.post("/accounts/profile/", picker_data() | {"website": "maria.example.com"})
    assert Profile.objects.get(user=member).website == "https://maria.example.com"


def test_bad_skill_place_is_refused_with_a_message(client, member):
    client.force_login(member)
    response = client.post("/accounts/profile/", picker_data(networking=("have", "-3")))
    assert response.status_code == 400
    assert "Place of Networking in its list: use a whole number from 1 to 999." in response.text
    assert not SkillEntry.objects.filter(user=member).exists()


def test_pending_skills_are_not_offered_in_the_picker(client, member):
    Skill.objects.create(name="Basket weaving", slug="basket-weaving", status="pending")
    client.force_login(member)
    assert "Basket weaving" not in client.get("/accounts/profile/").text


def test_profile_saves_are_rate_limited_without_losing_the_text(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"edit_profile": "1/m/user"}
    client.force_login(member)
    client.post("/accounts/profile/", picker_data() | {"headline": "First"})
    response = client.post("/accounts/profile/", picker_data() | {"headline": "Second try"})
    assert response.status_code == 429
    assert "Wait a minute and save again" in response.text
    assert "Second try" in response.text
    assert Profile.objects.get(user=member).headline == "First"


def test_member_suggests_a_skill_which_waits_for_review(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/skills/suggest/",
        {"name": "Video editing", "category": "technical", "description": "Cutting video."},
    )
    assert response.status_code == 302
    skill = Skill.objects.get(name="Video editing")
    assert (skill.status, skill.slug, skill.suggested_by) == ("pending", "video-editing", member)
    assert client.get("/skills/video-editing/").status_code == 404


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("prompt ENGINEERING", "is already a skill"),
        ("Video Editing", "already been suggested and is waiting for review"),
        ("Prompt-engineering", "is already a skill"),
    ],
)
def test_duplicate_suggestions_are_refused_and_point_to_the_existing_skill(
    client, member, name, message
):
    Skill.objects.create(name="Video editing", slug="video-editing", status="pending")
    skills_before = Skill.objects.count()
    client.force_login(member)
    response = client.post(
        "/accounts/skills/suggest/", {"name": name, "category": "technical", "description": ""}
    )
    assert response.status_code == 400
    assert message in response.text
    if "already a skill" in message:
        assert 'href="/skills/prompt-engineering/"' in response.text
    assert Skill.objects.count() == skills_before


def test_skill_suggestions_are_rate_limited(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"suggest_skill": "1/h/user"}
    client.force_login(member)
    client.post("/accounts/skills/suggest/", {"name": "Skill one", "category": "human"})
    response = client.post("/accounts/skills/suggest/", {"name": "Skill two", "category": "human"})
    assert response.status_code == 429
    assert "Skill two" in response.text
    assert not Skill.objects.filter(name="Skill two").exists()


def test_a_website_with_lookalike_letters_shows_its_punycode_twin(client, member):
    """Cyrillic "а" in "аpple.com" would read as apple.com: the page shows and links the
    form a browser's address bar would, which cannot pass for the Latin name."""
    Profile.objects.create(user=member, website="https://\u0430pple.com/portfolio")
    page = client.get(member.get_absolute_url()).text
    assert 'href="https://xn--pple-43d.com/portfolio"' in page
    assert ">https://xn--pple-43d.com/portfolio</a>" in page
    assert "\u0430pple" not in page


def test_an_ordinary_website_shows_as_written(client, member):
    Profile.objects.create(user=member, website="https://maria.example.com/work?x=1")
    page = client.get(member.get_absolute_url()).text
    assert ">https://maria.example.com/work?x=1</a>" in page


def test_a_profile_saves_when_the_vocabulary_has_hundreds_of_skills(client, member):
    """Two fields a skill: 300 skills would pass the old cap of 200 form fields over."""
    Skill.objects.bulk_create(
        Skill(name=f"Craft {n:03d}", slug=f"craft-{n:03d}", status="approved") for n in range(287)
    )
    assert Skill.objects.approved().count() >= 300
    client.force_login(member)
    response = client.post("/accounts/profile/", picker_data(craft_042=("have", "1")))
    assert response.status_code == 302
    assert [e.skill.slug for e in SkillEntry.objects.filter(user=member)] == ["craft-042"]
