"""What each change touches and purges, and nothing more: a series, the tags an article
carries or an author's name touch the articles that show it (their `updated_at`, which the
cached fragments follow) and purge the pages that list articles; a member's new name moves
on the discussions they took part in (`comments_changed_at`) and purges those pages. The
purges go out once the change commits (articles.signals, comments.signals,
accounts.changes)."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from accounts.changes import members_appearance_changed
from articles import signals
from articles.models import ARTICLES_TAG, Article
from tests.factories import make_article, make_comment, make_series, make_tag, make_user
from tests.purge_recorder import purged

pytestmark = pytest.mark.django_db


@pytest.fixture
def an_hour_later(django_capture_on_commit_callbacks):
    """The change is made an hour after the articles were, with the clock standing, and
    commits; the block gets the time of the change."""

    @contextmanager
    def change():
        later = timezone.now() + timedelta(hours=1)
        with (
            time_machine.travel(later, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            yield later

    return change


def touched(*articles: Article) -> list[bool]:
    """For each article, whether the change moved its `updated_at`."""
    return [Article.objects.get(pk=a.pk).updated_at > a.updated_at for a in articles]


def test_renaming_a_series_touches_its_articles_alone_and_purges_the_lists(purges, an_hour_later):
    series = make_series()
    part_one = make_article(series=series, series_position=1)
    elsewhere = make_article()
    purges.clear()
    with an_hour_later():
        series.title = "Pricing your work, in three parts"
        series.save()
    assert touched(part_one, elsewhere) == [True, False]
    assert ARTICLES_TAG in purged(purges)


def test_tagging_an_article_touches_it_alone_and_purges_the_lists(purges, an_hour_later):
    tag, tagged, untagged = make_tag(), make_article(), make_article()
    purges.clear()
    with an_hour_later():
        tagged.tags.add(tag)
    assert touched(tagged, untagged) == [True, False]
    assert ARTICLES_TAG in purged(purges)


def test_taking_an_article_out_of_a_tag_touches_only_the_one_that_left(purges, an_hour_later):
    tag, leaving, staying = make_tag(), make_article(), make_article()
    tag.articles.add(leaving, staying)
    leaving.refresh_from_db()
    staying.refresh_from_db()
    purges.clear()
    with an_hour_later():
        tag.articles.remove(leaving)
    assert touched(leaving, staying) == [True, False]
    assert ARTICLES_TAG in purged(purges)


def test_clearing_a_tag_touches_every_article_it_had(purges, an_hour_later):
    tag, first, second, untagged = make_tag(), make_article(), make_article(), make_article()
    tag.articles.add(first, second)
    first.refresh_from_db()
    second.refresh_from_db()
    purges.clear()
    with an_hour_later():
        tag.articles.clear()
    assert touched(first, second, untagged) == [True, True, False]
    assert ARTICLES_TAG in purged(purges)


def test_renaming_an_author_touches_their_bylines_and_purges_the_lists(purges, an_hour_later):
    author = make_user(display_name="The Editor", is_staff=True)
    theirs, someone_elses = make_article(author=author), make_article(author=make_user())
    purges.clear()
    with an_hour_later():
        author.display_name = "The Features Editor"
        author.save()
        members_appearance_changed([author.pk])
    assert touched(theirs, someone_elses) == [True, False]
    assert ARTICLES_TAG in purged(purges)


def test_renaming_a_member_who_wrote_no_article_leaves_the_lists_cached(purges, an_hour_later):
    article, reader = make_article(), make_user(display_name="Sam")
    purges.clear()
    with an_hour_later():
        reader.display_name = "Sam K."
        reader.save()
        members_appearance_changed([reader.pk])
    assert touched(article) == [False]
    assert f"member-{reader.pk}" in purged(purges)
    assert ARTICLES_TAG not in purged(purges)


def test_a_renamed_member_moves_on_exactly_the_discussions_they_took_part_in(purges, an_hour_later):
    member = make_user(display_name="Dana")
    theirs, others_only, silent = make_article(), make_article(), make_article()
    make_comment(article=theirs, author=member)
    make_comment(article=others_only)
    before = versions(theirs, others_only, silent)
    purges.clear()
    with an_hour_later() as renamed_at:
        member.display_name = "Dana R."
        member.save()
        members_appearance_changed([member.pk])
    assert versions(theirs, others_only, silent) == [renamed_at, *before[1:]]
    # Their page, the skills map and search results show their name; of the discussions,
    # only the one they took part in.
    assert purged(purges) == {theirs.cache_tag, f"member-{member.pk}", "skills", "search"}


def versions(*articles: Article) -> list:
    """The version of each article's cached discussion."""
    return [Article.objects.get(pk=a.pk).comments_changed_at for a in articles]


@pytest.mark.parametrize("change", ["correct", "delete"])
def test_an_article_corrected_or_deleted_leaves_its_page_and_the_lists(
    purges, change, django_capture_on_commit_callbacks
):
    article = make_article()
    tag = article.cache_tag
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "correct":
            article.body += "\nA correction: the survey had 2,000 answers."
            article.save()
        else:
            article.delete()
    assert {ARTICLES_TAG, tag} <= purged(purges)


def test_a_new_title_saves_even_when_its_social_card_cannot_be_queued(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """The card is drawn by the worker after the save commits; the queue being down costs
    the card, never the editor's change or what follows it."""

    class QueueDown:
        def enqueue(self, pk):
            raise ConnectionError("the task queue is down")

    monkeypatch.setattr(signals, "make_social_card", QueueDown())
    article, after = make_article(), []
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "What changed in a year of AI gig work"
        article.save()
        transaction.on_commit(lambda: after.append("ran"))
    assert Article.objects.get(pk=article.pk).title == "What changed in a year of AI gig work"
    assert after == ["ran"]
    assert "the task queue is down" in caplog.text
