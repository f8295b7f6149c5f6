"""@mentions: "@username" links to the member's page when the comment is rendered (one
query however many names), and a public comment tells the members it names, within the
rules of comments.mentions."""

import io
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import models as accounts_models
from accounts.deletion import anonymise_member
from accounts.mentions import member_pages
from accounts.models import User
from comments import closed_accounts, services
from comments.models import Comment, Notification
from core import markdown
from core.markdown import Profile, render
from tests.factories import make_comment, make_member, make_user

pytestmark = pytest.mark.django_db
MENTION = Notification.Kind.MENTION


def linked(text: str) -> str:
    return render(text, Profile.COMMENT, mention_resolver=member_pages).html


def mention_link(username: str) -> str:
    attributes = f'href="/members/{username}/" class="mention" rel="nofollow ugc noopener"'
    return f"<a {attributes}>@{username}</a>"


# The pipeline


def test_core_repeats_the_username_pattern_of_accounts():
    assert markdown.MENTIONABLE_NAME.pattern in accounts_models.USERNAME_PATTERN
    field = accounts_models.User._meta.get_field("username")
    assert field.max_length == markdown.MENTIONABLE_LENGTH


def test_a_mention_links_to_the_member_page_and_punctuation_stays_outside():
    make_user(username="ana")
    make_user(username="kofi-m")
    html = linked("Thanks @ana, and (@kofi-m)! Ask @ana. Or @ana_, @kofi-m-")
    assert html == (
        f"<p>Thanks {mention_link('ana')}, and ({mention_link('kofi-m')})! "
        f"Ask {mention_link('ana')}. Or {mention_link('ana')}_, {mention_link('kofi-m')}-</p>\n"
    )


@pytest.mark.parametrize(
    "run, name",
    [("ana", "ana"), ("ana-_", "ana"), ("kofi-m", "kofi-m"), ("a" * 30, "a" * 30),
     ("a" * 31, None), ("Ana", None), ("anaX", None), ("an.a", None), ("-_", None)],
)  # fmt: skip
def test_the_name_an_at_sign_run_gives(run, name):
    """Trailing "-" and "_" are punctuation; what no username could be names nobody."""
    assert markdown.mention_name(run) == name


def test_mentions_in_code_links_and_addresses_stay_as_written():
    make_user(username="ana")
    html = linked(
        "`@ana` and [ask @ana](https://example.com) and ana@example.com and x/@ana\n\n"
        "    @ana in code\n"
    )
    assert 'class="mention"' not in html
    assert "<code>@ana</code>" in html and "ask @ana</a>" in html
    assert 'href="mailto:ana@example.com"' in html


def test_a_mention_after_a_link_in_the_same_paragraph_links():
    make_user(username="ana")
    html = linked("[ask @ana](https://example.com), then @ana")
    assert html.endswith(f"then {mention_link('ana')}</p>\n")
    assert "ask @ana</a>" in html


def test_a_mention_keeps_the_rest_of_its_paragraph_as_written():
    make_user(username="ana")
    html = linked("Thanks **a lot**, @ana, and *you*")
    mention = mention_link("ana")
    assert html == f"<p>Thanks <strong>a lot</strong>, {mention}, and <em>you</em></p>\n"


def test_unknown_deleted_and_inactive_members_stay_plain_text():
    gone = make_user(username="gone")
    make_user(username="idle", is_active=False)
    anonymise_member(gone, now=timezone.now())
    html = linked("@nobody @gone @idle @Ana @" + "a" * 31)
    assert "<a" not in html
    assert html.startswith("<p>@nobody ")


def test_mentions_are_not_links_the_policy_counts():
    make_user(username="ana")
    assert render("@ana", Profile.COMMENT, mention_resolver=member_pages).link_count == 0


