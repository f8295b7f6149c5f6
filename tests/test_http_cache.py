"""What an HTTP cache in front may keep (Cache-Control, Vary, tags), ETags and 304s without
one, and the purges each change sends once it commits."""

import uuid

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Skill
from articles.models import Article
from comments import reactions, services
from core import http_cache
from core.http_cache import add_tags
from tests.factories import (
    make_article,
    make_comment,
    make_series,
    make_skill_entry,
    make_tag,
    make_user,
)
from tests.purge_recorder import purged

pytestmark = pytest.mark.django_db


def public_pages(article, member, skill) -> dict[str, str]:
    """Every kind of public page, with the tag that names what it shows."""
    tag = article.tags.first()
    month = article.published_at
    return {
        "/": "articles",
        article.get_absolute_url(): article.cache_tag,
        f"{article.get_absolute_url()}?sort=newest": article.cache_tag,
        tag.get_absolute_url(): "articles",
        article.series.get_absolute_url(): "articles",
        f"/archive/{month:%Y}/{month:%m}/": "articles",
        "/about/": "articles",
        "/tags/": "articles",
        "/archive/": "articles",
        "/skills/": "skills",
        f"/skills/{skill.slug}/": "skills",
        member.get_absolute_url(): f"member-{member.pk}",
        "/search/?q=gig": "search",
        "/feeds/rss/": "articles",
        "/feeds/atom/": "articles",
        f"/feeds/tags/{tag.slug}/atom/": "articles",
        f"/feeds/articles/{article.slug}/comments/": article.cache_tag,
        "/sitemap.xml": "articles",
        "/robots.txt": "site",
    }


@pytest.fixture
def site():
    series = make_series()
    article = make_article(series=series, series_position=1)
    article.tags.add(make_tag())
    member = make_user(username="dana", display_name="Dana Q. Tester")
    skill = Skill.objects.approved().first()
    make_skill_entry(member, skill.slug, "learning")
    make_comment(article=article, author=member, body="Learning prompt design.", skills=[skill])
    return article, member, skill


def test_every_public_page_may_be_shared_with_anonymous_readers_under_its_tags(site):
    for url, tag in public_pages(*site).items():
        response = Client().get(url)
        assert response.status_code == 200, url
        control = sorted(response["Cache-Control"].split(", "))
        assert control == [
            "max-age=0", "public", "s-maxage=60", "stale-if-error=86400",
            "stale-while-revalidate=30",
        ], url  # fmt: skip
        assert "Cookie" in response["Vary"], url
        assert tag in response["xkey"].split() and "site" in response["xkey"].split(), url
        assert response.has_header("ETag"), url
        assert not response.cookies, url


def test_a_members_pages_are_private_and_untagged(site):
    member = make_user()
    client = Client()
    client.force_login(member)
    for url in public_pages(*site):
        response = client.get(url)
        assert sorted(response["Cache-Control"].split(", ")) == ["no-cache", "private"], url
        assert not response.has_header("xkey"), url


def test_an_unchanged_page_is_answered_304_without_a_proxy(site):
    article = site[0]
    for url in ("/", article.get_absolute_url(), "/skills/"):
        etag = Client().get(url)["ETag"]
        response = Client().get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, url
        # A 304 keeps the caching headers of the page it stands for.
        assert "s-maxage=60" in response["Cache-Control"], url


def test_a_new_comment_changes_the_etag_and_shows_at_once(site):
    article = site[0]
    etag = Client().get(article.get_absolute_url())["ETag"]
    make_comment(article=article, body="A second answer about pricing.")
    response = Client().get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "A second answer about pricing." in response.text


def test_a_page_that_sets_a_cookie_is_never_shared(client):
    # The sign-in form carries a CSRF token, and the page sets its cookie.
    response = client.get("/accounts/login/")
    assert "csrftoken" in response.cookies
    assert "private" in response["Cache-Control"] and not response.has_header("xkey")


def test_a_page_showing_a_one_off_message_is_not_shared(client, site):
    member = make_user(password="a-long-password-1")
    client.force_login(member)
    response = client.post("/accounts/logout/", follow=True)
    assert "You have signed out." in response.text
    assert "private" in response["Cache-Control"]
    assert not response.has_header("xkey")


