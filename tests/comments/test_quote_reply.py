"""Quote-reply without JavaScript: the Quote link opens the reply form with the whole comment
quoted, linking to it; a hidden comment is never offered or quoted."""

from html import escape

import pytest
from django.utils import timezone

from accounts.deletion import anonymise_member
from comments.quoting import quoted
from tests.factories import make_comment, make_member, make_user

pytestmark = pytest.mark.django_db


def test_quote_opens_the_reply_form_with_the_comment_quoted(client, article):
    source = make_comment(make_user(username="ana"), article, body="First line.\n\nSecond *line*.")
    client.force_login(make_member())
    page = client.get(article.get_absolute_url(), {"reply_to": source.pk, "quote": "1"}).text
    expected = f"> [@ana](/comments/{source.pk}/) wrote:\n>\n> First line.\n>\n> Second *line*.\n\n"
    assert quoted(source) == expected
    assert escape(expected, quote=False) in page
    assert f'name="reply_to" value="{source.pk}"' in page


def test_the_thread_offers_quote_only_on_public_comments(client, article):
    start = make_comment(make_user(), article, body="Gone now.", status="removed")
    reply = make_comment(make_user(), reply_to=start, body="Still here.")
    page = client.get(article.get_absolute_url()).text
    assert f'href="?reply_to={reply.pk}&amp;quote=1#reply" data-quote="{reply.pk}"' in page
    assert f"reply_to={start.pk}&amp;quote=1" not in page


@pytest.mark.parametrize("status", ["pending", "removed", "rejected"])
def test_a_forged_quote_of_a_hidden_comment_is_ignored(client, article, status):
    hidden = make_comment(make_user(), article, body="Secret words.", status=status)
    client.force_login(make_member())
    answer = client.get(article.get_absolute_url(), {"reply_to": hidden.pk, "quote": "1"})
    assert answer.status_code == 200 and "Secret words." not in answer.text


def test_a_quote_of_a_deleted_member_names_them_as_the_site_does(article):
    author = make_user()
    source = make_comment(author, article, body="Words.")
    anonymise_member(author, now=timezone.now())
    source.author.refresh_from_db()
    assert quoted(source).startswith(f"> [[deleted member]](/comments/{source.pk}/) wrote:")
