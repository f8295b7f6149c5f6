"""Subscribing and being found: feeds, sitemap, robots.txt, social cards, JSON-LD."""

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests.factories import make_article, make_tag
from tests.xss import executable_content

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_has_full_content_with_absolute_links(client):
    article = make_article(
        title="Rates & rights",
        body="See [below](#discussion), [home](/), [cdn](//cdn.example.org/x).[^1]\n\n[^1]: Note.",
    )
    response = client.get("/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    assert "Rates & rights" in titles
    item = items[titles.index("Rates & rights")]
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    content = item.findtext("description")
    page = f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert f'href="{page}#discussion"' in content
    assert 'href="http://127.0.0.1:8000/"' in content
    assert f'href="{page}#fn1"' in content
    assert 'href="//cdn.example.org/x"' in content


def test_every_page_links_both_feeds_in_its_footer(client):
    footer = client.get("/about/").text.split('<footer class="site-footer">')[1]
    assert '<a href="/feeds/rss/">RSS feed</a>' in footer
    assert '<a href="/feeds/atom/">Atom feed</a>' in footer
    assert client.get("/feeds/rss/").status_code == client.get("/feeds/atom/").status_code == 200


def test_atom_feed_lists_published_articles_only(client):
    make_article(title="Out now")
    make_article(title="Still a draft", status=Article.Status.DRAFT)
    feed = ET.fromstring(client.get("/feeds/atom/").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert "Out now" in titles
    assert "Still a draft" not in titles
    entry = feed.findall(f"{ATOM}entry")[titles.index("Out now")]
    assert entry.find(f"{ATOM}summary").get("type") == "html"


def test_tag_feeds_list_only_that_tag(client):
    tag = make_tag(name="Tools", slug="tools")
    make_article(title="About tools").tags.add(tag)
    make_article(title="About pricing")
    rss = ET.fromstring(client.get("/feeds/tags/tools/rss/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["About tools"]
    atom = ET.fromstring(client.get("/feeds/tags/tools/atom/").content)
    assert atom.findtext(f"{ATOM}title") == "Adapting Together: Tools"
    assert client.get("/feeds/tags/nope/rss/").status_code == 404


def test_a_tag_feed_describes_its_tag_by_the_name_as_typed(client):
    """Feed readers show an RSS channel's description as HTML or as text (the format leaves
    it open); Atom's subtitle is text. Under each reading, the name is what the editor typed."""
    tag = make_tag(name="<b>Q&A</b><script>alert(1)</script>", slug="qa")
    make_article(title="Questions").tags.add(tag)
    rss = ET.fromstring(client.get("/feeds/tags/qa/rss/").content)
    as_html = rss.find("channel").findtext("description")
    assert not executable_content(as_html)
    assert html.unescape(as_html) == f"Articles tagged “{tag.name}”."
    atom = ET.fromstring(client.get("/feeds/tags/qa/atom/").content)
    assert atom.find(f"{ATOM}subtitle").get("type") in (None, "text")
    assert atom.findtext(f"{ATOM}subtitle") == f"Articles tagged “{tag.name}”."


def test_tag_page_advertises_its_own_feed(client):
    make_tag(name="Tools", slug="tools")
    html = client.get("/tags/tools/").text
    assert 'href="/feeds/tags/tools/rss/"' in html


def test_sitemap_lists_published_articles_only(client):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=published.published_at.replace(year=2999))
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {url.findtext(f"{namespace}loc") for url in sitemap.iter(f"{namespace}url")}
    assert f"http://testserver{published.get_absolute_url()}" in locations
    assert f"http://testserver/articles/{draft.slug}/" not in locations
    assert f"http://testserver/articles/{scheduled.slug}/" not in locations
    assert "http://testserver/articles/ai-and-the-gig-economy/" in locations


def test_robots_txt_points_to_the_sitemap(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def structured_data(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_page_has_blogposting_json_ld_with_comment_count(client, settings):
    article = make_article(title="Learning prompts", summary="What worked.")
    article.tags.add(make_tag(name="Skills"))
    Article.objects.filter(pk=article.pk).update(comment_count=7)
    data = structured_data(client.get(article.get_absolute_url()).text)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Learning prompts"
    assert data["commentCount"] == 7
    assert data["url"] == f"{settings.SITE_URL}{article.get_absolute_url()}"
    assert data["keywords"] == ["Skills"]
    assert data["datePublished"] == article.published_at.isoformat()


def test_a_title_cannot_break_out_of_the_json_ld_block(client):
    title = '</script><script>alert(1)</script> & "quotes"'
    article = make_article(title=title)
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in html
    assert structured_data(html)["headline"] == title


def test_article_page_has_canonical_url_and_social_cards(client, settings):
    article = make_article(title="Cards", summary="A summary for cards.")
    html = client.get(article.get_absolute_url() + "?utm_source=x").text
    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Cards">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:description" content="A summary for cards.">' in html
