"""With a shared cache, article pages' ETags come from one version that every change moves."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles import page_versions
from articles.models import Article
from tests.factories import make_article, make_comment, make_tag, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def redis_ttl(key: str) -> int:
    return cache._cache.get_client().ttl(cache.make_key(key))


def test_anonymous_readers_are_answered_without_a_database_query(client, django_assert_num_queries):
    url = make_article(body="Served from the cache.").get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert "Served from the cache." in client.get(url).text
    with django_assert_num_queries(0):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("change", ["save an article", "delete a tag", "tag an article"])
def test_changes_to_articles_and_tags_move_the_version_once_committed(
    change, django_capture_on_commit_callbacks
):
    article, tag = make_article(), make_tag()
    before = page_versions.current()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "save an article":
            article.save()
        elif change == "delete a tag":
            tag.delete()
        else:
            article.tags.add(tag)
        # Not before the commit, or a reader could store the old page under the new version.
        assert page_versions.current() == before
    assert page_versions.current() != before


def test_a_scheduled_publication_moves_the_version_when_its_time_comes():
    make_article(published_at=timezone.now() + timedelta(seconds=30))
    before = page_versions.current()
    assert page_versions.current() == before
    assert 0 < redis_ttl(page_versions.VERSION_KEY) <= 30  # expires as it comes out
    assert page_versions.current(timezone.now() + timedelta(seconds=31)) != before


def test_readers_share_the_version_that_starts_after_an_expiry():
    cache.delete(page_versions.VERSION_KEY)
    assert len({page_versions.current() for _ in range(3)}) == 1


def test_a_move_that_does_not_reach_redis_is_logged(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    article = make_article()
    page_versions.current()
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)  # as while Redis is away
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert "version not moved" in caplog.text


def test_pages_are_kept_no_longer_than_their_version_lives(client):
    url = make_article().get_absolute_url()
    etag = client.get(url)["ETag"].strip('"')
    assert 0 < redis_ttl(f"page:{etag}:{url}") <= page_versions.VERSION_SECONDS


def test_a_members_new_name_shows_to_anonymous_readers_at_once(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    member = make_user(display_name="Old Name")
    make_comment(article=article, author=member)
    assert "Old Name" in client.get(article.get_absolute_url()).text
    member_client = Client()
    member_client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post("/accounts/settings/", {"display_name": "New Name"})
    page = client.get(article.get_absolute_url()).text
    assert "New Name" in page and "Old Name" not in page


def test_a_change_made_around_the_app_shows_once_the_version_expires(client):
    article = make_article(body="Before.")
    url = article.get_absolute_url()
    assert "Before." in client.get(url).text
    Article.objects.filter(pk=article.pk).update(body_html="<p>Changed in SQL.</p>")
    assert "Changed in SQL." not in client.get(url).text
    assert 0 < redis_ttl(page_versions.VERSION_KEY) <= page_versions.VERSION_SECONDS
    cache.delete(page_versions.VERSION_KEY)  # what its expiry does
    assert "Changed in SQL." in client.get(url).text
