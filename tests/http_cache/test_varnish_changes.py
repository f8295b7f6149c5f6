"""Through a real Varnish in front of the real app: each change a member, a moderator or
an editor makes is visible to an anonymous reader within a second of its commit."""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.deletion import anonymise_member
from accounts.models import Skill
from articles.models import Article
from comments import services
from comments.models import Comment
from tests.factories import (
    make_article,
    make_comment,
    make_profile,
    make_series,
    make_skill_entry,
    make_tag,
    make_user,
)
from tests.http_cache.conftest import Response, Varnish
from tests.http_cache.readers import FRESH_WITHIN, assert_cached, first_fresh_read, post_as, words

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]


# ---------------------------------------------------------------------------------------
# Purges: each change is visible to an anonymous reader within a second of its commit


@dataclass
class Change:
    """What a reader sees change: on each page `gone` disappears and `shown` appears."""

    pages: list[str]
    make: Callable[[], object]
    shown: str | None = None
    gone: str | None = None


@dataclass
class Community:
    varnish: Varnish
    settings: object
    article: Article
    tag: object
    series: object
    writer: object  # a member whose comments are published without being held
    staff: object

    def post(self, user, path: str, data: dict, *, expect: int = 302) -> Response:
        answer = post_as(self.varnish, user, path, data)
        assert answer.status == expect, (path, answer, errors_in(answer.text))
        return answer

    def bulk_action(self, changelist: str, action: str, pk: int, **extra):
        """A staff member's admin bulk action (it sends no model signals), to run later."""
        return lambda: self.post(
            self.staff, changelist, {"action": action, "_selected_action": [pk], **extra}
        )


def errors_in(html: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)


@pytest.fixture
def community(varnish, settings):
    tag, series = make_tag(), make_series()
    article = make_article(series=series, series_position=1)
    article.tags.add(tag)
    writer = make_user(display_name=words("Wren"))
    make_comment(author=writer, article=article, body=words("Earlier comment"))
    staff = make_user(is_staff=True, is_superuser=True, display_name="The Editor")
    return Community(varnish, settings, article, tag, series, writer, staff)


def comment_posted(c: Community) -> Change:
    text = words("A fresh thought about invoicing")
    path = f"/comments/on/{c.article.pk}/"
    return Change(
        [c.article.get_absolute_url()],
        lambda: c.post(c.writer, path, {"body": text, "reply_to": "", "website": ""}),
        shown=text,
    )


def comment_approved_by_a_moderator(c: Community) -> Change:
    text = words("Held until approved")
    held = make_comment(article=c.article, body=text, status=Comment.Status.PENDING)
    return Change(
        [c.article.get_absolute_url()],
        lambda: services.moderate(
            Comment.objects.filter(pk=held.pk),
            status=Comment.Status.APPROVED,
            moderator=c.staff,
            now=timezone.now(),
        ),
        shown=text,
    )


def comment_rejected_in_the_admin_changelist(c: Community) -> Change:
    text = words("Soon rejected")
    comment = make_comment(article=c.article, body=text)
    return Change(
        [c.article.get_absolute_url()],
        c.bulk_action("/admin/comments/comment/", "reject", comment.pk, removal_reason="spam"),
        gone=text,
    )


def comment_edited(c: Community) -> Change:
    old, new = words("First wording"), words("Second wording")
    comment = make_comment(author=c.writer, article=c.article, body=old)
    return Change(
        [c.article.get_absolute_url()],
        lambda: c.post(c.writer, f"/comments/{comment.pk}/edit/", {"body": new}),
        shown=new,
        gone=old,
    )


def comment_deleted(c: Community) -> Change:
    text = words("Regretted at once")
    comment = make_comment(author=c.writer, article=c.article, body=text)
    return Change(
        [c.article.get_absolute_url()],
        lambda: c.post(c.writer, f"/comments/{comment.pk}/delete/", {}),
        gone=text,
    )


def comment_flagged_back_to_moderation(c: Community) -> Change:
    c.settings.COMMENTS_FLAG_THRESHOLD = 1
    text = words("Flagged by the community")
    comment = make_comment(article=c.article, body=text)
    flagger = make_user()
    make_comment(author=flagger, article=make_article())  # trusted: flags count
    return Change(
        [c.article.get_absolute_url()],
        lambda: c.post(flagger, f"/comments/{comment.pk}/flag/", {"reason": "spam"}),
        gone=text,
    )


