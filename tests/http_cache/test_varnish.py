"""Through a real Varnish (deploy/varnish/site.vcl) in front of the real app: what readers
get from the cache, what is never stored, and that each change shows within a second."""

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.deletion import anonymise_member
from accounts.models import Skill
from articles.models import Article
from articles.seed import ESSAY_SLUG
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
from tests.http_cache.conftest import NOBODY, Response, Varnish, start_varnish

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]

ESSAY = f"/articles/{ESSAY_SLUG}/"
# How soon after a change commits an anonymous reader must see it through the cache.
FRESH_WITHIN = 1.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def words(text: str) -> str:
    """Text no other page contains, so finding it proves which version a page is."""
    return f"{text} {uuid.uuid4().hex[:10]}"


def signed_in(user) -> dict[str, str]:
    """The cookie a browser would hold after `user` signed in."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


def post_as(varnish: Varnish, user, path: str, data: dict) -> Response:
    """A form sent by `user`'s browser through Varnish, CSRF cookie and field included."""
    secret = get_random_string(32)
    cookies = signed_in(user) | {django_settings.CSRF_COOKIE_NAME: secret}
    body = urlencode({**data, "csrfmiddlewaretoken": secret}, doseq=True)
    return varnish.request("POST", path, cookies=cookies, body=body)


def cookies_set(response: Response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.set_cookies:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def assert_cached(varnish: Varnish, path: str) -> Response:
    """Reads the page twice as an anonymous reader; the second read comes from the cache."""
    first, second = varnish.get(path), varnish.get(path)
    assert first.status == 200, (path, first)
    assert second.x_cache == "HIT", (path, second)
    return second


def first_fresh_read(
    varnish: Varnish, path: str, *, shown: str | None, gone: str | None, within: float
) -> None:
    """Polls `path` as an anonymous reader until `shown` is there and `gone` is not; fails
    after `within` seconds, or if any later read is stale again."""

    def fresh(page: Response) -> bool:
        return (shown is None or shown in page.text) and (gone is None or gone not in page.text)

    started = time.monotonic()
    while not fresh(page := varnish.get(path)):
        waited = time.monotonic() - started
        if waited > within:
            pytest.fail(
                f"{path} still stale {waited:.2f} s after the change: {page!r}"
                f" (waiting for {shown!r} to appear and {gone!r} to go)"
            )
        time.sleep(0.02)
    for _ in range(3):
        again = varnish.get(path)
        assert fresh(again), f"{path} went stale again after showing the change: {again!r}"


# ---------------------------------------------------------------------------------------
# Served from the cache


@pytest.mark.parametrize("path", ["/", ESSAY])
def test_an_anonymous_page_is_served_from_the_cache_the_second_time(varnish, path):
    first = varnish.get(path)
    second = varnish.get(path)

    assert first.status == second.status == 200
    assert first.x_cache == "MISS", first
    assert second.x_cache == "HIT", second
    # Two transaction ids: this request's, and the one that stored the page.
    assert len(second.headers["X-Varnish"].split()) == 2
    assert "Age" in second.headers
    assert second.text == first.text
    assert "public" in second.headers["Cache-Control"]
    assert "xkey" not in second.headers, "the tags are for purges, not for readers"


def test_the_age_of_a_cached_page_grows_and_a_browser_revalidates_with_a_304(varnish):
    stored = assert_cached(varnish, ESSAY)
    time.sleep(1.1)
    later = varnish.get(ESSAY)
    assert later.x_cache == "HIT"
    assert later.age >= 1

    revalidated = varnish.get(ESSAY, headers={"If-None-Match": stored.headers["ETag"]})
    assert revalidated.status == 304, revalidated


def test_gzip_is_served_to_clients_that_accept_it(varnish):
    plain = varnish.get(ESSAY)
    zipped = varnish.get(ESSAY, headers={"Accept-Encoding": "gzip"})

    assert not plain.compressed
    assert zipped.compressed, zipped
    assert zipped.x_cache == "HIT"
    assert zipped.text == plain.text


def test_tracking_parameters_and_analytics_cookies_do_not_split_the_cache(varnish):
    assert_cached(varnish, "/")

    tracked = varnish.get("/?utm_source=newsletter&utm_medium=email&fbclid=abc&gclid=x")
    with_analytics = varnish.get("/", cookies={"_ga": "GA1.1.123.456", "theme": "dark"})

    assert tracked.x_cache == "HIT", tracked
    assert with_analytics.x_cache == "HIT", with_analytics


def test_the_app_names_what_a_page_shows_for_purges(varnish):
    article = make_article()
    page = varnish.get(article.get_absolute_url(), headers={"xkey-debug": "1"})

    assert page.status == 200
    assert {f"article-{article.pk}", "articles"} <= set(page.headers.get("xkey", "").split())


@pytest.fixture
def short_lived(settings):
    """Pages kept one second, then served stale for one more while refetched."""
    settings.HTTP_CACHE_SECONDS = 1
    settings.HTTP_CACHE_STALE_SECONDS = 1


def test_while_the_app_is_up_no_reader_gets_a_page_past_its_stale_while_revalidate(
    varnish, short_lived
):
    stored = assert_cached(varnish, ESSAY)
    time.sleep(2.2)  # past s-maxage (1 s) and stale-while-revalidate (1 s)

    later = varnish.get(ESSAY)

    assert later.x_cache == "MISS", later
    assert later.age == 0
    assert later.headers["X-Varnish"] != stored.headers["X-Varnish"]


def test_while_the_app_is_down_readers_get_the_last_good_page(varnish, short_lived):
    stored = assert_cached(varnish, ESSAY)
    varnish.admin("backend.set_health", "default", "sick")
    try:
        time.sleep(2.2)
        stale = varnish.get(ESSAY)
        never_stored = varnish.get("/about/")
    finally:
        varnish.admin("backend.set_health", "default", "auto")

    assert stale.status == 200, stale
    assert stale.x_cache == "HIT"
    assert stale.age >= 2
    assert stale.text == stored.text
    assert never_stored.status == 503


# ---------------------------------------------------------------------------------------
# Never stored


def test_a_signed_in_members_page_is_never_stored(varnish):
    member = make_user(display_name="Maren Okafor")
    cookies = signed_in(member)

    for _ in range(2):
        page = varnish.get(ESSAY, cookies=cookies)
        assert page.status == 200
        assert page.x_cache == "PASS", page
        assert "private" in page.headers["Cache-Control"]
        assert member.get_absolute_url() in page.text  # their own "Your profile" link
    # Nothing the member got was kept: the first anonymous reader is fetched afresh.
    assert varnish.get(ESSAY).x_cache == "MISS"


@pytest.mark.parametrize("path", ["/", ESSAY, "/skills/", "/search/?q=gig"])
def test_member_a_page_is_never_served_to_member_b_or_to_a_reader(varnish, path):
    alma = make_user(username=f"alma-{uuid.uuid4().hex[:6]}", display_name="Alma Aalto")
    bruno = make_user(username=f"bruno-{uuid.uuid4().hex[:6]}", display_name="Bruno Berg")
    alma_marker, bruno_marker = alma.get_absolute_url(), bruno.get_absolute_url()

    page_for_alma = varnish.get(path, cookies=signed_in(alma))
    page_for_bruno = varnish.get(path, cookies=signed_in(bruno))
    pages_for_readers = [varnish.get(path), varnish.get(path)]

    assert alma_marker in page_for_alma.text
    assert bruno_marker in page_for_bruno.text
    assert alma_marker not in page_for_bruno.text
    for page in pages_for_readers:
        assert page.status == 200
        assert alma_marker not in page.text and bruno_marker not in page.text
        assert "Sign in" in page.text


def test_the_sign_in_page_is_fetched_afresh_with_its_own_token_each_time(varnish):
    pages = [varnish.get("/accounts/login/") for _ in range(2)]

    for page in pages:
        assert page.status == 200
        assert page.x_cache in ("MISS", "PASS"), page
        assert django_settings.CSRF_COOKIE_NAME in cookies_set(page)
    tokens = [CSRF_FIELD.search(page.text).group(1) for page in pages]
    assert tokens[0] != tokens[1]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        ESSAY,
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/skills/",
        "/search/?q=gig",
        "/about/",
    ],
)
def test_no_response_with_a_cookie_or_a_csrf_token_is_ever_stored(varnish, path):
    pages = [varnish.get(path) for _ in range(3)]

    carries_token = any("csrfmiddlewaretoken" in page.text for page in pages)
    for page in pages:
        if page.set_cookies or carries_token:
            assert page.x_cache != "HIT", page
    if carries_token:
        tokens = {CSRF_FIELD.search(page.text).group(1) for page in pages}
        assert len(tokens) == len(pages), "the same CSRF token was served twice"


