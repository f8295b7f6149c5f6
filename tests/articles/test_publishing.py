"""Writing and publishing: scheduling, drafts, series and follow-up rules, the admin."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_series, make_tag

pytestmark = pytest.mark.django_db

NOON = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def test_scheduled_article_appears_when_its_time_comes(client):
    with time_machine.travel(NOON, tick=False):
        scheduled = make_article(title="Scheduled piece", published_at=NOON + timedelta(hours=2))
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        assert "Scheduled piece" not in client.get("/").text
    with time_machine.travel(NOON + timedelta(hours=2, seconds=1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert "Scheduled piece" in client.get("/").text
        assert "Scheduled piece" in client.get("/feeds/rss/").text


def test_draft_with_a_past_time_stays_hidden(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=NOON)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.slug not in client.get("/sitemap.xml").text


def test_member_who_is_not_staff_cannot_preview_a_draft(client, member):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_scheduled_article(client, staff):
    scheduled = make_article(published_at=datetime(2999, 1, 1, tzinfo=UTC))
    client.force_login(staff)
    response = client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is not published." in response.text


def test_series_position_without_a_series_is_explained():
    article = make_article()
    article.series_position = 2
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["series"] == [
        "A series position needs a series: choose one or clear the position."
    ]


def test_series_position_without_a_series_is_refused_by_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(series_position=2)


def test_two_articles_cannot_share_a_position_in_a_series():
    series = make_series()
    make_article(series=series, series_position=1)
    duplicate = make_article(series=series, series_position=2)
    duplicate.series_position = 1
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Another article already has this position in the series." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_article_cannot_follow_up_itself():
    article = make_article()
    article.follow_up_of = article
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["follow_up_of"] == ["An article cannot follow up itself."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(follow_up_of=article)


def test_admin_publish_now_publishes_a_draft_at_the_current_time(admin_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    # Soon, not NOON: the admin's session must not expire on the way.
    soon = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    with time_machine.travel(soon, tick=False):
        response = admin_client.post(
            "/admin/articles/article/",
            {"action": "publish_now", "_selected_action": [draft.pk]},
            follow=True,
        )
    assert "Published 1 article(s)." in response.text
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at == soon


def test_admin_lists_articles_filtered_by_tag_and_series(admin_client):
    tag, series = make_tag(name="Pricing"), make_series(title="Starting out")
    tagged = make_article(title="Tagged one")
    tagged.tags.add(tag)
    in_series = make_article(title="Series one", series=series, series_position=1)
    make_article(title="Neither")

    by_tag = admin_client.get(f"/admin/articles/article/?tags__id__exact={tag.pk}").text
    assert "Tagged one" in by_tag and "Neither" not in by_tag
    by_series = admin_client.get(f"/admin/articles/article/?series__id__exact={series.pk}").text
    assert in_series.title in by_series and "Neither" not in by_series


def test_admin_editor_previews_through_the_article_profile(admin_client):
    html = admin_client.get("/admin/articles/article/add/").text
    assert 'data-markdownx-urls-path="/markdown/preview/article/"' in html


def test_admin_explains_a_series_position_without_a_series(admin_client, staff):
    response = admin_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Part two", "slug": "part-two", "body": "Text", "status": "draft",
            "series_position": "2", "comments_open": "on",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "A series position needs a series: choose one or clear the position." in response.text
