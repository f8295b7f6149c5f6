import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import SkillEntry
from articles.models import Article
from bench.management.commands.bench_data import Command as BenchData
from comments.models import MAX_DEPTH, Comment

pytestmark = pytest.mark.django_db


def test_bench_data_builds_threaded_discussions_and_profiles(capsys):
    call_command(BenchData(), comments=[30, 60], members=5, follow_ups=2)
    output = capsys.readouterr().out
    assert "Done in" in output and "90 comments on 2 article(s)" in output

    essay = Article.objects.get(slug="ai-and-the-gig-economy")
    copy = Article.objects.get(slug="ai-and-the-gig-economy-60")
    assert (essay.comment_count, copy.comment_count) == (30, 60)
    assert Comment.objects.for_article(essay).top_level().count() == 10
    assert max(Comment.objects.values_list("depth", flat=True)) == MAX_DEPTH
    for comment in Comment.objects.filter(depth__gt=1).select_related("parent"):
        assert comment.root_id == (comment.parent.root_id or comment.parent_id)
        assert 200 <= len(comment.body) <= 600
    per_member = [SkillEntry.objects.filter(user__username=f"bench-{n}").count() for n in range(5)]
    assert all(3 <= count <= 8 for count in per_member)
    assert Article.objects.filter(slug__startswith="follow-up-").count() == 2
    # Covers everywhere, two inline images in each follow-up, as the editors' path makes them.
    assert not Article.objects.filter(cover={}).exists()
    for follow_up in Article.objects.filter(slug__startswith="follow-up-"):
        assert follow_up.body_html.count('<img src="/media/articles/') == 2


def test_bench_data_is_safe_to_run_twice():
    call_command(BenchData(), comments=[12], members=3, follow_ups=1)
    call_command(BenchData(), comments=[12], members=3, follow_ups=1)
    assert Comment.objects.count() == 12


@pytest.mark.postgres
def test_bench_data_leaves_postgresql_with_statistics_to_plan_with():
    call_command(BenchData(), comments=[30], members=3, follow_ups=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'comments_comment'")
        (estimated_rows,) = cursor.fetchone()
    # What the planner believes the table holds: unknown (-1) until it is analyzed.
    assert estimated_rows == 30
