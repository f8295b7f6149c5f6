import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Skill
from accounts.skills import map_bars, update_skill_entries
from tests.factories import make_comment, make_profile, make_skill_entry, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_map_counts_members_who_have_and_learn_each_skill_most_shared_first(client):
    for _ in range(3):
        make_skill_entry(make_user(password=None), "networking", "have")
    for _ in range(2):
        make_skill_entry(make_user(password=None), "ai-ethics", "learning", started_learning_at=NOW)
    both = make_user(password=None)
    make_skill_entry(both, "ai-ethics", "have")
    gone = make_user(password=None)
    make_skill_entry(gone, "ai-ethics", "learning")
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)

    response = client.get("/skills/")

    bars = response.context["bars"]
    counts = {bar.skill.slug: (bar.skill.have_count, bar.skill.learning_count) for bar in bars}
    assert counts["networking"] == (3, 0)
    assert counts["ai-ethics"] == (1, 2)
    assert counts["prompt-engineering"] == (0, 0)
    assert [bar.skill.slug for bar in bars[:2]] == ["ai-ethics", "networking"]
    assert len(bars) == Skill.objects.approved().count()
    assert "3 have it, 0 learning" in response.text
    assert "1 has it, 2 learning" in response.text
    assert '<rect class="bar" x="0" y="0" height="4" width="33.3"/>' in response.text


def test_bars_are_scaled_to_the_most_shared_skill():
    skill = Skill(name="x")
    skill.have_count, skill.learning_count, skill.interest = 1, 3, 4
    other = Skill(name="y")
    other.have_count, other.learning_count, other.interest = 2, 0, 2
    bars = map_bars([skill, other])
    assert (bars[0].have_width, bars[0].learning_width) == (25.0, 75.0)
    assert (bars[1].have_width, bars[1].learning_width) == (50.0, 0.0)
    assert map_bars([]) == []


def test_map_filters_by_category_and_refuses_unknown_ones(client):
    response = client.get("/skills/?category=business")
    assert {bar.skill.category for bar in response.context["bars"]} == {"business"}
    assert client.get("/skills/?category=nonsense").status_code == 404


def test_rising_counts_skills_added_to_learning_in_the_last_90_days():
    def learner(slug, days_ago, level="learning"):
        make_skill_entry(
            make_user(password=None),
            slug,
            level,
            started_learning_at=NOW - timedelta(days=days_ago),
        )

    learner("prompt-engineering", 1)
    learner("prompt-engineering", 30)
    learner("prompt-engineering", 89, level="have")  # started in the window, learned since
    learner("ai-ethics", 10)
    learner("ai-ethics", 91)  # too long ago
    learner("networking", 120)
    learner("networking", -1)  # tomorrow: not yet

    rising = Skill.objects.approved().rising(NOW)

    assert [(s.slug, s.recent_learners) for s in rising] == [
        ("prompt-engineering", 3),
        ("ai-ethics", 1),
    ]
    later = Skill.objects.approved().rising(NOW + timedelta(days=60))
    # The window is now (NOW-30d, NOW+60d]: the 30-day-old start has just left it.
    assert [(s.slug, s.recent_learners) for s in later] == [
        ("ai-ethics", 1),
        ("networking", 1),
        ("prompt-engineering", 1),
    ]


def test_skill_page_lists_who_has_it_who_learns_it_and_tagged_comments(client, article):
    ana = make_user(username="ana", display_name="Ana Souza")
    ben = make_user(username="ben", display_name="Ben Okafor")
    make_skill_entry(ana, "data-annotation", "have")
    make_skill_entry(
        ben, "data-annotation", "learning", started_learning_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    skill = Skill.objects.get(slug="data-annotation")
    make_comment(ben, article, body="Labelling images every evening.", skills=[skill])
    make_comment(ana, article, body="Not about annotation at all.")
    make_comment(ana, article, body="Held one about labels.", skills=[skill], status="pending")

    response = client.get("/skills/data-annotation/")

    assert response.status_code == 200
    page = response.text
    assert "Labelling and preparing data for AI training." in page
    assert "1 member has it · 1 learning it" in page
    assert 'href="/members/ana/"' in page and "Ana Souza" in page
    assert 'Ben Okafor</a> <span class="meta">since <time' in page
    assert "March 2026" in page
    assert "Labelling images every evening." in page
    assert "Not about annotation at all." not in page
    assert "Held one about labels." not in page


def test_pending_and_unknown_skills_have_no_page(client):
    Skill.objects.create(name="Pending thing", slug="pending-thing", status="pending")
    assert client.get("/skills/pending-thing/").status_code == 404
    assert client.get("/skills/no-such-skill/").status_code == 404


def add_members(count, article):
    skills = list(Skill.objects.approved())
    for n in range(count):
        person = make_user(password=None)  # no hashing: only the numbers matter here
        make_profile(person)
        make_skill_entry(person, skills[n % len(skills)].slug, "have")
        make_skill_entry(person, skills[(n + 1) % len(skills)].slug, "learning", position=1)
        make_comment(person, article, skills=skills[:2])


@pytest.mark.parametrize(
    ("path", "most_queries"),
    # The skills map: its version (2), then the bars and the rising skills (2). A member's
    # page: the member, their skills, their comments and their journey's answers.
    [("/skills/", 4), ("/skills/networking/", 4), ("/members/maria/", 4)],
)
def test_page_queries_do_not_grow_with_members(
    client, member, article, django_assert_max_num_queries, path, most_queries
):
    make_profile(member)
    make_skill_entry(member, "networking", "have")
    make_comment(member, article, skills=Skill.objects.filter(slug="networking"))
    add_members(3, article)
    with django_assert_max_num_queries(most_queries):
        assert client.get(path).status_code == 200
    add_members(30, article)
    with django_assert_max_num_queries(most_queries):
        assert client.get(path).status_code == 200


def test_the_map_is_counted_again_only_when_members_skills_change(
    client, member, article, django_assert_num_queries
):
    add_members(3, article)
    client.get("/skills/")
    with django_assert_num_queries(2):
        assert "Networking" in client.get("/skills/").text
    before = learning_ai_ethics(client.get("/skills/").text)
    ethics = Skill.objects.get(slug="ai-ethics")
    update_skill_entries(member, have=[], learning=[ethics], now=timezone.now())
    assert learning_ai_ethics(client.get("/skills/").text) == before + 1


def learning_ai_ethics(html: str) -> int:
    bar = html[html.index(">AI ethics</a>") :]
    return int(re.search(r"(\d+) learning", bar).group(1))


def test_a_map_nobody_has_filled_in_says_so_instead_of_showing_empty_bars(client):
    page = client.get("/skills/").text
    assert "No member has listed these skills yet" in page
    assert "Each bar:" not in page
