"""When something goes wrong, people get a page in the site's layout that says what happened
and where to go next, with the right status code."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.mark.django_db
def test_missing_page_is_a_friendly_404(client):
    response = client.get("/articles/no-such-essay/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.text
    assert 'class="site-header"' in response.text
    assert 'href="/about/"' in response.text


@pytest.mark.django_db
def test_forbidden_action_is_a_friendly_403_that_offers_to_sign_in(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You can't do that here" in response.text
    assert 'href="/accounts/login/?next=/forbidden/"' in response.text


@pytest.mark.django_db
def test_too_many_sign_ups_get_a_friendly_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    attempt = {"email": "not-an-email", "username": "x", "password1": "a", "password2": "b"}
    assert client.post("/accounts/signup/", attempt).status_code == 200
    response = client.post("/accounts/signup/", attempt)
    assert response.status_code == 429
    assert "Please slow down a little" in response.text
    assert 'class="site-header"' in response.text


def test_server_error_is_a_friendly_500_without_the_database():
    # No django_db mark: the page would fail here if rendering it touched the database.
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "/static/css/site." in response.text
