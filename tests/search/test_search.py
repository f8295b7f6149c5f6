"""Search: ranked full text on PostgreSQL, a plain fallback elsewhere, same page either way."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from articles.models import Article
from comments.models import Comment
from search.sources import (
    SEARCH_CONFIG,
    article_search_vector,
    comment_search_vector,
    search_articles,
    search_comments,
)
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def result_titles(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


def test_search_finds_published_articles_only(client):
    make_article(title="Negotiating freelance rates")
    make_article(title="Draft about rates", status=Article.Status.DRAFT)
    titles = result_titles(client, "rates")
    assert "Negotiating freelance rates" in titles
    assert "Draft about rates" not in titles


def test_a_title_hit_ranks_above_a_body_hit(client):
    make_article(title="Weekly notes", body="Mostly about invoicing this week.")
    make_article(title="Invoicing without tears", body="A short guide.")
    assert result_titles(client, "invoicing")[:2] == ["Invoicing without tears", "Weekly notes"]


@pytest.mark.postgres
def test_postgres_ranks_title_over_summary_over_body_and_stems_words():
    body_hit = make_article(title="One", summary="Other.", body="We were negotiating hard.")
    summary_hit = make_article(title="Two", summary="On negotiation.", body="Other.")
    title_hit = make_article(title="Negotiate well", summary="Other.", body="Other.")
    results = search_articles("negotiating")
    assert [r.title for r in results] == [title_hit.title, summary_hit.title, body_hit.title]
    assert results[0].rank > results[1].rank > results[2].rank


@pytest.mark.postgres
def test_postgres_snippets_highlight_matches_and_escape_article_text():
    make_article(
        title="Markup", body="Beware <script>alert(1)</script> & the <b>upskilling</b> trap."
    )
    [result] = [r for r in search_articles("upskilling") if r.title == "Markup"]
    assert "<mark>upskilling</mark>" in result.snippet
    # ts_headline drops tags itself; what text remains is escaped before marking matches.
    assert "<script" not in result.snippet
    assert "&amp; the" in result.snippet


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index_the_migration_built():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_gin'")
        [(definition,)] = cursor.fetchall()
        # Local to the test's transaction: the planner must pick an index if one fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "USING gin" in definition
    plan = (
        Article.objects.annotate(document=article_search_vector())
        .filter(document=SearchQuery("rates", search_type="websearch", config=SEARCH_CONFIG))
        .order_by()
        .explain()
    )
    assert "article_search_gin" in plan


def test_search_page_escapes_the_snippet_and_query(client):
    make_article(title="Safety", summary="<img src=x onerror=alert(1)> safety first")
    html = client.get("/search/", {"q": "<b>safety</b>"}).text
    assert "<img src=x" not in html
    assert "<b>safety</b>" not in html


def test_empty_query_shows_the_form_with_a_prompt(client):
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", query)
        assert response.status_code == 200
        assert "Type a word or two to search the articles and comments." in response.text


def test_over_long_query_is_refused_with_a_message(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.text


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "'\"&|!:*()", "OR AND -", "∂∑ 漢字"])
def test_odd_queries_are_answered_never_500(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code in (200, 400)
    assert "Search" in response.text


def test_no_match_says_so(client):
    response = client.get("/search/", {"q": "zyzzyva"})
    assert "Nothing matches “zyzzyva”" in response.text


def test_search_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(15):
        article = make_article(title=f"Remote work note {n}")
        make_comment(article=article, body=f"Remote since {n} years.")
    # One query per source, however many results.
    with django_assert_max_num_queries(2):
        response = client.get("/search/", {"q": "remote"})
    assert len(response.context["results"]) == 30


def test_search_finds_approved_comments_on_published_articles_only(client):
    published = make_article(title="Rates")
    draft = make_article(title="Unpublished", status=Article.Status.DRAFT)
    author = make_user(display_name="Ana Costa")
    shown = make_comment(author, published, body="I quote per task for transcreation work.")
    make_comment(author, published, body="Pending transcreation thoughts.", status="pending")
    make_comment(author, published, body="Removed transcreation remark.", status="removed")
    make_comment(author, draft, body="Transcreation on a draft.")
    response = client.get("/search/", {"q": "transcreation"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [(r.kind, r.url) for r in results] == [("comment", shown.get_absolute_url())]
    assert results[0].title == "Ana Costa on “Rates”"
    assert "per task" in response.text


@pytest.mark.postgres
def test_postgres_comment_search_stems_highlights_and_escapes():
    make_comment(body="We were <b>negotiating</b> & pricing per task.")
    [result] = search_comments("negotiate")
    assert "<mark>negotiating</mark>" in result.snippet
    assert "<b>" not in result.snippet and "&amp; pricing" in result.snippet


@pytest.mark.postgres
def test_postgres_comment_search_uses_the_gin_index_the_migration_built():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'comment_search_gin'")
        [(definition,)] = cursor.fetchall()
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "USING gin" in definition
    plan = (
        Comment.objects.annotate(document=comment_search_vector())
        .filter(document=SearchQuery("rates", search_type="websearch", config=SEARCH_CONFIG))
        .order_by()
        .explain()
    )
    assert "comment_search_gin" in plan
