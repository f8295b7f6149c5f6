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
    # (data, the status, what the answer says): refusals name the field at fault.
    forms = {
        f"/comments/on/{article.pk}/": (
            {"body": CONTROL, "reply_to": CONTROL, "website": CONTROL},
            400,
            "not a valid one",
        ),
        "/accounts/profile/": (
            {"headline": CONTROL, "bio": CONTROL, "website": CONTROL},
            400,
            "Enter a web address starting with http:// or https://.",
        ),
        # Control characters are taken out, as in comments, and the rest is saved.
        "/accounts/settings/": ({"display_name": CONTROL}, 302, ""),
        "/accounts/skills/suggest/": (
            {"name": CONTROL, "category": CONTROL, "description": CONTROL},
            400,
            "Select a valid choice",
        ),
        "/accounts/delete/": ({"password": CONTROL}, 400, "That is not your password."),
        "/markdown/preview/comment/": ({"content": CONTROL}, 200, "Hello there"),
        # Already signed in: sent on, whatever was typed.
        "/accounts/login/": ({"login": CONTROL, "password": CONTROL}, 302, ""),
    }
    for url, (data, status, says) in forms.items():
        response = trusted_client.post(url, data)
        assert (url, response.status_code) == (url, status)
        assert says in response.content.decode(), url
    assert trusted_client.get("/search/", {"q": CONTROL}).status_code == 200
    assert "\x00" not in "".join(Comment.objects.values_list("body", flat=True))


def test_invalid_utf8_in_form_data_is_a_clear_400_or_refusal(trusted_client, article):
    raw = b"body=%FF%FE%00caf%E9&idempotency_key=not-a-uuid&reply_to=%C3%28"
    # Undecodable bytes become U+FFFD, as Django decodes forms: the comment is refused for its
    # reply target, a profile of odd characters is saved, the preview shows them.
    expected = {f"/comments/on/{article.pk}/": 400, "/accounts/profile/": 302}
    expected["/markdown/preview/bio/"] = 200
    for url, status in expected.items():
        response = trusted_client.post(url, raw, content_type="application/x-www-form-urlencoded")
        assert (url, response.status_code) == (url, status)
    assert trusted_client.get("/search/?q=%FF%FE").status_code == 200


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
    assert response.status_code == 400
    assert "Searches can be at most 200 characters (this one has 201)." in response.text


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
    # Ids that name nothing are 404; pages and sorts out of range fall back to the nearest.
    not_found = [
        "/comments/abc/", "/comments/99999999999999999999999/", "/comments/on/abc/",
        "/members/%00/", "/skills/?category=%00", "/archive/0000/13/",
        "/feeds/members/%00/comments/", "/feeds/skills/%00/comments/",
    ]  # fmt: skip
    answered = [
        f"{article.get_absolute_url()}?page=99999", f"{article.get_absolute_url()}?page=-1",
        f"{article.get_absolute_url()}?page=abc", f"{article.get_absolute_url()}?sort=%00evil",
        f"{article.get_absolute_url()}?sort=unknown&skill=%FF", "/?page=-3", "/?page=999999",
        f"{article.get_absolute_url()}?skill=%00",  # PostgreSQL refuses a NUL in a query
    ]  # fmt: skip
    for path in not_found:
        assert (path, client.get(path).status_code) == (path, 404)
    for path in answered:
        assert (path, client.get(path).status_code) == (path, 200)


def test_a_post_over_the_size_cap_is_told_so_with_413(trusted_client, article, settings):
    """A giant paste sent without JavaScript never reaches the form: the answer says what
    happened and how to get the text back, instead of a bare 'bad request'."""
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = trusted_client.post(f"/comments/on/{article.pk}/", {"body": body})
    assert response.status_code == 413
    assert "That was far too long to send" in response.text
    assert "your text is still in the form" in response.text
    assert not Comment.objects.filter(body__startswith="xxx").exists()
