"""Reading the discussion: threads, pages, permalinks, sorting, filters, cache, query counts."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from accounts.changes import members_appearance_changed
from accounts.models import Skill
from comments import services
from comments.models import Comment
from comments.thread import THREADS_PER_PAGE, render_comment
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def discussion(client, article, query=""):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="discussion"') :]


def test_replies_nest_to_depth_three_and_deeper_ones_say_whom_they_answer(client, article):
    alice = make_user(username="alice", display_name="Alice")
    top = make_comment(article=article, author=alice)
    second = make_comment(reply_to=top)
    third = make_comment(reply_to=second, author=make_user(username="bea", display_name="Bea"))
    fourth = make_comment(reply_to=third)
    assert (second.depth, third.depth, fourth.depth) == (2, 3, 3)
    assert fourth.parent == second and fourth.reply_to == third
    page = discussion(client, article)
    assert "replying to <a" in page and "@bea" in page
    assert page.count('<ol class="replies">') == 2
    assert ", in reply to Alice" in page


def test_each_comment_shows_author_link_avatar_chips_time_and_anchor(client, article):
    author = make_user(
        username="sam",
        display_name="Sam Okafor",
        skill_chips=[
            {"name": "Prompt engineering", "slug": "prompt-engineering", "learning": False},
            {"name": "AI ethics", "slug": "ai-ethics", "learning": True},
        ],
    )
    comment = make_comment(article=article, author=author)
    page = discussion(client, article)
    assert f'id="comment-{comment.pk}"' in page
    assert '<a class="comment-author" id=' in page and 'href="/members/sam/">Sam Okafor</a>' in page
    assert f'class="avatar {author.avatar_class}"' in page and ">SO</span>" in page
    assert "Prompt engineering" in page
    assert 'chip chip-learning">AI ethics' in page
    assert f'datetime="{comment.created_at.isoformat(timespec="seconds")}" data-relative' in page
    assert f'formaction="/comments/{comment.pk}/helpful/"' in page


def test_names_and_skills_people_wrote_are_escaped_wherever_the_thread_shows_them(article, client):
    hostile = '<img src=x onerror=alert(1)> & "Co"'
    skill = Skill.objects.create(name=f"Skill {hostile}", slug="hostile-skill", status="approved")
    author = make_user(
        username="mal",
        display_name=f"Mal {hostile}",
        skill_chips=[{"name": f"Chip {hostile}", "slug": "chip", "learning": True}],
    )
    top = make_comment(article=article, author=author, skills=[skill])
    second = make_comment(reply_to=top)
    third = make_comment(reply_to=second, author=author)
    make_comment(reply_to=third)  # hung under `second`: "replying to @mal"
    escaped = "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34;"
    for html in (discussion(client, article), render_comment(third)):
        assert "<img" not in html and '"Co"' not in html
        assert f"Mal {escaped}</a>" in html
        assert f'aria-label="Skills of Mal {escaped}"' in html
        assert f"Chip {escaped}<span" in html
    page = discussion(client, article)
    assert f"Skill {escaped}</a>" in page
    assert f", in reply to Mal {escaped}</span>" in page


def test_long_branches_fold_behind_show_more_replies(client, article):
    top = make_comment(article=article)
    for _ in range(5):
        make_comment(reply_to=top)
    page = discussion(client, article)
    assert "<summary>Show 2 more replies</summary>" in page


def test_deleted_comment_with_replies_stays_as_deleted_and_without_replies_disappears(
    client, article
):
    with_reply = make_comment(article=article, body="Parent text survives?")
    make_comment(reply_to=with_reply, body="The reply stays.")
    alone = make_comment(article=article, body="Lonely comment.")
    now = timezone.now()
    services.delete_comment(with_reply, by=with_reply.author, now=now)
    services.delete_comment(alone, by=alone.author, now=now)
    page = discussion(client, article)
    assert "[deleted]" in page
    assert "The reply stays." in page
    assert "Parent text survives?" not in page
    assert "Lonely comment." not in page
    assert Comment.objects.filter(pk__in=[with_reply.pk, alone.pk]).count() == 2


def test_only_the_author_may_delete_and_moderators_read_why_it_went(article):
    comment = make_comment(article=article, body="Mine.")
    now = timezone.now() + timedelta(minutes=1)
    with pytest.raises(services.Refused) as refused:
        services.delete_comment(comment, by=make_user(), now=now)
    assert refused.value.message == "Only the author can delete this comment."
    assert refused.value.status == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    services.delete_comment(comment, by=comment.author, now=now)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert comment.moderation_reason == "Deleted by its author."
    # The discussion's version is the deletion's time, so cached threads are built again.
    article.refresh_from_db()
    assert article.comments_changed_at == now


def test_pages_hold_fifty_threads_and_permalinks_reach_later_pages(client, article):
    base = timezone.now() - timedelta(days=1)
    threads = []
    for n in range(THREADS_PER_PAGE + 3):
        comment = make_comment(article=article, body=f"Thread number {n}.")
        Comment.objects.filter(pk=comment.pk).update(created_at=base + timedelta(minutes=n))
        threads.append(comment)
    late_reply = make_comment(reply_to=threads[-1], body="Reply on page two.")
    response = client.get(late_reply.get_absolute_url())
    assert response.url == f"{article.get_absolute_url()}?page=2#comment-{late_reply.pk}"
    page_two = discussion(client, article, "?page=2")
    assert "Reply on page two." in page_two
    assert "Thread number 0." not in page_two
    assert "Page 2 of 2" in page_two


@pytest.mark.parametrize(
    "query", ["?page=-3", "?page=abc", "?page=999", "?sort=bogus", "?skill=zz"]
)
def test_bad_page_sort_or_skill_falls_back_cleanly(client, article, query):
    make_comment(article=article, body="Still readable.")
    assert "Still readable." in discussion(client, article, query)


def test_helpful_marks_count_once_never_own_and_sort_the_most_helpful_first(client, article):
    plain = make_comment(article=article, body="Plain answer.")
    useful = make_comment(article=article, body="Very useful answer.")
    readers = [make_user() for _ in range(2)]
    for reader in readers:
        client.force_login(reader)
        client.post(f"/comments/{useful.pk}/helpful/")
    # A second press takes the mark back; a third gives it again.
    client.post(f"/comments/{useful.pk}/helpful/")
    useful.refresh_from_db()
    assert useful.helpful_count == 1
    client.post(f"/comments/{useful.pk}/helpful/")
    client.force_login(useful.author)
    own = client.post(f"/comments/{useful.pk}/helpful/")
    assert own.status_code == 400 and "your own comment" in own.content.decode()
    useful.refresh_from_db()
    assert useful.helpful_count == 2
    page = discussion(client, article, "?sort=helpful")
    assert page.index("Very useful answer.") < page.index("Plain answer.")
    newest = discussion(client, article, "?sort=newest")
    assert newest.index("Very useful answer.") < newest.index("Plain answer.")
    oldest = discussion(client, article)
    assert oldest.index("Plain answer.") < oldest.index("Very useful answer.")
    assert plain.helpful_count == 0


def test_skill_filter_shows_only_threads_about_that_skill(client, article):
    skill = Skill.objects.get(slug="prompt-engineering")
    tagged = make_comment(article=article, body="About prompts.")
    tagged.skills.add(skill)
    make_comment(article=article, body="About something else.")
    page = discussion(client, article, "?skill=prompt-engineering")
    assert "About prompts." in page
    assert "About something else." not in page
    assert "Showing threads about <strong>Prompt engineering</strong>" in page


def test_shared_thread_html_holds_nothing_per_user(client, article):
    """The thread is the same bytes for every reader (one cached copy serves all), and
    carries no token or name of whoever asked first."""
    make_comment(article=article, body="Shared words.")

    def thread_seen_by(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = discussion(client, article)
        start, end = page.index('<p class="comment-count">'), page.index('<p id="comment-status"')
        return page, page[start:end]

    page, first = thread_seen_by(make_user(username="reader"))
    assert "csrfmiddlewaretoken" not in first and "reader" not in first
    assert 'id="comment-actions" method="post"' in page  # the one per-page form, outside
    _, second = thread_seen_by(make_user(username="another"))
    _, anonymous = thread_seen_by(None)
    assert first == second == anonymous


def test_cached_thread_changes_when_a_comment_changes_state(
    client, article, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(article=article, body="Held text.", status="pending")
    assert "Held text." not in discussion(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            Comment.objects.filter(pk=comment.pk),
            status=Comment.Status.APPROVED,
            moderator=moderator,
            now=timezone.now(),
        )
    article.refresh_from_db()
    assert "Held text." in discussion(client, article)
    assert article.comment_count == 1


def test_cached_thread_changes_when_a_member_renames_themselves(
    client, article, django_capture_on_commit_callbacks
):
    author = make_user(display_name="Old Name")
    make_comment(article=article, author=author)
    assert "Old Name" in discussion(client, article)
    author.display_name = "New Name"
    with django_capture_on_commit_callbacks(execute=True):
        author.save()
        members_appearance_changed([author.pk])
    assert "New Name" in discussion(client, article)


@pytest.mark.parametrize("cache_threads", [True, False])
def test_article_page_query_count_does_not_grow_with_comments(
    client, article, settings, django_assert_max_num_queries, cache_threads
):
    if not cache_threads:
        settings.CACHES = {
            **settings.CACHES,
            "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        }
    reader = make_user()
    members = [make_user() for _ in range(5)]

    def fill(count):
        made = []
        for n in range(count):
            target = made[n // 3] if n % 3 else None
            if target is not None:
                made.append(make_comment(reply_to=target, author=members[n % 5]))
            else:
                made.append(make_comment(article=article, author=members[n % 5]))
        return made

    client.force_login(reader)
    counts = {}
    for total in (10, 490):
        fill(total)
        article.comments_changed_at = timezone.now()
        article.save(update_fields=["comments_changed_at"])
        # Each time with the cache cold: session, member, article, the articles' version,
        # the article's own part (tags three times, follow-ups), the member's verified
        # email, the form's skills, the member's own comments, whether their first comment
        # would be held (a pinned level, then their record: 2), what the member marked
        # helpful and flagged here (2), whether they follow the discussion, their unread
        # notifications, and the thread's four.
        cache.clear()
        caches["fragments"].clear()
        with django_assert_max_num_queries(20) as captured:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        counts[total] = len(captured)
    assert counts[10] == counts[490]
    html = response.content.decode()
    assert len(re.findall(r'<li class="comment" id=', html)) > 300


def test_permalink_of_a_hidden_comment_is_404(client, article):
    comment = make_comment(article=article, status="pending")
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_feed_lists_approved_comments_only(client, article):
    make_comment(article=article, body="Public **insight**.")
    make_comment(article=article, body="Held text.", status="pending")
    response = client.get(f"/feeds/articles/{article.slug}/comments/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Public &lt;strong&gt;insight&lt;/strong&gt;." in body
    assert "Held text." not in body


def test_times_are_valid_html_datetimes_without_fractions_of_a_second(client, article):
    """HTML allows at most three digits of a second; the database keeps six."""
    make_comment(article=article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.findall(r'datetime="([^"]+)"', page)
    for value in re.findall(r'datetime="([^"]+)"', page):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)", value), value


def test_comments_show_the_username_beside_the_name_and_a_deleted_member_without_a_link(
    client, article
):
    from accounts.deletion import anonymise_member

    dana = make_user(username="dana", display_name="Dana Q. Tester")
    copycat = make_user(username="copycat", display_name="Dana Q. Tester")
    leaving = make_user(username="leaving", display_name="Lee Ving")
    first = make_comment(article=article, author=dana)
    make_comment(article=article, author=copycat)
    parent = make_comment(article=article, author=leaving)
    make_comment(reply_to=parent, author=dana)
    anonymise_member(leaving, now=timezone.now())
    page = discussion(client, article)
    assert "@dana</span>" in page and "@copycat</span>" in page
    assert page.count("Dana Q. Tester</a>") == 3
    assert "[deleted member]</span>" in page and "Lee Ving" not in page
    assert "/members/deleted-" not in page and "deleted-" not in page.replace("[deleted", "")
    assert f'id="comment-{first.pk}"' in page


def test_the_members_stylesheet_picks_their_controls_and_nobody_elses(client):
    """comments/mine.css shows Edit and Delete on the member's comments and hides Helpful and
    Flag there; for anyone else, or another member's address, it is empty."""
    member = make_user(username="amara")
    assert client.get("/comments/mine.css?member=amara").content == b""
    client.force_login(member)
    response = client.get("/comments/mine.css?member=amara")
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert 'li.comment[data-author="amara"] > article .own-only { display: revert; }' in css
    assert 'li.comment[data-author="amara"] > article .others-only { display: none; }' in css
    assert "private" in response["Cache-Control"]
    assert client.get("/comments/mine.css?member=kofi").content == b""


def test_an_empty_discussion_says_so_and_invites_the_reader_in(client, article):
    page = discussion(client, article)
    assert '<p class="comment-empty">No comments yet.</p>' in page
    invitation = '>Sign in</a> or <a href="/accounts/signup/">join</a> to share what you are doing.'
    assert invitation in page
