import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.seed import ESSAY_FILE, ESSAY_SLUG
from tests.conftest import SHARED
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ESSAY_URL = f"/articles/{ESSAY_SLUG}/"


def seed_headings() -> list[str]:
    """Section headings from the original seed when present, else the project's copy."""
    source = SHARED / "seed" / "ai-and-the-gig-economy.md"
    text = (source if source.exists() else ESSAY_FILE).read_text(encoding="utf-8")
    return re.findall(r"^#{2,6} (.+)$", text, flags=re.MULTILINE)


def test_migrations_publish_the_essay_at_its_address(client):
    response = client.get(ESSAY_URL)
    assert response.status_code == 200
    html = response.text
    assert (
        "<h1>AI and the Gig Economy: Navigating the Opportunities and Challenges for "
        "Independent Workers</h1>" in html
    )
    headings = seed_headings()
    assert len(headings) == 4
    for heading in headings:
        assert f">{heading}</h2>" in html


def test_broken_characters_are_repaired_to_an_em_dash(client):
    html = client.get(ESSAY_URL).text
    assert "data annotators—all roles" in html
    assert "â€" not in html


def test_closing_call_links_to_the_discussion(client):
    html = client.get(ESSAY_URL).text
    assert '<a href="#discussion" rel="noopener">comments below</a>' in html
    assert 'id="discussion"' in html
    assert "What steps are you taking to adapt your skills" in html


def test_home_page_lists_the_essay(client):
    response = client.get("/")
    assert response.status_code == 200
    assert f'href="{ESSAY_URL}"' in response.text


def test_unpublished_article_is_hidden_from_visitors(client):
    draft = make_article(title="Secret draft", slug="secret-draft", status=Article.Status.DRAFT)
    assert "Secret draft" not in client.get("/").text
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_article_is_hidden_until_its_time(client):
    scheduled = make_article(title="Coming soon", published_at=timezone.now() + timedelta(days=1))
    assert "Coming soon" not in client.get("/").text
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft(client, staff):
    draft = make_article(title="Draft for review", status=Article.Status.DRAFT)
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is not published." in response.text


def test_published_queryset_and_model_agree(staff):
    now = timezone.now()
    past = make_article(published_at=now - timedelta(minutes=1))
    future = make_article(published_at=now + timedelta(minutes=1))
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    published = set(Article.objects.published(now))
    for article in (past, future, draft):
        assert (article in published) == article.is_published(now)


def test_unknown_article_is_a_friendly_404(client):
    response = client.get(reverse("articles:detail", args=["no-such-article"]))
    assert response.status_code == 404
    assert "We couldn't find that page" in response.text