def test_a_staff_preview_of_a_draft_is_private_and_anonymous_readers_get_404(staff):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="Draft ideas")
    client = Client()
    client.force_login(staff)
    preview = client.get(draft.get_absolute_url())
    assert "Draft ideas" in preview.text and "private" in preview["Cache-Control"]
    missing = Client().get(draft.get_absolute_url())
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")


def test_each_member_sees_only_their_own_parts_around_the_shared_threads(article):
    maria = make_user(username="maria", display_name="Maria Lopez")
    omar = make_user(username="omar", display_name="Omar Haddad")
    make_comment(article=article, author=maria, body="A pending idea by Maria.", status="pending")
    make_comment(article=article, author=omar, body="A public answer by Omar.")
    pages = {}
    for user in (maria, omar):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get(article.get_absolute_url()).text
    assert 'data-member="maria"' in pages["maria"] and 'data-member="omar"' in pages["omar"]
    assert "A pending idea by Maria." in pages["maria"]
    assert "A pending idea by Maria." not in pages["omar"]
    assert pages["maria"].count("A public answer by Omar.") == 1
    assert "Your comments here (1)" in pages["omar"] and "Your comments here" not in pages["maria"]


def test_each_members_form_has_its_own_csrf_token_and_idempotency_key(article):
    tokens, keys = set(), set()
    for user in (make_user(), make_user()):
        client = Client()
        client.force_login(user)
        html = client.get(article.get_absolute_url()).text
        tokens.add(html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
        keys.add(html.split('name="idempotency_key" value="')[1].split('"')[0])
    assert len(tokens) == 2 and len(keys) == 2


def test_the_discussion_fragment_is_cached_and_a_rename_shows_in_it_at_once(
    article, django_assert_num_queries
):
    author = make_user(display_name="Old Name")
    make_comment(article=article, author=author)
    Client().get(article.get_absolute_url())
    # The article and the articles' version; its own part and the threads are cached.
    with django_assert_num_queries(2):
        assert "Old Name" in Client().get(article.get_absolute_url()).text
    client = Client()
    client.force_login(author)
    response = client.post(
        "/accounts/settings/",
        {"display_name": "New Name", "notify_on_reply": "on"},
    )
    assert response.status_code == 302
    html = Client().get(article.get_absolute_url()).text
    assert "New Name" in html and "Old Name" not in html


def test_nothing_is_purged_before_the_change_commits(
    purges, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_comment(
            author=make_user(), article=article, body="Hi.", idempotency_key=uuid.uuid4(),
            now=timezone.now(),
        )  # fmt: skip
    assert purges == [] and callbacks
    for callback in callbacks:
        callback()
    assert article.cache_tag in purged(purges)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            "post",
            lambda a, c, m: {a.cache_tag, f"member-{m.pk}", "article-lists", "skills", "search"},
        ),
        ("edit", lambda a, c, m: {a.cache_tag, f"member-{m.pk}"}),
        ("delete", lambda a, c, m: {a.cache_tag, f"member-{m.pk}"}),
        ("reject", lambda a, c, m: {a.cache_tag, f"member-{m.pk}"}),
        ("helpful", lambda a, c, m: {a.cache_tag}),
        ("article", lambda a, c, m: {"articles", a.cache_tag}),
        ("rename", lambda a, c, m: {f"member-{m.pk}", a.cache_tag, "skills"}),
        ("delete-account", lambda a, c, m: {f"member-{m.pk}", a.cache_tag}),
        ("tag", lambda a, c, m: {"articles"}),
    ],
)
def test_each_change_purges_the_pages_that_show_it(
    change, expected, purges, article, staff, django_capture_on_commit_callbacks
):
    member = make_user(display_name="Dana")
    comment = make_comment(article=article, author=member)
    now = timezone.now()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "post":
            services.post_comment(
                author=member,
                article=article,
                body="More.",
                idempotency_key=uuid.uuid4(),
                now=now,
            )
        elif change == "edit":
            services.edit_comment(comment, editor=member, body="Edited.", now=now)
        elif change == "delete":
            services.delete_comment(comment, by=member, now=now)
        elif change == "reject":
            services.moderate(article.comments.all(), status="rejected", moderator=staff, now=now)
        elif change == "helpful":
            reactions.react(comment, user=make_user(), kind="helpful", now=now)
        elif change == "article":
            article.title = "A new title"
            article.save()
        elif change == "rename":
            from accounts.changes import members_appearance_changed

            member.display_name = "Dana R."
            member.save()
            members_appearance_changed([member.pk])
        elif change == "delete-account":
            anonymise_member(member, now=now)
        elif change == "tag":
            make_tag()
    assert expected(article, comment, member) <= purged(purges)


