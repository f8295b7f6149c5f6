import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def preview_url(profile: str) -> str:
    return reverse("core:preview", args=[profile])


def test_preview_requires_sign_in(client):
    response = client.post(preview_url("comment"), {"content": "**hi**"})
    assert response.status_code == 403
    assert b"Sign in" in response.content


def test_member_previews_a_comment_through_the_comment_profile(client, member):
    client.force_login(member)
    response = client.post(
        preview_url("comment"), {"content": "**hi** <script>x</script> ![i](https://e.com/i.png)"}
    )
    assert response.status_code == 200
    assert b"<strong>hi</strong>" in response.content
    assert b"<script>" not in response.content
    assert b"<img" not in response.content


def test_only_staff_preview_articles(client, member, staff):
    client.force_login(member)
    assert client.post(preview_url("article"), {"content": "x"}).status_code == 403
    client.force_login(staff)
    response = client.post(preview_url("article"), {"content": "| a |\n|---|\n| 1 |"})
    assert response.status_code == 200
    assert b"<table>" in response.content


def test_preview_of_oversized_text_shows_the_part_that_fits_and_says_so(client, member):
    client.force_login(member)
    response = client.post(preview_url("comment"), {"content": "x" * 10_000 + "TAIL"})
    assert response.status_code == 200
    assert b"The preview shows the first 10,000 characters" in response.content
    assert b"x" * 10_000 in response.content and b"TAIL" not in response.content


def test_preview_is_rate_limited(client, member):
    client.force_login(member)
    statuses = [client.post(preview_url("bio"), {"content": "x"}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429


def test_unknown_profile_is_404_and_get_is_refused(client, member):
    client.force_login(member)
    assert client.post(preview_url("nope"), {"content": "x"}).status_code == 404
    assert client.get(preview_url("comment")).status_code == 405


def test_preview_is_rate_limited_per_address_across_members(client):
    from tests.factories import make_user

    statuses = []
    for _ in range(3):
        client.force_login(make_user())
        statuses += [
            client.post(preview_url("comment"), {"content": "x"}).status_code for _ in range(41)
        ]
    # 123 previews from one address by three members: the 121st and later are refused.
    assert statuses[:120] == [200] * 120
    assert statuses[120:] == [429] * 3


def test_the_comment_preview_links_mentions_as_the_posted_comment_will(client, member):
    make_user(username="ana")
    client.force_login(member)
    response = client.post(preview_url("comment"), {"content": "Ask @ana, not @nobody."})
    assert '<a href="/members/ana/" class="mention" rel="nofollow ugc noopener">@ana</a>' in (
        response.text
    )
    assert "@nobody" in response.text and "/members/nobody/" not in response.text
