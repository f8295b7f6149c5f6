"""Atom feeds of comments: one article's, one member's, one skill's. Only what any reader
may see (approved, under published articles), newest first, each entry with its author."""

import xml.etree.ElementTree as ET

import pytest

from accounts.models import Skill
from articles.models import Article
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_a_members_feed_holds_their_public_comments_newest_first(client, article):
    member = make_user(username="amara", display_name="Amara Obi")
    make_comment(member, article, body="First: I learned to price by the project.")
    make_comment(member, article, body="Then: I started annotating data on the side.")
    make_comment(member, article, body="Held: buy my course.", status="pending")
    draft = make_article(status=Article.Status.DRAFT, title="A draft staff is writing")
    make_comment(member, draft, body="On a draft.")
    make_comment(make_user(), article, body="Someone else's answer.")

    feed = entries(client.get("/feeds/members/amara/comments/"))
    assert [e["summary"] for e in feed] == [
        "<p>Then: I started annotating data on the side.</p>\n",
        "<p>First: I learned to price by the project.</p>\n",
    ]
    assert {e["author"] for e in feed} == {"Amara Obi"}
    page = client.get(member.get_absolute_url()).text
    assert 'type="application/atom+xml"' in page and "/feeds/members/amara/comments/" in page


def test_a_skills_feed_holds_the_public_comments_tagged_with_it(client, article):
    skill = Skill.objects.get(slug="networking")
    make_comment(article=article, body="Meetups found me two clients.", skills=[skill])
    make_comment(article=article, body="Not about networking.")
    make_comment(article=article, body="Held networking tip.", skills=[skill], status="pending")

    feed = entries(client.get("/feeds/skills/networking/comments/"))
    assert [e["summary"] for e in feed] == ["<p>Meetups found me two clients.</p>\n"]
    assert "/feeds/skills/networking/comments/" in client.get("/skills/networking/").text


def test_feeds_of_members_and_skills_that_are_not_there_answer_404(client):
    inactive = make_user(username="gone", is_active=False)
    assert client.get(f"/feeds/members/{inactive.username}/comments/").status_code == 404
    assert client.get("/feeds/members/nobody/comments/").status_code == 404
    Skill.objects.create(name="Pending craft", slug="pending-craft", status="pending")
    assert client.get("/feeds/skills/pending-craft/comments/").status_code == 404


def test_the_feeds_are_shared_by_the_http_cache_and_purged_with_their_pages(client, article):
    member = make_user(username="lin")
    make_comment(member, article)
    response = client.get("/feeds/members/lin/comments/")
    assert "public" in response["Cache-Control"]
    assert f"member-{member.pk}" in response["xkey"].split()
    assert "skills" in client.get("/feeds/skills/networking/comments/")["xkey"].split()
