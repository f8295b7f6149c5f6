"""A comment's edit history is visible: the "edited" marker opens every version, newest
first, with the words added and removed; readers see public comments' history, moderators
every comment's, and what members typed is shown as text, never as markup."""

from datetime import timedelta

import pytest

from comments import services
from comments.history import word_changes
from tests.factories import make_comment, make_member

pytestmark = pytest.mark.django_db


def edited(comment, *bodies):
    for minutes, body in enumerate(bodies, start=1):
        services.edit_comment(
            comment, editor=comment.author, body=body,
            now=comment.created_at + timedelta(minutes=minutes),
        )  # fmt: skip
    return comment


def test_the_edited_marker_opens_every_version_with_what_changed(client, article):
    comment = make_comment(make_member(), article, body="I earn 20 dollars an hour.")
    edited(comment, "I earn 35 dollars an hour now.")
    thread = client.get(article.get_absolute_url()).text
    assert f'<a class="comment-edited" href="/comments/{comment.pk}/history/">edited' in thread
    page = client.get(f"/comments/{comment.pk}/history/").text
    assert "edited 1 time." in page
    assert "Version 2 (current)" in page and "Version 1" in page
    marked = "I earn <del>20</del><ins>35</ins> dollars an <del>hour.</del><ins>hour now.</ins>"
    assert marked in page
    assert page.index("Version 2") < page.index("Version 1")


def test_words_added_and_removed_are_marked():
    assert word_changes("one two three", "one 2 three four") == [
        ("same", "one "),
        ("removed", "two"),
        ("added", "2"),
        ("same", " three"),
        ("added", " four"),
    ]


def test_what_members_typed_is_shown_as_text(client, article):
    comment = make_comment(make_member(), article, body="Plain.")
    edited(comment, 'Now <script>alert("x")</script> and <b>bold</b>.')
    page = client.get(f"/comments/{comment.pk}/history/").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_a_hidden_comments_history_is_for_its_author_only(client, article, moderator):
    author = make_member()
    comment = edited(make_comment(author, article, body="First."), "Second.")
    type(comment).objects.filter(pk=comment.pk).update(status="rejected")
    url = f"/comments/{comment.pk}/history/"
    assert client.get(url).status_code == 404
    client.force_login(make_member())
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert "not public" in client.get(url).text
    client.force_login(moderator)  # moderators read it in the admin, not on the site
    assert client.get(url).status_code == 404
    assert client.get("/comments/999999/history/").status_code == 404


def test_an_unedited_comment_has_one_version(client, article):
    comment = make_comment(make_member(), article, body="Never changed.")
    page = client.get(f"/comments/{comment.pk}/history/").text
    assert "edited 0 times." in page and "Version 1 (current)" in page
    assert "Version 2" not in page


def test_text_that_was_never_public_stays_out_of_the_history(client, article):
    author = make_member()
    held = make_comment(author, article, body="My unmoderated first draft.", status="pending")
    edited(held, "The text a moderator approved.")
    type(held).objects.filter(pk=held.pk).update(status="approved")
    page = client.get(f"/comments/{held.pk}/history/").text
    assert "unmoderated first draft" not in page and "Version 1 (current)" in page
    client.force_login(author)  # their own words, all of them
    assert "unmoderated first draft" in client.get(f"/comments/{held.pk}/history/").text
