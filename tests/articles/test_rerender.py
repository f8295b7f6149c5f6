"""The rerender command rebuilds stored HTML after a pipeline change, in batches."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def rerender(*args) -> str:
    output = io.StringIO()
    call_command("rerender", *args, stdout=output)
    return output.getvalue()


def stale(article: Article, html: str = "<p>old pipeline</p>") -> None:
    # update(): the stored HTML goes stale without save() rendering it again.
    Article.objects.filter(pk=article.pk).update(body_html=html, headings=[])


def test_rerender_rebuilds_stale_html_and_headings_and_readers_see_it(client):
    article = make_article(body="## Section one\n\n## Section two\n\nText")
    fresh_html, fresh_headings = article.body_html, article.headings
    stale(article)
    # The page, with its fragments cached as they were before the pipeline changed.
    assert "old pipeline" in client.get(article.get_absolute_url()).text

    output = rerender("articles.Article")

    article.refresh_from_db()
    assert article.body_html == fresh_html
    assert article.headings == fresh_headings
    page = client.get(article.get_absolute_url()).text
    assert "old pipeline" not in page and "Section two" in page
    assert "articles.Article: 2 rows" in output  # the essay and this one
    assert "Done: 2 rows checked, 1 changed" in output


def test_dry_run_counts_but_writes_nothing():
    article = make_article()
    stale(article)
    assert "1 would change" in rerender("--dry-run")
    assert Article.objects.get(pk=article.pk).body_html == "<p>old pipeline</p>"


def test_rerender_of_many_rows_runs_in_batches_without_a_query_per_row(
    django_assert_max_num_queries,
):
    articles = Article.objects.bulk_create(
        Article(title=f"Bulk {n}", slug=f"bulk-{n}", body=f"Body **{n}**", body_html="stale")
        for n in range(1000)
    )
    # count + 10 reads + 10 bulk updates (each in its own transaction, with its articles
    # touched) + the essay
    with django_assert_max_num_queries(50):
        output = rerender("--batch-size", "100")
    assert "Done: 1001 rows checked, 1000 changed" in output
    assert "1000/1001 checked" in output
    assert Article.objects.get(pk=articles[-1].pk).body_html == "<p>Body <strong>999</strong></p>\n"


def test_every_model_that_declares_rendered_fields_takes_part(monkeypatch):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    # Any model may opt in: here the user model, as a bio would.
    monkeypatch.setattr(
        user_model, "rendered_fields", [("username", "display_name", "bio")], raising=False
    )
    user = user_model.objects.create_user(username="writer", email="w@example.com")
    output = rerender()
    user.refresh_from_db()
    assert user.display_name == "<p>writer</p>\n"
    assert "accounts.User: 1 rows" in output


def test_unknown_model_label_is_a_clear_error():
    with pytest.raises(CommandError, match=r"No rendered fields on: nosuch\.model"):
        rerender("nosuch.Model")


def test_a_rerendered_comment_shows_in_its_cached_discussion(client):
    from comments.models import Comment
    from tests.factories import make_comment

    comment = make_comment(body="Learning **prompt design**.")
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>old comment pipeline</p>")
    url = comment.article.get_absolute_url()
    assert "old comment pipeline" in client.get(url).text
    rerender("comments.Comment")
    assert "<strong>prompt design</strong>" in client.get(url).text
