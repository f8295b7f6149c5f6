"""Anonymous readers revalidate with an ETag and get 304; members always get a fresh page."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.local_cache import cache_is_shared
from articles.models import Article
from comments.models import Comment
from comments.services import moderate
from tests.factories import make_article, make_comment, make_tag, make_user

pytestmark = pytest.mark.django_db


def etag_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_matching_anonymous_request_gets_304(client):
    url = make_article().get_absolute_url()
    etag = etag_of(client, url)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_anonymous_page_must_be_revalidated(client):
    response = client.get(make_article().get_absolute_url())
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_members_never_get_304_and_their_page_is_private(client, member):
    url = make_article().get_absolute_url()
    etag = etag_of(client, url)
    client.force_login(member)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert "ETag" not in response


@pytest.mark.parametrize(
    "change",
    [
        "edit the article",
        "a comment changes",
        "a follow-up is published",
        "a tag is renamed",
        "another query string",
    ],
)
def test_etag_changes_with_whatever_changes_the_page(
    client, change, django_capture_on_commit_callbacks
):
    article = make_article()
    tag = make_tag()
    article.tags.add(tag)
    held = make_comment(article=article, status="pending")
    url = article.get_absolute_url()
    etag = etag_of(client, url)
    # Each change as the app commits it (with a shared cache, pages move on commit).
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit the article":
            article.body += "\n\nMore."
            article.save()
        elif change == "a comment changes":
            moderator = make_user(is_staff=True)
            held_only = Comment.objects.filter(pk=held.pk)
            moderate(held_only, status="approved", moderator=moderator, now=timezone.now())
        elif change == "a follow-up is published":
            make_article(follow_up_of=article)
        elif change == "a tag is renamed":
            tag.name = "Renamed"
            tag.save()
        else:
            url += "?page=2"
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_scheduled_follow_up_coming_out_changes_the_etag(client):
    article = make_article()
    make_article(title="Later follow-up", follow_up_of=article,
                 published_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    etag = etag_of(client, article.get_absolute_url())
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Later follow-up" in response.text


def test_unpublished_article_gets_no_etag_and_no_304(client):
    draft = make_article(status=Article.Status.DRAFT)
    response = client.get(draft.get_absolute_url(), headers={"if-none-match": "*"})
    assert response.status_code == 404
    assert "ETag" not in response


def test_head_request_is_answered_and_other_methods_are_not_allowed(client):
    url = make_article().get_absolute_url()
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_a_new_release_changes_the_etag(client, settings):
    url = make_article().get_absolute_url()
    settings.RELEASE_ID = "release-1"
    etag = etag_of(client, url)
    settings.RELEASE_ID = "release-2"
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_anonymous_pages_are_served_from_the_cache_until_something_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    article = make_article(body="First version.")
    url = article.get_absolute_url()
    assert "First version." in client.get(url).text
    # The page comes from the cache. Its version comes from the shared cache too, or, when
    # each process has a cache of its own, from one query.
    with django_assert_num_queries(0 if cache_is_shared() else 1):
        assert "First version." in client.get(url).text
    article.body = "Second version."
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert "Second version." in client.get(url).text


def test_the_page_cache_can_be_switched_off(client, settings):
    settings.CACHE_PAGES = settings.CACHE_FRAGMENTS = False
    url = make_article().get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.has_header("ETag")
    assert len(queries) > 1  # rendered again, not served from the cache


def test_a_staff_preview_of_a_draft_is_never_shared(client, staff, member):
    draft = make_article(status=Article.Status.DRAFT, body="Not ready for readers.")
    client.force_login(staff)
    assert "Not ready for readers." in client.get(draft.get_absolute_url()).text
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(draft.get_absolute_url(), headers={"if-none-match": "*"}).status_code == 404