def test_closing_an_account_purges_the_pages_of_comments_that_mentioned_it(
    purges, article, django_capture_on_commit_callbacks
):
    dana, writer = make_user(username="dana"), make_user()
    make_comment(article=article, author=writer, body="Ask @dana")
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(dana, now=timezone.now())
    assert {article.cache_tag, f"member-{writer.pk}", "skills", "search"} <= purged(purges)


@pytest.fixture
def tagged_with_networking():
    """An article whose one comment is tagged "Networking", its discussion cached."""
    skill = Skill.objects.get(slug="networking")
    article = make_article()
    make_comment(article=article, skills=[skill])
    assert ">Networking</a>" in Client().get(article.get_absolute_url()).text
    return skill, article


def test_a_renamed_skill_shows_on_the_comments_tagged_with_it_at_once(
    staff, tagged_with_networking
):
    skill, article = tagged_with_networking
    admin = signed_in(staff)
    response = admin.post(
        f"/admin/accounts/skill/{skill.pk}/change/",
        {
            "name": "Professional networking",
            "slug": "networking",
            "description": skill.description,
            "category": skill.category,
            "status": "approved",
            "suggested_by": "",
        },
    )
    assert response.status_code == 302
    assert ">Professional networking</a>" in Client().get(article.get_absolute_url()).text


def test_an_authors_new_name_shows_in_the_byline_at_once(staff):
    article = make_article(author=staff)
    assert "By The Editor" in Client().get(article.get_absolute_url()).text
    from accounts.changes import members_appearance_changed

    staff.display_name = "Editor in chief"
    staff.save()
    members_appearance_changed([staff.pk])
    assert "By Editor in chief" in Client().get(article.get_absolute_url()).text


def test_a_new_comment_shows_in_the_comment_count_of_cached_lists(client):
    article = make_article(title="Counted")
    client.get("/")
    make_comment(article=article)
    assert "1 comment" in client.get("/").text
    make_comment(article=article)
    assert "2 comments" in client.get("/").text


def test_a_deleted_tag_leaves_cached_pages_at_once(client):
    article = make_article()
    tag = make_tag(name="Short-lived", slug="short-lived")
    article.tags.add(tag)
    assert "/tags/short-lived/" in client.get(article.get_absolute_url()).text
    assert "/tags/short-lived/" in client.get("/").text
    tag.delete()
    assert "/tags/short-lived/" not in client.get(article.get_absolute_url()).text
    assert "/tags/short-lived/" not in client.get("/").text


def test_a_withdrawn_skill_leaves_the_comments_tagged_with_it(staff, tagged_with_networking):
    skill, article = tagged_with_networking
    signed_in(staff).post(
        "/admin/accounts/skill/",
        {"action": "reject", "_selected_action": [skill.pk]},
    )
    assert ">Networking</a>" not in Client().get(article.get_absolute_url()).text


def test_a_deactivated_member_leaves_the_cached_skills_map(client):
    member = make_user()
    make_skill_entry(member, "ai-ethics", "learning")
    before = client.get("/skills/").text
    member.is_active = False
    member.save()
    assert client.get("/skills/").text != before


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_tags_given_twice_to_one_response_add_up():
    """A view and a decorator may both tag a page: it is purged with either."""
    response = add_tags(add_tags(HttpResponse(), "article-1"), "skills")
    assert response.cache_tags == {"article-1", "skills"}


def test_a_purge_that_cannot_be_queued_never_breaks_the_change_that_asked_for_it(
    monkeypatch, django_capture_on_commit_callbacks, caplog, settings, db
):
    """The queue being down costs a page that expires after s-maxage, never the member's
    post: the purge runs as a robust on-commit callback, and what follows it still runs."""

    class QueueDown:
        def enqueue(self, tags):
            raise ConnectionError("the task queue is down")

    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    monkeypatch.setattr(http_cache, "purge_pages", QueueDown())
    after = []
    with django_capture_on_commit_callbacks(execute=True):
        http_cache.purge("article-1")
        transaction.on_commit(lambda: after.append("ran"))
    assert after == ["ran"]
    assert "the task queue is down" in caplog.text