def test_five_hundred_names_resolve_in_one_query():
    for n in range(3):
        make_user(username=f"real{n}")
    text = " ".join(f"@name{n}" for n in range(500)) + " @real0 @real1 @real2"
    with CaptureQueriesContext(connection) as queries:
        rendered = render(text, Profile.COMMENT, mention_resolver=member_pages)
    assert len(queries) == 1
    assert rendered.mentions == ("real0", "real1", "real2")


def test_other_profiles_and_a_render_without_resolver_link_nobody():
    make_user(username="ana")
    assert "<a" not in render("@ana", Profile.COMMENT).html
    for profile in (Profile.BIO, Profile.ARTICLE):
        rendered = render("@ana", profile, mention_resolver=member_pages)
        assert (rendered.html, rendered.mentions) == ("<p>@ana</p>\n", ())
    assert render("@ana", Profile.COMMENT).mentions == ()


# Who is told


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def post(article, author, body, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            comment, _ = services.post_comment(
                author=author, article=article, body=body, idempotency_key=uuid.uuid4(),
                now=timezone.now(), **extra,
            )  # fmt: skip
        return comment

    return post


def told(comment) -> list[str]:
    """Whose inboxes show the comment's mention of them."""
    return sorted(
        Notification.objects.shown()
        .filter(comment=comment, kind=MENTION)
        .values_list("recipient__username", flat=True)
    )


def test_a_public_comment_tells_each_member_it_mentions_once_and_emails_who_wants_it(
    post, article, mailoutbox
):
    ana = make_user(username="ana")
    make_user(username="bo", notify_on_mention=False)
    comment = post(article, make_member(display_name="Rosa"), "Ask @ana and @bo, @ana knows.")
    assert told(comment) == ["ana", "bo"]
    statuses = dict(
        Notification.objects.filter(comment=comment).values_list("recipient__username", "status")
    )
    assert statuses == {"ana": "sent", "bo": "skipped"}
    [email] = [m for m in mailoutbox if "mentioned you" in m.subject]
    assert email.to == [ana.email] and email.subject.endswith(
        f"Rosa mentioned you on “{article.title}”"
    )
    assert "Rosa mentioned you in a comment" in email.body and comment.body in email.body


def test_the_author_is_never_told_of_their_own_mention(post, article):
    author = make_member(username="self")
    assert told(post(article, author, "As @self said before.")) == []


def test_a_held_comment_tells_nobody_until_a_moderator_approves_it(post, article, moderator):
    make_user(username="ana")
    held = post(article, make_user(), "Hello @ana")  # a new member: held
    assert held.status == Comment.Status.PENDING and told(held) == []
    services.moderate(
        Comment.objects.filter(pk=held.pk), status="approved", moderator=moderator,
        now=timezone.now(),
    )  # fmt: skip
    assert told(held) == ["ana"]


def test_only_the_first_members_up_to_the_limit_are_told_but_all_are_linked(
    post, article, settings
):
    settings.COMMENTS_MENTION_LIMIT = 2
    for name in ("one", "two", "three"):
        make_user(username=name)
    comment = post(article, make_member(), "@three @one @two")
    assert told(comment) == ["one", "three"]
    assert comment.body_html.count('class="mention"') == 3


def test_five_hundred_mentions_tell_only_the_limit(post, article, settings):
    for n in range(8):
        make_user(username=f"m{n}")
    body = " ".join(f"@m{n % 8}" for n in range(500))
    comment = post(article, make_member(), body)
    assert len(told(comment)) == settings.COMMENTS_MENTION_LIMIT == 5


def test_an_edit_tells_new_names_once_within_the_limit(post, article, settings):
    settings.COMMENTS_MENTION_LIMIT = 2
    for name in ("ana", "bo", "cy"):
        make_user(username=name)
    author = make_member()
    comment = post(article, author, "Hi @ana")
    services.edit_comment(comment, editor=author, body="Hi @ana and @bo", now=timezone.now())
    services.edit_comment(comment, editor=author, body="@ana @bo @cy", now=timezone.now())
    assert told(comment) == ["ana", "bo"]
    assert Notification.objects.filter(comment=comment, kind=MENTION).count() == 2


def test_the_member_replied_to_is_told_once_by_the_reply(post, article):
    asker = make_user(username="asker")
    question = make_comment(asker, article)
    answer = post(article, make_member(), "@asker here is how.", reply_to=question)
    kinds = list(Notification.objects.filter(recipient=asker).values_list("kind", flat=True))
    assert kinds == [Notification.Kind.REPLY] and told(answer) == []


def test_mentions_are_withdrawn_when_the_comment_is_taken_down(post, article, moderator):
    make_user(username="ana")
    comment = post(article, make_member(), "Hi @ana")
    services.moderate(
        Comment.objects.filter(pk=comment.pk), status="rejected", moderator=moderator,
        now=timezone.now(), removal_reason="off-topic",
    )  # fmt: skip
    assert told(comment) == []


def test_rerendering_keeps_mentions_linked():
    make_user(username="ana")
    comment = make_comment(make_member(), body="Hi @ana")
    Comment.objects.filter(pk=comment.pk).update(body_html="stale")
    call_command("rerender", "comments.Comment", stdout=io.StringIO())
    comment.refresh_from_db()
    assert re.search(r'href="/members/ana/" class="mention"', comment.body_html)


def test_a_closed_accounts_mentions_become_plain_text_in_the_thread(
    post, article, client, django_capture_on_commit_callbacks
):
    dana = make_user(username="dana")
    make_user(username="ana")
    comment = post(article, make_member(), "Thanks @dana and @ana!")
    page = article.get_absolute_url()
    assert mention_link("dana") in client.get(page).text

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_member(dana, now=timezone.now())

    comment.refresh_from_db()
    assert "@dana" in comment.body_html and mention_link("dana") not in comment.body_html
    assert mention_link("ana") in comment.body_html
    # The discussion's cached thread was rendered again: readers see the name unlinked.
    shown = client.get(page).text
    assert "Thanks @dana and" in shown and 'href="/members/dana/"' not in shown


def test_unlinking_touches_only_comments_that_link_a_closed_account():
    dana, _ = make_user(username="dana"), make_user(username="danae")
    other = make_comment(make_member(), body="Hi @danae")
    assert mention_link("danae") in other.body_html
    Comment.objects.filter(pk=other.pk).update(body_html=other.body_html + "<!-- as stored -->")
    anonymise_member(dana, now=timezone.now())
    other.refresh_from_db()
    assert other.body_html.endswith("<!-- as stored -->")


def test_an_edit_made_while_unlinking_is_kept():
    """The worker renders the text it read; if the author edited meanwhile, the edit wins."""
    dana = make_user(username="dana")
    comment = make_comment(make_member(), body="Ask @dana")
    User.objects.filter(pk=dana.pk).update(username="deleted-x")
    read_before_the_edit = Comment.objects.get(pk=comment.pk)
    Comment.objects.filter(pk=comment.pk).update(body="Edited", body_html="<p>Edited</p>\n")
    assert closed_accounts._unlink([read_before_the_edit]) == 0
    comment.refresh_from_db()
    assert comment.body_html == "<p>Edited</p>\n"


def test_accounts_closed_before_names_were_retired_are_caught_up():
    dana = make_user(username="dana")
    comment = make_comment(make_member(), body="Ask @dana")
    # Closed the old way: renamed, nothing retired, the links left in place.
    User.objects.filter(pk=dana.pk).update(username=f"deleted-{dana.pk}")
    out = io.StringIO()
    call_command("unlink_closed_accounts", stdout=out)
    comment.refresh_from_db()
    assert mention_link("dana") not in comment.body_html
    assert accounts_models.RetiredUsername.is_retired("dana")
    assert "1 comments with mentions checked, 1 unlinked" in out.getvalue()
    assert "Done: 1 comments unlinked" in out.getvalue()
