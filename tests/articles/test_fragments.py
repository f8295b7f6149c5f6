"""Pages rendered around stored fragments: the article's own part and the discussion.

With pages not cached (`CACHE_PAGES=fragments`, and whenever a stored page is missing), an
article page is rendered around two stored fragments. These tests check that a change shows
at once all the same, and that a stored discussion still gives each reader their own parts.
"""

import re

import pytest
from django.utils import timezone

from accounts.forms import MemberSettingsForm
from articles import page_versions
from articles.models import Article
from comments.models import Comment
from comments.services import moderate
from tests.factories import make_article, make_comment, make_series, make_tag, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.CACHE_FRAGMENTS, settings.CACHE_PAGES = True, False


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ("the article is edited", "A paragraph added later."),
        ("a follow-up is published", "A later look at rates"),
        ("a tag is renamed", "Rates and pricing"),
        ("the author renames themselves", "By Ana Pricing"),
        ("a series part is published", "Next in the series"),
        ("a held comment is approved", "Held until the moderators looked."),
        ("comments are closed", "Comments are closed on this article."),
        ("the prompt is edited", "Which tool saved you the most time?"),
    ],
)
def test_a_change_shows_at_once_on_a_page_rendered_around_fragments(
    client, change, shown, django_capture_on_commit_callbacks
):
    author = make_user(display_name="Ana")
    series = make_series()
    article = make_article(author=author, series=series, series_position=1)
    tag = make_tag(name="Rates")
    article.tags.add(tag)
    held = make_comment(article=article, status="pending", body="Held until the moderators looked.")
    url = article.get_absolute_url()
    assert shown not in client.get(url).text
    assert shown not in client.get(url).text  # now from the stored fragments
    # Each change as the app commits it, on the article as an editor would load it.
    article = Article.objects.get(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "the article is edited":
            article.body += "\n\nA paragraph added later."
            article.save()
        elif change == "a follow-up is published":
            make_article(title="A later look at rates", follow_up_of=article)
        elif change == "a tag is renamed":
            tag.name = "Rates and pricing"
            tag.save()
        elif change == "the author renames themselves":
            form = MemberSettingsForm(instance=author, data={"display_name": "Ana Pricing"})
            assert form.is_valid(), form.errors
            form.save()
        elif change == "a series part is published":
            make_article(series=series, series_position=2)
        elif change == "comments are closed":
            article.comments_open = False
            article.save()
        elif change == "the prompt is edited":
            article.discussion_prompt = "Which tool saved you the most time?"
            article.save()
        else:
            moderator = make_user(is_staff=True)
            held_only = Comment.objects.filter(pk=held.pk)
            moderate(held_only, status="approved", moderator=moderator, now=timezone.now())
    assert shown in client.get(url).text


@pytest.mark.parametrize("first", ["anonymous", "writer", "other"])
def test_a_stored_discussion_gives_each_reader_their_own_parts(client, article, first):
    writer, other = make_user(display_name="Writer"), make_user(display_name="Other")
    make_comment(article=article, author=writer)  # trusted from now on: no first-comment hold
    make_comment(article=article, author=writer, status="pending", body="Still waiting here.")
    readers = {"anonymous": None, "writer": writer, "other": other}

    def page_for(name: str) -> str:
        client.logout()
        if readers[name]:
            client.force_login(readers[name])
        return client.get(article.get_absolute_url()).text

    # Whoever's view stores the discussion, nothing of theirs may stay in it.
    page_for(first)
    pages = {name: page_for(name) for name in readers}
    assert "to share what you are doing" in pages["anonymous"]
    assert 'name="csrfmiddlewaretoken"' not in pages["anonymous"]
    assert "Your comments awaiting moderation" in pages["writer"]
    for name in ("anonymous", "other"):
        assert "Still waiting here." not in pages[name]
    for name in ("writer", "other"):
        assert 'name="csrfmiddlewaretoken"' in pages[name]
        assert "to share what you are doing" not in pages[name]
    for page in pages.values():
        assert "<!--personal:" not in page and "<!--placed:" not in page
    # Each member's form carries their own token, never one stored with the discussion.
    tokens = {
        name: set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', pages[name]))
        for name in ("writer", "other")
    }
    assert tokens["writer"] and tokens["other"] and not tokens["writer"] & tokens["other"]


def test_links_in_a_stored_discussion_carry_only_the_readers_choices(client, article):
    for _ in range(51):  # two pages of threads
        make_comment(article=article)
    url = article.get_absolute_url()
    first = client.get(f"{url}?utm_source=newsletter&sort=newest").text
    again = client.get(f"{url}?sort=newest&ref=elsewhere").text
    for html in (first, again):
        assert "utm_source" not in html and "ref=elsewhere" not in html
        assert 'href="?sort=newest&amp;page=2#discussion"' in html
        assert 'href="?sort=helpful#discussion"' in html


def test_a_drafts_preview_never_leaves_its_part_for_readers(client, staff, settings, monkeypatch):
    # As in production with Redis: one version for every article page, which says nothing
    # of whether a page is public, so the view must not trust a part stored for a preview.
    settings.CACHE_PAGES = True
    monkeypatch.setattr(page_versions, "current", lambda now=None: "one-version")
    draft = make_article(status=Article.Status.DRAFT, body="Not ready for readers.")
    client.force_login(staff)
    assert "Preview: this article is not published." in client.get(draft.get_absolute_url()).text
    client.logout()
    # Published around the app (no version moves), so only a stored preview could show.
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    html = client.get(draft.get_absolute_url()).text
    assert "Not ready for readers." in html
    assert "Preview: this article is not published." not in html


@pytest.mark.parametrize("withdrawal", ["made a draft again", "deleted"])
def test_a_withdrawn_article_is_gone_at_once_though_its_part_is_stored(
    client, withdrawal, django_capture_on_commit_callbacks
):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url).status_code == 200  # rendered around its stored part
    with django_capture_on_commit_callbacks(execute=True):
        if withdrawal == "deleted":
            article.delete()
        else:
            article.status = Article.Status.DRAFT
            article.save()
    assert client.get(url).status_code == 404