def article_saved_in_the_admin(c: Community) -> Change:
    article, old, new = c.article, c.article.title, words("A better title")
    published = timezone.localtime(article.published_at)
    form = {
        "title": new,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": f"{published:%Y-%m-%d}",
        "published_at_1": f"{published:%H:%M:%S}",
        "revised_at_0": "",
        "revised_at_1": "",
        "author": "",
        "tags": [c.tag.pk],
        "series": c.series.pk,
        "series_position": article.series_position,
        "follow_up_of": "",
        "discussion_prompt": "",
        "comments_open": "on",
        "_save": "Save",
    }
    return Change(
        [article.get_absolute_url(), "/", c.tag.get_absolute_url(), c.series.get_absolute_url()],
        lambda: c.post(c.staff, f"/admin/articles/article/{article.pk}/change/", form),
        shown=new,
        gone=old,
    )


def article_published_in_the_admin(c: Community) -> Change:
    title = words("Just published")
    draft = make_article(title=title, status=Article.Status.DRAFT, published_at=None)
    draft.tags.add(c.tag)
    return Change(
        ["/", c.tag.get_absolute_url()],
        c.bulk_action("/admin/articles/article/", "publish_now", draft.pk),
        shown=title,
    )


def display_name_changed(c: Community) -> Change:
    old, new = c.writer.display_name, words("Wren Renamed")
    return Change(
        [c.article.get_absolute_url(), c.writer.get_absolute_url()],
        lambda: c.post(c.writer, "/accounts/settings/", {"display_name": new}),
        shown=new,
        gone=old,
    )


def profile_edited(c: Community) -> Change:
    old, new = words("Translator"), words("Translator and prompt editor")
    make_profile(c.writer, headline=old)
    return Change(
        [c.writer.get_absolute_url()],
        lambda: c.post(c.writer, "/accounts/profile/", {"headline": new, "bio": "", "website": ""}),
        shown=new,
        gone=old,
    )


def profile_blanked_in_the_admin(c: Community) -> Change:
    headline = words("Buy cheap followers")
    profile = make_profile(c.writer, headline=headline)
    return Change(
        [c.writer.get_absolute_url()],
        c.bulk_action("/admin/accounts/profile/", "blank_headline_and_bio", profile.pk),
        gone=headline,
    )


def account_deleted(c: Community) -> Change:
    return Change(
        [c.article.get_absolute_url(), c.writer.get_absolute_url()],
        lambda: anonymise_member(c.writer, now=timezone.now()),
        gone=c.writer.display_name,
    )


def tag_renamed_in_the_admin(c: Community) -> Change:
    old, new = c.tag.name, words("Renamed topic")
    return Change(
        [c.tag.get_absolute_url(), "/"],
        lambda: c.post(
            c.staff,
            f"/admin/articles/tag/{c.tag.pk}/change/",
            {"name": new, "slug": c.tag.slug, "_save": "Save"},
        ),
        shown=new,
        gone=old,
    )


def series_renamed_in_the_admin(c: Community) -> Change:
    old, new = c.series.title, words("Renamed series")
    return Change(
        [c.series.get_absolute_url(), c.article.get_absolute_url()],
        lambda: c.post(
            c.staff,
            f"/admin/articles/series/{c.series.pk}/change/",
            {
                "title": new,
                "slug": c.series.slug,
                "description": c.series.description,
                "_save": "Save",
            },
        ),
        shown=new,
        gone=old,
    )


def skill_approved_in_the_admin(c: Community) -> Change:
    name = words("Subtitle timing")
    skill = Skill.objects.create(
        name=name, slug=f"skill-{uuid.uuid4().hex[:8]}", status=Skill.Status.PENDING
    )
    make_skill_entry(c.writer, skill.slug, "have")
    return Change(
        ["/skills/"],
        c.bulk_action("/admin/accounts/skill/", "approve", skill.pk),
        shown=name,
    )


CHANGES = [
    comment_posted,
    comment_approved_by_a_moderator,
    comment_rejected_in_the_admin_changelist,
    comment_edited,
    comment_deleted,
    comment_flagged_back_to_moderation,
    article_saved_in_the_admin,
    article_published_in_the_admin,
    display_name_changed,
    profile_edited,
    profile_blanked_in_the_admin,
    account_deleted,
    tag_renamed_in_the_admin,
    series_renamed_in_the_admin,
    skill_approved_in_the_admin,
]


@pytest.mark.parametrize("case", CHANGES, ids=[case.__name__ for case in CHANGES])
def test_each_change_is_visible_through_the_cache_within_a_second(community, case):
    change = case(community)
    for path in change.pages:
        before = assert_cached(community.varnish, path)
        if change.gone:
            assert change.gone in before.text, (path, "the page should show it before")
        if change.shown:
            assert change.shown not in before.text, (path, "the page should not show it yet")

    change.make()

    for path in change.pages:
        first_fresh_read(
            community.varnish, path, shown=change.shown, gone=change.gone, within=FRESH_WITHIN
        )
