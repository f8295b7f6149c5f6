"""Corpus payloads typed by editors into the admin: article titles, tag names, series titles
and descriptions. Read back on every kind of page that names them, scanned with no
exemption in user content. (Article bodies and summaries: test_xss_everywhere.)
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Skill
from accounts.views import COMMENTS_ON_MEMBER_PAGE
from articles.models import Article, Series, Tag
from tests.factories import make_comment, make_user
from tests.security.xss_pages import MARKER, Scan, signed_in, typed_in_the_admin
from tests.xss import payloads

pytestmark = pytest.mark.django_db

DETAIL_PAGES = 40  # of each kind; every one is built by the same template from its own names


def every_nth(items: list, count: int) -> list:
    return items[:: max(1, len(items) // count)]


def article_form(n: int, payload: str, tag: Tag, series: Series, follows: Article | None) -> dict:
    published = timezone.localtime(timezone.now() - timedelta(hours=2, minutes=n))
    return {
        "title": f"{MARKER}{n} {payload}",
        "slug": f"hostile-{n}",
        "summary": f"{MARKER} summary {n}",
        "body": f"## Part {n}\n\nText.\n\n## More\n\nText.\n\n## End\n\n{MARKER}",
        "status": Article.Status.PUBLISHED,
        "published_at_0": f"{published:%Y-%m-%d}",
        "published_at_1": f"{published:%H:%M:%S}",
        "revised_at_0": "",
        "revised_at_1": "",
        "author": "",
        "tags": [tag.pk],
        "series": series.pk,
        "series_position": n % 2 + 1,
        "follow_up_of": follows.pk if follows else "",
        "discussion_prompt": f"{MARKER} {payload}"[:300],
        "comments_open": "on",
        "_save": "Save",
    }


@pytest.fixture
def hostile_catalogue(staff, show_everything):
    """One tag, one series and one article (title and discussion prompt) per payload, all
    typed into the admin; the articles come in pairs per series, each following up the
    one before it."""
    scan = Scan()
    admin = signed_in(staff)
    for n, payload in enumerate(payloads()):
        path = "/admin/articles/tag/add/"
        fields = {"name": f"{MARKER}{n} {payload}", "slug": f"tag-{n}"}
        typed_in_the_admin(scan, admin, path, fields, "name", 60)
        fields = {"title": f"{MARKER}{n} {payload}", "slug": f"series-{n}", "description": payload}
        typed_in_the_admin(scan, admin, "/admin/articles/series/add/", fields, "title", 200)
    tags = list(Tag.objects.filter(slug__startswith="tag-").order_by("pk"))
    series = list(Series.objects.filter(slug__startswith="series-").order_by("pk"))
    assert len(tags) == len(series) == len(payloads())
    previous = None
    for n, payload in enumerate(payloads()):
        fields = article_form(n, payload, tags[n], series[n // 2], previous)
        typed_in_the_admin(scan, admin, "/admin/articles/article/add/", fields, "title", 200)
        previous = Article.objects.get(slug=f"hostile-{n}")
    articles = list(Article.objects.filter(slug__startswith="hostile-").order_by("pk"))
    assert len(articles) == len(payloads())
    return scan, admin, articles, tags, series


def test_article_titles_tags_and_series_typed_by_editors_run_nowhere(hostile_catalogue):
    scan, admin, articles, tags, series = hostile_catalogue
    reader = Client()
    # The title in <title>, meta tags, JSON-LD, h1, contents, series and follow-up links.
    for article in articles:
        response = reader.get(article.get_absolute_url())
        html = scan.page(response, f"article {article.slug}", showing=MARKER)
        assert "This follows up on" in html or article is articles[0]
    home = ""
    for page in range(1, len(articles) // 10 + 2):
        home += scan.page(reader.get("/", {"page": page}), f"home page {page}", showing=MARKER)
    assert all(article.get_absolute_url() in home for article in articles)
    html = scan.page(reader.get("/tags/"), "tag index", showing=MARKER)
    assert all(tag.get_absolute_url() in html for tag in tags)
    for tag in every_nth(tags, DETAIL_PAGES):
        scan.page(reader.get(tag.get_absolute_url()), f"tag {tag.slug}", showing=MARKER)
        assert scan.feed(reader.get(f"/feeds/tags/{tag.slug}/rss/"), f"feed {tag.slug}") == 1
    for part_of in every_nth(series, DETAIL_PAGES):
        response = reader.get(part_of.get_absolute_url())
        scan.page(response, f"series {part_of.slug}", showing=MARKER)
    now = timezone.localtime()
    response = reader.get(f"/archive/{now:%Y}/{now:%m}/")
    scan.page(response, "archive of the month", showing=MARKER)
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        assert scan.feed(reader.get(feed), feed) > 0
    response = reader.get("/search/", {"q": MARKER})
    assert len(response.context["results"]) >= len(articles)
    scan.page(response, "search results", showing=MARKER)
    for path in ("/admin/articles/article/", "/admin/articles/tag/", "/admin/articles/series/"):
        response = admin.get(path)
        assert response.context["cl"].result_count >= len(payloads()), path
        scan.page(response, f"admin {path}", showing=MARKER)
    for article in every_nth(articles, DETAIL_PAGES):
        response = admin.get(f"/admin/articles/article/{article.pk}/change/")
        scan.page(response, f"admin article {article.pk}", showing=MARKER)
    for kind, objects in (("tag", tags), ("series", series)):
        for thing in every_nth(objects, DETAIL_PAGES // 4):
            response = admin.get(f"/admin/articles/{kind}/{thing.pk}/change/")
            scan.page(response, f"admin {kind} {thing.pk}", showing=MARKER)

    # A member's and a skill's latest comments link to the articles they are on.
    member = make_user(username="commenter", password=None)
    skill = Skill.objects.approved().first()
    for article in articles[-COMMENTS_ON_MEMBER_PAGE:]:
        make_comment(member, article, body=f"On this one {MARKER}", skills=[skill])
    html = scan.page(reader.get(member.get_absolute_url()), "member page", showing=MARKER)
    assert all(comment.get_absolute_url() in html for comment in member.comments.all())
    scan.page(reader.get(skill.get_absolute_url()), "skill page", showing=MARKER)
    comment = member.comments.first()
    as_member = signed_in(member)
    response = as_member.get(f"/comments/{comment.pk}/edit/")
    scan.page(response, "edit form naming the article", showing=MARKER)
    for article in every_nth(articles, DETAIL_PAGES):  # the prompt heads the comment form
        html = scan.page(as_member.get(article.get_absolute_url()), f"form on {article.slug}")
        assert f"<legend>{MARKER} " in html
    scan.assert_clean()
