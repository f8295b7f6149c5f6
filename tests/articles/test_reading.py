"""What readers see: lists, the article page, series and follow-ups; fixed query counts."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_series, make_tag, make_user

pytestmark = pytest.mark.django_db


def many_articles(count: int, **overrides) -> list[Article]:
    author = make_user()
    tags = [make_tag(), make_tag()]
    articles = [make_article(author=author, **overrides) for _ in range(count)]
    for article in articles:
        article.tags.set(tags)
    return articles


def test_home_page_shows_summary_reading_time_comments_and_tags(client):
    article = make_article(title="Pricing your work", summary="How members set rates.")
    article.tags.add(make_tag(name="Pricing", slug="pricing"))
    Article.objects.filter(pk=article.pk).update(comment_count=3)
    html = client.get("/").text
    assert "Pricing your work" in html
    assert "How members set rates." in html
    assert "1 min read" in html
    assert "3 comments" in html
    assert '<a class="tag" href="/tags/pricing/">Pricing</a>' in html


def test_home_page_is_paginated_newest_first(client):
    now = timezone.now()
    for days in range(12):
        make_article(title=f"Day {days} piece", published_at=now - timedelta(days=days + 1))
    first, second = client.get("/").text, client.get("/?page=2").text
    assert "Day 0 piece" in first and "Day 11 piece" not in first
    assert "Day 11 piece" in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("url", ["/", "/?page=2", "/tags/{tag}/", "/archive/{yyyy}/{mm}/"])
def test_list_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    articles = many_articles(25)
    tag = articles[0].tags.first()
    now = articles[0].published_at
    url = url.format(tag=tag.slug, yyyy=f"{now:%Y}", mm=f"{now:%m}")
    # The articles' version, the page's own (tag or months), then the count, the page of
    # articles and their tags; with the cards cached, only the first two.
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('class="article-card"') == 10
    with django_assert_max_num_queries(2):
        again = client.get(url)
    assert again.text.count('class="article-card"') == 10


def test_a_list_shows_an_article_the_moment_its_scheduled_time_comes(client):
    make_article(title="Already out")
    make_article(title="Coming later", published_at=timezone.now() + timedelta(minutes=5))
    assert "Coming later" not in client.get("/").text
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert "Coming later" in client.get("/").text


def test_a_renamed_tag_shows_on_cached_lists_and_pages_at_once(client):
    article = many_articles(1)[0]
    tag = article.tags.first()
    assert tag.name in client.get("/").text
    assert tag.name in client.get(article.get_absolute_url()).text
    tag.name = "Renamed topic"
    tag.save()
    assert "Renamed topic" in client.get("/").text
    assert "Renamed topic" in client.get(article.get_absolute_url()).text


def test_series_page_lists_published_parts_in_order_with_fixed_queries(
    client, django_assert_max_num_queries
):
    series = make_series(title="Starting out", slug="starting-out")
    for position in (3, 1, 2):
        make_article(title=f"Part {position} title", series=series, series_position=position)
    make_article(
        title="Unpublished part", series=series, series_position=4, status=Article.Status.DRAFT
    )
    with django_assert_max_num_queries(3):
        html = client.get("/series/starting-out/").text
    assert html.index("Part 1 title") < html.index("Part 2 title") < html.index("Part 3 title")
    assert "Unpublished part" not in html


def test_article_page_navigates_its_series(client):
    series = make_series(title="Starting out")
    first = make_article(title="First part", series=series, series_position=1)
    middle = make_article(title="Middle part", series=series, series_position=2)
    make_article(title="Draft part", series=series, series_position=3, status="draft")
    last = make_article(title="Last part", series=series, series_position=4)

    html = client.get(middle.get_absolute_url()).text
    assert f'<a rel="prev" href="{first.get_absolute_url()}">' in html
    assert f'<a rel="next" href="{last.get_absolute_url()}">' in html
    assert f'Part 2 of <a href="{series.get_absolute_url()}">Starting out</a>' in html
    assert '<nav class="series-nav" aria-label="Starting out">' in html
    last_html = client.get(last.get_absolute_url()).text
    assert f'<a rel="prev" href="{middle.get_absolute_url()}">' in last_html
    assert 'rel="next"' not in last_html


def test_article_page_links_follow_ups_both_ways(client):
    essay = make_article(title="The essay")
    follow_up = make_article(title="What you told us", follow_up_of=essay)
    make_article(title="Not yet", follow_up_of=essay, status="draft")

    essay_html = client.get(essay.get_absolute_url()).text
    assert "Follow-ups to this article" in essay_html
    assert f'<a href="{follow_up.get_absolute_url()}">What you told us</a>' in essay_html
    assert "Not yet" not in essay_html
    follow_up_html = client.get(follow_up.get_absolute_url()).text
    assert (
        f'This follows up on <a href="{essay.get_absolute_url()}">The essay</a>' in follow_up_html
    )


def test_follow_up_of_an_unpublished_article_does_not_link_to_it(client):
    draft = make_article(title="Hidden origin", status="draft")
    follow_up = make_article(follow_up_of=draft)
    assert "Hidden origin" not in client.get(follow_up.get_absolute_url()).text


def test_article_page_shows_published_and_updated_dates(client):
    article = make_article(
        published_at=datetime(2026, 10, 1, 9, tzinfo=UTC),
        revised_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )
    html = client.get(article.get_absolute_url()).text
    assert 'Published <time datetime="2026-10-01T09:00:00+0000">1 October 2026</time>' in html
    assert 'Updated <time datetime="2026-11-02T09:00:00+0000">2 November 2026</time>' in html


def test_article_page_without_a_revision_shows_no_updated_date(client):
    assert "Updated" not in client.get(make_article().get_absolute_url()).text


def test_article_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    series = make_series()
    essay = make_article()
    parts = many_articles(8, series=None)
    for position, part in enumerate(parts, start=1):
        part.series, part.series_position, part.follow_up_of = series, position, essay
        part.save()
    # The article with its author, the articles' version; with the cache cold, its tags
    # (for the head, its structured data and its footer), the articles it links to as
    # follow-ups (both ways), for a part its series' parts, and the discussion's threads (2).
    with django_assert_max_num_queries(9):
        assert client.get(parts[3].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert "Follow-ups to this article" in client.get(essay.get_absolute_url()).text


def test_a_page_around_a_cached_discussion_needs_only_the_articles_own_queries(
    client, django_assert_num_queries
):
    series = make_series(title="Pricing in practice")
    first, second = many_articles(2)
    for position, part in enumerate([first, second], start=1):
        part.series, part.series_position = series, position
        part.save()
    client.get(second.get_absolute_url())
    # The article with its author, and the articles' version.
    with django_assert_num_queries(2):
        html = client.get(second.get_absolute_url()).text
    assert "Part 2 of" in html and "Pricing in practice" in html
    assert f'href="{first.get_absolute_url()}"' in html
    assert f"By {second.author.public_name}" in html


def test_tag_page_lists_only_published_articles_with_the_tag(client):
    tag = make_tag(name="Tools", slug="tools")
    tagged, other = make_article(title="Tagged"), make_article(title="Untagged")
    draft = make_article(title="Draft tagged", status="draft")
    tagged.tags.add(tag)
    draft.tags.add(tag)
    html = client.get("/tags/tools/").text
    assert "Tagged “Tools”" in html
    assert "Tagged</a>" in html
    assert other.title not in html and draft.title not in html


def test_unknown_tag_and_series_are_404(client):
    assert client.get("/tags/nope/").status_code == 404
    assert client.get("/series/nope/").status_code == 404


def test_archive_lists_a_month_and_links_other_months(client):
    make_article(title="October piece", published_at=datetime(2026, 10, 5, tzinfo=UTC))
    make_article(title="September piece", published_at=datetime(2026, 9, 30, 23, tzinfo=UTC))
    html = client.get("/archive/2026/10/").text
    assert "Published in October 2026" in html
    assert "October piece" in html and "September piece" not in html
    assert '<a href="/archive/2026/09/">September 2026</a>' in html


@pytest.mark.parametrize("url", ["/archive/2026/13/", "/archive/2026/00/", "/archive/0000/01/"])
def test_impossible_archive_months_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_advertise_the_feeds_and_a_canonical_url(client, settings):
    html = client.get("/").text
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/">' in html


def test_topics_and_archive_indexes_list_what_is_published_with_counts(client):
    essay = Article.objects.get(slug="ai-and-the-gig-economy")
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    hidden = make_tag(name="Unannounced", slug="unannounced")
    draft.tags.add(hidden)
    topics = client.get("/tags/").text
    for tag in essay.tags.all():
        assert f'href="{tag.get_absolute_url()}"' in topics
    assert "Unannounced" not in topics
    archive = client.get("/archive/").text
    assert f'href="/archive/{essay.published_at:%Y}/{essay.published_at:%m}/"' in archive
    assert "1 article" in archive
    footer = client.get("/").text
    assert 'href="/tags/"' in footer and 'href="/archive/"' in footer


def test_empty_indexes_say_what_will_appear_there(client):
    Article.objects.all().delete()
    assert "No article is tagged yet" in client.get("/tags/").text
    assert "Nothing is published yet" in client.get("/archive/").text


def test_the_essay_is_tagged_on_a_fresh_site(client):
    page = client.get("/articles/ai-and-the-gig-economy/").text
    for name in ("AI", "Gig economy", "Independent work"):
        assert f">{name}</a>" in page


def test_articles_added_to_a_tag_from_the_tags_side_show_it_at_once(client):
    article = make_article()
    tag = make_tag(name="Pricing", slug="pricing")
    assert "/tags/pricing/" not in client.get(article.get_absolute_url()).text
    tag.articles.add(article)
    assert "/tags/pricing/" in client.get(article.get_absolute_url()).text
    tag.articles.clear()
    assert "/tags/pricing/" not in client.get(article.get_absolute_url()).text
