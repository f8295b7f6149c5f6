"""The "@" suggestions of the comment box: members whose username or name starts with what
was typed, for signed-in members only, rate-limited, in a fixed number of queries."""

import pytest
from django.utils import timezone

from accounts.deletion import anonymise_member
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/accounts/members/suggest/"


@pytest.fixture
def member(client):
    member = make_user(username="reader")
    client.force_login(member)
    return member


def test_anonymous_readers_get_a_403_in_json(client):
    answer = client.get(URL, {"q": "an"})
    assert answer.status_code == 403 and answer.json() == {"error": "Sign in to look up members."}


def test_members_whose_username_or_name_starts_with_the_query(client, member):
    make_user(username="ana", display_name="Ana Lima")
    make_user(username="kofi", display_name="Anatole K.")
    make_user(username="banana")
    make_user(username="anabel", is_active=False)
    anonymise_member(make_user(username="anatoly"), now=timezone.now())
    answer = client.get(URL, {"q": "@An"})
    assert answer.json() == {
        "members": [
            {"username": "ana", "name": "Ana Lima"},
            {"username": "kofi", "name": "Anatole K."},
        ]
    }
    assert "private" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]


def test_fewer_than_two_characters_suggest_nobody(client, member):
    make_user(username="ana")
    assert client.get(URL, {"q": "a"}).json() == {"members": []}
    assert client.get(URL).json() == {"members": []}


def test_at_most_eight_in_a_fixed_number_of_queries(client, member, django_assert_max_num_queries):
    def look_up():
        # The session and the member (the session from the cache with Redis), suggestions.
        with django_assert_max_num_queries(3) as captured:
            answer = client.get(URL, {"q": "sam"})
        return answer, len(captured)

    for n in range(20):
        make_user(username=f"sam{n:02}")
    client.get(URL, {"q": "sa"})  # the session, once
    answer, few = look_up()
    assert [m["username"] for m in answer.json()["members"]] == [f"sam{n:02}" for n in range(8)]
    for n in range(20, 60):
        make_user(username=f"sam{n:02}")
    assert look_up()[1] == few


def test_look_ups_are_rate_limited(client, member):
    statuses = [client.get(URL, {"q": "an"}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    assert "Too many" in client.get(URL, {"q": "an"}).json()["error"]
