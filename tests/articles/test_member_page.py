"""Members get the page members share, from the cache, with their own parts filled in."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles import personal
from articles.local_cache import cache_is_shared, rendered_pages
from articles.views import MEMBER_PAGE
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def shared_page_stored(url: str) -> bool:
    etag = Client().get(url)["ETag"].strip('"')
    return cache.get(f"{MEMBER_PAGE}:{etag}:{url.split('?')[0]}") is not None


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.CACHE_FRAGMENTS = settings.CACHE_PAGES = True
    cache.clear()
    rendered_pages.clear()


def member_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_each_member_sees_their_own_parts_of_the_shared_page(article):
    maria = make_user(username="maria", display_name="Maria Lopez")
    omar = make_user(username="omar", display_name="Omar Haddad")
    make_comment(article=article, author=maria, body="A pending idea by Maria.", status="pending")
    make_comment(article=article, author=omar, body="A public answer by Omar.")

    for_maria = member_client(maria).get(article.get_absolute_url()).text
    for_omar = member_client(omar).get(article.get_absolute_url()).text

    assert shared_page_stored(article.get_absolute_url())
    assert 'data-member="maria"' in for_maria and 'data-member="omar"' in for_omar
    assert "A pending idea by Maria." in for_maria
    assert "A pending idea by Maria." not in for_omar
    # Both see the public answer; only Omar gets the list with its edit and delete links.
    assert for_maria.count("A public answer by Omar.") == 1
    assert "Your comments here (1)" in for_omar and "Your comments here" not in for_maria
    assert "<!--personal:" not in for_maria + for_omar


def test_the_shared_page_serves_members_in_a_fixed_number_of_queries(
    article, django_assert_max_num_queries
):
    for n in range(30):
        make_comment(article=article, body=f"Answer number {n}.")
    member_client(make_user()).get(article.get_absolute_url())
    client = member_client(make_user())
    # Session and member, and, when each process has a cache of its own, the page's version.
    # The page and the comment form come from the cache, and the stored page holds the
    # article its parts need. The member's first view also asks whether their email address
    # is verified and which comments are theirs; the cache answers both from then on.
    extra = 0 if cache_is_shared() else 1
    with django_assert_max_num_queries(4 + extra):
        client.get(article.get_absolute_url())
    with django_assert_max_num_queries(2 + extra):
        response = client.get(article.get_absolute_url())
    assert "Answer number 29." in response.text
    assert 'name="body"' in response.text


def test_each_page_carries_a_working_csrf_token_and_a_fresh_idempotency_key(
    article, django_capture_on_commit_callbacks
):
    author = make_user(username="ines")
    make_comment(article=article, author=author)  # past the first-comment hold
    client = member_client(author, enforce_csrf_checks=True)
    pages = [client.get(article.get_absolute_url()).text for _ in range(2)]
    keys = [re.search(r'name="idempotency_key" value="([^"]+)"', page)[1] for page in pages]
    assert keys[0] != keys[1]
    assert "slot" not in "".join(keys)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pages[1])[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/on/{article.pk}/",
            {"body": "Posted through the shared page.", "idempotency_key": keys[1],
             "csrfmiddlewaretoken": token},
        )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True).text
    assert "Your comment is posted." in page
    assert "Posted through the shared page." in page


def test_a_new_comment_shows_to_members_at_once(article, django_capture_on_commit_callbacks):
    client = member_client(make_user())
    client.get(article.get_absolute_url())
    make_comment(article=article, body="Fresh from the field.")
    # What comments.services does for every change to a discussion, committed.
    with django_capture_on_commit_callbacks(execute=True):
        article.comments_changed_at = timezone.now()
        article.save(update_fields=["comments_changed_at"])
    assert "Fresh from the field." in client.get(article.get_absolute_url()).text


def test_a_members_own_new_comments_show_in_their_parts_at_once(
    article, django_capture_on_commit_callbacks
):
    author = make_user(username="lena")
    earlier = make_comment(article=article, author=author, body="An earlier public note.")
    client = member_client(author)
    page = client.get(article.get_absolute_url()).text
    assert "Your comments here (1)" in page
    assert f'<a href="#comment-{earlier.pk}">An earlier public note.</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(article=article, author=author, body="Held for a look.", status="pending")
    page = client.get(article.get_absolute_url()).text
    assert "Your comments awaiting moderation" in page and "Held for a look." in page
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(article=article, author=author, body="Out in public now.")
    assert "Your comments here (2)" in client.get(article.get_absolute_url()).text


def test_a_page_with_a_reply_form_in_the_thread_is_not_shared(article):
    target = make_comment(article=article, body="Reply to me.")
    replier = make_user(username="rafa")
    make_comment(article=article, author=replier)
    url = f"{article.get_absolute_url()}?reply_to={target.pk}"
    page = member_client(replier).get(url).text
    assert "Reply to" in page and 'name="csrfmiddlewaretoken"' in page
    assert not shared_page_stored(f"{article.get_absolute_url()}?reply_to={target.pk}")


def test_whoever_opens_a_reply_link_first_a_member_who_may_comment_gets_the_form(article):
    target = make_comment(article=article, body="Reply to me.")
    url = f"{article.get_absolute_url()}?reply_to={target.pk}"
    unverified = make_user(username="newbie", verified=False)
    assert 'name="body"' not in member_client(unverified).get(url).text
    page = member_client(make_user(username="verified")).get(url).text
    assert f'name="reply_to" value="{target.pk}"' in page


def test_a_comment_cannot_forge_a_personal_part(article):
    victim = make_user(username="victim")
    marker = f"<!--personal:{personal._marker_key()}:account-nav:-->"
    make_comment(article=article, body=f"Look {marker} here")
    page = member_client(victim).get(article.get_absolute_url()).text
    assert page.count('action="/accounts/logout/"') == 1


def test_a_skill_added_in_the_admin_shows_in_the_comment_form_at_once(
    article, staff, django_capture_on_commit_callbacks
):
    client, staff_client = member_client(make_user()), member_client(staff)
    assert "Voice-over direction" not in client.get(article.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/accounts/skill/add/",
            {"name": "Voice-over direction", "slug": "voice-over-direction",
             "description": "", "category": "human", "status": "approved",
             "suggested_by": ""},
        )  # fmt: skip
    assert response.status_code == 302
    assert "Voice-over direction" in client.get(article.get_absolute_url()).text
