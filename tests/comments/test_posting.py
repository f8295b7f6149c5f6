"""Posting through the page: statuses, refusals with the text kept, idempotency, replies."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Suspension
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

TEXT = "I retrained as a **data annotator**; pricing per task was the hard part."


def post(client, article, body=TEXT, **extra):
    data = {"body": body, "idempotency_key": str(uuid.uuid4())} | extra
    return client.post(
        reverse("comments:post", args=[article.pk]), data, **extra.pop("headers", {})
    )


def test_trusted_member_posts_and_lands_on_the_comment(client, trusted, article):
    client.force_login(trusted)
    response = post(client, article)
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 302
    assert response.url == comment.get_absolute_url()
    article.refresh_from_db()
    assert article.comment_count == Comment.objects.approved().for_article(article).count()
    page = client.get(client.get(response.url).url)
    assert b"data annotator" in page.content


def test_first_comment_waits_and_its_author_sees_it_awaiting_moderation(client, member, article):
    client.force_login(member)
    response = post(client, article)
    assert response.url.endswith("#your-pending")
    assert Comment.objects.get().status == Comment.Status.PENDING
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Your comments awaiting moderation" in page
    assert "data annotator" in page
    client.logout()
    assert "data annotator" not in client.get(article.get_absolute_url()).content.decode()


def test_honeypot_comment_is_stored_as_spam_without_telling_the_bot(client, trusted, article):
    client.force_login(trusted)
    response = post(client, article, website="https://spam.example")
    assert response.status_code == 302
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM


def test_double_submit_creates_one_comment(client, trusted, article):
    client.force_login(trusted)
    key = str(uuid.uuid4())
    first = post(client, article, idempotency_key=key)
    second = post(client, article, idempotency_key=key)
    assert Comment.objects.by(trusted).count() == 2  # the fixture's comment and this one
    assert first.url == second.url


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \n\t ", "Your comment is empty"),
        # No-break, em and zero-width spaces, a soft hyphen: a blank card if published.
        ("\u00a0\u2003\u200b\u00ad\ufeff", "Your comment is empty"),
        ("x" * 10_001, "at most 10,000 characters (this one has 10,001)"),
    ],
)
def test_invalid_text_comes_back_with_the_reason_and_400(client, trusted, article, body, message):
    client.force_login(trusted)
    response = post(client, article, body=body)
    assert response.status_code == 400
    assert message in response.content.decode()
    if body.strip() and body.isprintable():
        assert body[:200] in response.content.decode()
    assert not Comment.objects.filter(body=body).exists()


def test_control_characters_never_reach_the_database(client, trusted, article):
    client.force_login(trusted)
    post(client, article, body="clean\x00 text\x07 here")
    assert Comment.objects.latest("pk").body == "clean text here"


def test_more_than_three_skills_is_refused_with_the_text_kept(client, trusted, article):
    from accounts.models import Skill

    client.force_login(trusted)
    skills = [str(pk) for pk in Skill.objects.values_list("pk", flat=True)[:4]]
    response = post(client, article, skills=skills)
    assert response.status_code == 400
    assert "at most 3 skills" in response.content.decode()
    assert "data annotator" in response.content.decode()


@pytest.mark.parametrize("target", ["abc", "99999999", "other-article", "pending", "removed"])
def test_bad_reply_targets_are_refused_with_400_and_the_text_kept(client, trusted, article, target):
    values = {
        "abc": lambda: "abc",
        "99999999": lambda: "99999999",
        "other-article": lambda: make_comment(article=make_article()).pk,
        "pending": lambda: make_comment(article=article, status="pending").pk,
        "removed": lambda: make_comment(article=article, status="removed").pk,
    }
    client.force_login(trusted)
    response = post(client, article, reply_to=values[target]())
    assert response.status_code == 400
    assert "data annotator" in response.content.decode()
    assert (
        "not a valid one" in response.content.decode()
        or "public comment" in response.content.decode()
    )


def test_rate_limit_answers_429_with_the_text_and_when_to_retry(
    client, trusted, article, settings, one_minute_window
):
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["2/minute"]
    client.force_login(trusted)
    assert post(client, article).status_code == 302
    assert post(client, article).status_code == 302
    response = post(client, article, body="A third one, too soon.")
    assert response.status_code == 429
    assert "A third one, too soon." in response.content.decode()
    assert "you can post it again from" in response.content.decode()


def test_rate_limit_uses_the_client_ip_behind_trusted_proxies(
    client, settings, article, one_minute_window
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["1/minute"]
    for _ in range(2):
        user = make_user()
        make_comment(article=article, author=user)
        client.force_login(user)
        response = post(client, article, headers={"HTTP_X_FORWARDED_FOR": "203.0.113.7"})
    assert response.status_code == 429
    assert Comment.objects.filter(ip_address="203.0.113.7").count() == 1


def test_suspended_member_is_refused_with_reason_and_end_date(client, trusted, article):
    until = timezone.now() + timedelta(days=2)
    Suspension.objects.create(
        user=trusted, starts_at=timezone.now(), until=until, reason="Repeated insults"
    )
    client.force_login(trusted)
    response = post(client, article)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Repeated insults" in page
    assert f"{until:%d %B %Y}" in page
    assert "data annotator" in page


def test_closed_article_shows_a_notice_and_refuses_posts(client, trusted):
    article = make_article(comments_open=False)
    client.force_login(trusted)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed" in page
    assert 'id="reply"' not in page
    response = post(client, article)
    assert response.status_code == 403
    assert "data annotator" in response.content.decode()


def test_unverified_member_cannot_post_and_keeps_the_text(client, article):
    unverified = make_user(verified=False)
    client.force_login(unverified)
    response = post(client, article)
    assert response.status_code == 403
    assert "Verify your email" in response.content.decode()
    assert not Comment.objects.exists()


def test_anonymous_reader_is_sent_to_sign_in(client, article):
    response = post(client, article)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_form_shows_the_discussion_prompt_and_draft_key(client, trusted):
    article = make_article(discussion_prompt="What are you doing to adapt your skills?")
    client.force_login(trusted)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<legend>What are you doing to adapt your skills?</legend>" in page
    assert f'data-draft-key="comment-{article.pk}"' in page
    assert "/markdown/preview/comment/" in page


def test_the_comment_box_states_its_limit_instead_of_cutting_a_paste(client, trusted, article):
    client.force_login(trusted)
    page = client.get(article.get_absolute_url()).content.decode()
    textarea = page[page.index("<textarea") : page.index("</textarea>")]
    assert 'data-max-length="10000"' in textarea
    assert "maxlength" not in textarea


def test_reply_without_javascript_renders_the_form_under_that_comment(client, trusted, article):
    target = make_comment(article=article)
    client.force_login(trusted)
    page = client.get(f"{article.get_absolute_url()}?reply_to={target.pk}").content.decode()
    assert page.index(f'id="comment-{target.pk}"') < page.index('id="reply"')
    assert f'name="reply_to" value="{target.pk}"' in page
    response = post(client, article, reply_to=target.pk)
    reply = Comment.objects.latest("pk")
    assert (reply.parent, reply.reply_to, reply.depth) == (target, target, 2)
    assert response.status_code == 302


def test_posting_with_javascript_returns_the_new_comment_fragment(client, trusted, article):
    client.force_login(trusted)
    response = post(client, article, headers={"HTTP_X_REQUESTED_WITH": "fetch"})
    comment = Comment.objects.latest("pk")
    assert response.status_code == 201
    fragment = response.content.decode()
    assert f'id="comment-{comment.pk}"' in fragment
    assert "<html" not in fragment


def test_refusal_with_javascript_returns_the_form_with_text_and_reason(client, trusted, article):
    client.force_login(trusted)
    response = post(client, article, body="x" * 10_001, headers={"HTTP_X_REQUESTED_WITH": "fetch"})
    assert response.status_code == 400
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<form class="comment-form"')
    assert "at most 10,000 characters (this one has 10,001)" in fragment


@pytest.mark.parametrize("trusted_author", [True, False], ids=["posted", "held"])
def test_page_after_a_post_tells_the_browser_to_forget_the_draft(
    client, trusted, member, article, trusted_author
):
    """draft.js forgets a draft only when a page carries data-draft-sent with its key."""
    client.force_login(trusted if trusted_author else member)
    page = client.get(post(client, article).url, follow=True).content.decode()
    assert f'data-draft-sent="comment-{article.pk}"' in page
    assert f'data-draft-key="comment-{article.pk}"' in page


def test_the_form_says_before_posting_that_a_first_comment_waits_for_a_moderator(
    client, member, trusted, article
):
    note = "Your first comment is read by a moderator before it appears"
    client.force_login(member)
    assert note in client.get(article.get_absolute_url()).text
    client.force_login(trusted)
    page = client.get(article.get_absolute_url()).text
    assert 'class="comment-form"' in page and note not in page
