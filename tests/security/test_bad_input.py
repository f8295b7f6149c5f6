"""Hostile or broken input gets a clear answer, never a 500; typed text comes back."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

CONTROL = "Hello\x00 there\x01\x07\x1b[31m\x7f end"


@pytest.fixture
def trusted_client(article):
    member = make_user()
    make_comment(member, article)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def test_control_characters_in_every_form_field_never_cause_a_500(trusted_client, article):
    forms = {
        f"/comments/on/{article.pk}/": {"body": CONTROL, "reply_to": CONTROL, "website": CONTROL},
        "/accounts/profile/": {"headline": CONTROL, "bio": CONTROL, "website": CONTROL},
        "/accounts/settings/": {"display_name": CONTROL},
        "/accounts/skills/suggest/": {"name": CONTROL, "category": CONTROL, "description": CONTROL},
        "/accounts/delete/": {"password": CONTROL},
        "/markdown/preview/comment/": {"content": CONTROL},
        "/accounts/login/": {"login": CONTROL, "password": CONTROL},
    }
    for url, data in forms.items():
        response = trusted_client.post(url, data)
        assert response.status_code < 500, url
    assert trusted_client.get("/search/", {"q": CONTROL}).status_code in (200, 400)
    assert "\x00" not in "".join(Comment.objects.values_list("body", flat=True))


def test_invalid_utf8_in_form_data_is_a_clear_400_or_refusal(trusted_client, article):
    raw = b"body=%FF%FE%00caf%E9&idempotency_key=not-a-uuid&reply_to=%C3%28"
    for url in (f"/comments/on/{article.pk}/", "/accounts/profile/", "/markdown/preview/bio/"):
        response = trusted_client.post(url, raw, content_type="application/x-www-form-urlencoded")
        assert 400 <= response.status_code < 500 or response.status_code in (200, 302), url
        assert response.status_code != 500
    assert trusted_client.get("/search/?q=%FF%FE").status_code in (200, 400)


def test_overlong_fields_are_refused_with_the_limit_and_the_text_kept(trusted_client, article):
    body = "Long story. " * 1000
    response = trusted_client.post(f"/comments/on/{article.pk}/", {"body": body})
    assert response.status_code == 400
    assert "Comments can be at most 10,000 characters (this one has 11,999)." in response.text
    assert response.context["form"]["body"].value() == body
    response = trusted_client.post("/accounts/settings/", {"display_name": "N" * 61})
    assert response.status_code == 400
    assert "Display name can be at most 60 characters (this one has 61)." in response.text
    response = trusted_client.get("/search/", {"q": "q" * 201})
    assert response.status_code == 400 and "too long to search for" in response.text


def test_replies_to_unreachable_comments_are_refused_with_the_text_kept(trusted_client, article):
    elsewhere = make_comment(article=make_article())
    pending = make_comment(article=article, status="pending")
    deleted = make_comment(article=article, status="removed")
    text = "My careful reply about rates."
    for target in (elsewhere.pk, pending.pk, deleted.pk, 999_999_999, "abc", "-1", "1e3", "9" * 40):
        response = trusted_client.post(
            f"/comments/on/{article.pk}/", {"body": text, "reply_to": target}
        )
        assert response.status_code == 400, target
        assert "not" in response.context["form"].errors["reply_to"][0], target
        assert text in response.text, target
    assert not Comment.objects.filter(body=text).exists()


def test_odd_ids_pages_and_sorts_are_answered_never_500(client, article):
    make_comment(article=article)
    client.raise_request_exception = False
    paths = [
        "/comments/abc/", "/comments/99999999999999999999999/", "/comments/on/abc/",
        f"{article.get_absolute_url()}?page=99999", f"{article.get_absolute_url()}?page=-1",
        f"{article.get_absolute_url()}?page=abc", f"{article.get_absolute_url()}?sort=%00evil",
        f"{article.get_absolute_url()}?sort=unknown&skill=%FF", "/?page=-3", "/?page=999999",
        "/members/%00/", "/skills/?category=%00", "/archive/0000/13/",
    ]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 301, 302, 400, 404, 405), path