def test_a_flash_message_is_not_served_to_the_next_reader(varnish):
    assert_cached(varnish, "/")
    member = make_user()
    secret = get_random_string(32)
    csrf = {django_settings.CSRF_COOKIE_NAME: secret}

    signed_out = varnish.request(
        "POST",
        "/accounts/logout/",
        cookies=signed_in(member) | csrf,
        body=urlencode({"csrfmiddlewaretoken": secret}),
    )
    assert signed_out.status == 302, signed_out
    landing = urlsplit(signed_out.headers["Location"]).path
    # The member's browser follows the redirect with the cookies it was just given.
    follow = csrf | {k: v for k, v in cookies_set(signed_out).items() if v}
    theirs = varnish.get(landing, cookies=follow)
    assert "You have signed out." in theirs.text
    assert theirs.x_cache == "PASS", theirs

    for _ in range(2):
        next_reader = varnish.get(landing)
        assert next_reader.status == 200
        assert "You have signed out." not in next_reader.text


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


# ---------------------------------------------------------------------------------------
# Purging itself


def test_a_purge_by_tag_drops_the_tagged_pages_and_says_how_many(varnish):
    article = make_article()
    path = article.get_absolute_url()
    assert_cached(varnish, path)

    answer = varnish.request("PURGE", "/", headers={"xkey-purge": f"article-{article.pk}"})

    assert answer.status == 200
    assert re.fullmatch(r"Purged [1-9][0-9]* objects", answer.reason), answer.reason
    assert varnish.get(path).x_cache == "MISS"


def test_a_purge_for_tags_nothing_carries_answers_200(varnish):
    answer = varnish.request("PURGE", "/", headers={"xkey-purge": "article-0 member-0"})

    assert (answer.status, answer.reason) == (200, "Purged 0 objects")


def test_a_purge_from_outside_the_purgers_acl_is_refused(live_server, tmp_path):
    outsider_only = start_varnish(tmp_path, live_server.thread.port, purgers=(NOBODY,))
    try:
        answer = outsider_only.request("PURGE", "/", headers={"xkey-purge": "articles"})
        plain = outsider_only.request("PURGE", "/")
    finally:
        outsider_only.stop()

    assert answer.status == 403
    assert plain.status == 403
