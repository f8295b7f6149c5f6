from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from accounts.identity import display_name_problem
from accounts.models import SkillEntry
from articles.models import Article
from articles.seed import ESSAY_SLUG
from comments.demo.build import MEMBER_PASSWORD, MODERATOR_PASSWORD
from comments.models import Comment, Flag, Reaction
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """`manage.py demo` run once, as `make demo` runs it (DEBUG on), for tests that only read
    what it made: it takes seconds. Rolled back after them, as `setUpTestData` is; each test
    still runs in its own savepoint. Returns what the command printed."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        out = StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


class TestTheDemoCommunity:
    def test_demo_fills_an_empty_database_with_a_living_community(self, demo):
        User = get_user_model()
        members = User.objects.filter(is_staff=False)
        assert 25 <= members.count() <= 40
        assert not EmailAddress.objects.filter(verified=False).exists()

        approved = Comment.objects.approved()
        weeks = {comment.created_at.isocalendar()[:2] for comment in approved}
        assert len(weeks) >= 3
        assert approved.filter(depth=3).exists()
        # At the depth cap a reply hangs beside the comment it answers.
        assert approved.filter(depth=3).exclude(reply_to=F("parent")).exists()
        assert Reaction.objects.filter(kind="helpful").count() > 50

        held = Comment.objects.pending()
        assert held.count() >= 2
        assert all(comment.moderation_reason for comment in held)
        flagged = Comment.objects.filter(flag_count__gt=0)
        assert flagged.count() == 1 and flagged.get().status == Comment.Status.APPROVED

        learned = SkillEntry.objects.filter(learned_at__isnull=False)
        assert learned.count() >= 10
        assert all(entry.started_learning_at < entry.learned_at for entry in learned)
        assert SkillEntry.objects.learning().filter(started_learning_at__isnull=False).count() >= 10

        follow_ups = Article.objects.published().filter(follow_up_of__slug=ESSAY_SLUG)
        assert follow_ups.count() >= 2
        assert all(article.tags.exists() and article.word_count > 200 for article in follow_ups)
        assert follow_ups.filter(series__isnull=False).count() >= 2

        moderator = User.objects.get(username="moderator")
        assert moderator.is_staff and moderator.check_password(MODERATOR_PASSWORD)
        assert moderator.has_perm("comments.change_comment")
        assert User.objects.get(username="amara").check_password(MEMBER_PASSWORD)
        assert "moderator / demo-moderator-password" in demo
        assert "/accounts/login/" in demo and "amara" in demo

    def test_demo_keeps_every_count_right(self, demo):
        for article in Article.objects.all():
            comments = Comment.objects.for_article(article)
            assert article.comment_count == comments.approved().count()
            assert article.thread_count == comments.thread_starts_shown().count()
        marks = Comment.objects.annotate(marks=Count("reactions"), flagged=Count("flags"))
        for comment in marks:
            assert comment.helpful_count == comment.marks
            assert comment.flag_count == comment.flagged
        assert not Reaction.objects.filter(user=F("comment__author")).exists()
        assert Flag.objects.count() == 2

    def test_demo_comments_are_distinct_and_posted_in_a_possible_order(self, demo):
        bodies = list(Comment.objects.values_list("body", flat=True))
        assert len(bodies) >= 40
        assert len(set(bodies)) == len(bodies)
        assert not any("lorem" in body.lower() for body in bodies)

        now = timezone.now()
        comments = Comment.objects.select_related("article", "reply_to", "author")
        for comment in comments:
            assert comment.article.published_at < comment.created_at < now
            assert comment.author.date_joined < comment.created_at
            if comment.reply_to:
                assert comment.reply_to.created_at < comment.created_at

    def test_demo_members_have_names_the_site_would_accept(self, demo):
        for user in get_user_model().objects.all():
            assert display_name_problem(user.display_name, user) is None, user.display_name

    def test_demo_community_shows_on_the_essay_the_skills_map_and_the_admin(self, demo, client):
        essay = Article.objects.get(slug=ESSAY_SLUG)
        page = client.get(essay.get_absolute_url())
        assert page.status_code == 200
        text = page.text
        assert f"{essay.comment_count} comments" in text
        assert "Amara Okafor" in text and "Knowing where that line sits" in text
        assert "Four weeks of answers" in text  # the follow-ups are linked
        assert "Hi all, new here" not in text  # a held comment waits for a moderator

        skills_map = client.get("/skills/")
        assert skills_map.status_code == 200
        assert "learning" in skills_map.text and "new learner" in skills_map.text
        assert "No member has listed these skills yet" not in skills_map.text

        member = client.get("/members/amara/")
        assert member.status_code == 200 and "Copywriter turned AI trainer" in member.text

        client.force_login(get_user_model().objects.get(username="moderator"))
        queue = client.get("/admin/comments/comment/?status__exact=pending")
        assert queue.status_code == 200 and "kwame-mensah" in queue.text


# On an empty database: outside the class above, whose demo is still there.
def test_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo", stdout=StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "make_content",
    [lambda: make_comment(), lambda: make_user(username="real-person")],
    ids=["a comment", "a member"],
)
def test_demo_refuses_a_database_with_content(settings, make_content):
    settings.DEBUG = True
    make_content()
    users, articles = get_user_model().objects.count(), Article.objects.count()
    with pytest.raises(CommandError, match="already has content"):
        call_command("demo", stdout=StringIO())
    assert get_user_model().objects.count() == users
    assert Article.objects.count() == articles
    assert Comment.objects.count() <= 1
