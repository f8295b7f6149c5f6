"""Every corpus payload, typed where members type (or saved where editors save), then read
back on every page that shows it: nothing executable may come from user content.

Payloads are batched per page, not one page load each, but every payload reaches every
field; each test also checks that its payloads really are on the pages it scans.
"""

import uuid

import pytest
from django.test import Client

from accounts.forms import one_line
from accounts.models import Profile, Skill, User
from comments.models import Comment
from core.markdown import clean_text
from tests.factories import make_article, make_comment, make_skill_entry, make_user
from tests.security.xss_pages import MARKER, Scan, scan_thread, signed_in
from tests.xss import payloads

pytestmark = pytest.mark.django_db


def test_comment_payloads_posted_through_the_form_run_nowhere(
    client, staff, loose_limits, show_everything
):
    scan = Scan()
    article = make_article(title="A hostile discussion")
    skills = list(Skill.objects.approved().order_by("slug")[:12])
    members = [make_user(display_name=f"Member {n}", password=None) for n in range(len(skills))]
    for member in members:  # past the first-comment hold, so posts show at once
        make_comment(member, make_article())
    clients = [signed_in(member) for member in members]

    for n, payload in enumerate(payloads()):
        response = clients[n % len(clients)].post(
            f"/comments/on/{article.pk}/",
            {
                "body": f"{payload}\n\n{MARKER}",
                "idempotency_key": str(uuid.uuid4()),
                "skills": [skills[n % len(skills)].pk],
            },
            headers={"X-Requested-With": "fetch"},
        )
        assert response.status_code == 201, (payload, response.content[:500])
        scan.page(response, f"posted fragment of payload {n}")

    comments = list(Comment.objects.for_article(article).approved())
    assert len(comments) == len(payloads())
    scan_thread(scan, Client(), article, comments)
    scan.page(clients[0].get(article.get_absolute_url()), "article page, signed in")
    feed_items = scan.feed(client.get(f"/feeds/articles/{article.slug}/comments/"), "feed")
    assert feed_items == len(payloads())
    for member in members:
        html = scan.page(client.get(member.get_absolute_url()), f"member {member.username}")
        for comment in member.comments.filter(article=article):
            assert comment.get_absolute_url() in html
    for skill in skills:
        scan.page(client.get(f"/skills/{skill.slug}/"), f"skill {skill.slug}")
    response = client.get("/search/", {"q": MARKER})
    # PostgreSQL's text parser reads a few payloads' unclosed tags as swallowing the word.
    assert len(response.context["results"]) > 0.95 * len(payloads())
    scan.page(response, "search results")
    client.force_login(staff)
    response = client.get("/admin/comments/comment/", {"article__id__exact": article.pk})
    assert response.context["cl"].result_count == len(payloads())
    scan.page(response, "admin comment changelist")
    scan.assert_clean()


def test_refused_comments_come_back_in_the_form_with_nothing_executable(client, article):
    scan = Scan()
    trusted = make_user()
    make_comment(trusted, article)
    client.force_login(trusted)
    batch, batches = [], []
    for payload in payloads():  # as many payloads per post as the length limit allows
        if sum(len(p) + 2 for p in batch) + len(payload) > 9_000:
            batches.append(batch)
            batch = []
        batch.append(payload)
    batches.append(batch)
    for number, batch in enumerate(batches):
        # A reply to a comment that does not exist: refused with the text kept.
        data = {"body": "\n\n".join(batch), "reply_to": "999999999"}
        response = client.post(f"/comments/on/{article.pk}/", data)
        assert response.status_code == 400
        # Kept as typed, less the control characters every form of ours drops.
        assert response.context["form"]["body"].value() == clean_text(data["body"])
        scan.page(response, f"refused post {number}")
    scan.assert_clean()


def test_article_payloads_saved_by_editors_run_nowhere(client, staff, show_everything):
    scan = Scan()
    everything = payloads()
    articles = [
        make_article(
            title=f"Hostile article {n}",
            summary=f"{MARKER} {one_line(everything[n])[:200]}",
            body="\n\n".join(everything[n : n + 20]) + f"\n\n{MARKER}",
        )
        for n in range(0, len(everything), 20)
    ]
    for article in articles:
        scan.page(client.get(article.get_absolute_url()), f"article {article.slug}")
    for page in (1, 2):
        scan.page(client.get("/", {"page": page}), f"home page {page}")
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        assert scan.feed(client.get(feed), feed) >= len(articles)
    response = client.get("/search/", {"q": MARKER})
    assert len(response.context["results"]) == len(articles)
    scan.page(response, "search results")
    client.force_login(staff)
    response = client.get("/admin/articles/article/")
    assert response.context["cl"].result_count > len(articles)
    scan.page(response, "admin article changelist")
    scan.assert_clean()


# Why a display name is refused: too long, or passing for someone else (accounts.identity).
NAME_REFUSALS = (
    "at most 60 characters",
    "look-alike letters",
    "would read as the site",
    "Another member already goes by this name",
)


def test_profile_payloads_typed_into_the_forms_run_nowhere(
    client, staff, article, loose_limits, show_everything
):
    """Display name, headline, bio and website of one member per payload."""
    scan = Scan()
    skills = list(Skill.objects.approved().order_by("slug"))
    members = []
    for n, payload in enumerate(payloads()):
        member = make_user(username=f"hostile{n}", password=None)  # no hashing: fast
        make_skill_entry(member, skills[n % len(skills)].slug, ("have", "learning")[n % 2])
        make_comment(member, article, body=f"{MARKER} {n}")
        client.force_login(member)
        members.append(member)

        response = client.post("/accounts/settings/", {"display_name": payload})
        if response.status_code == 400:  # too long, or passing for someone: refused, shown back
            assert any(reason in response.text for reason in NAME_REFUSALS), n
            scan.page(response, f"settings form refusing payload {n}")
            User.objects.filter(pk=member.pk).update(display_name=one_line(payload)[:60])
        else:
            assert response.status_code == 302

        fields = {"headline": payload, "bio": payload, "website": payload}
        response = client.post("/accounts/profile/", fields)
        if response.status_code == 400:
            scan.page(response, f"profile form refusing payload {n}")
            errors = response.context["form"].errors
            if "website" in errors:
                assert "Enter a web address starting with http:// or https://." in response.text
                fields["website"] = ""
            fields["headline"] = one_line(payload)[:120]
            response = client.post("/accounts/profile/", fields)
        assert response.status_code == 302, (payload, response.context["form"].errors)

    stored = Profile.objects.filter(user__in=members)
    assert stored.count() == len(payloads())
    assert not stored.exclude(website="").exclude(website__startswith="http").exists()
    client.logout()
    for member in members:
        html = scan.page(client.get(member.get_absolute_url()), f"member page {member.username}")
        assert f"{MARKER} " in html
    for skill in skills:
        scan.page(client.get(f"/skills/{skill.slug}/"), f"skill {skill.slug}")
    scan.page(client.get("/skills/"), "skills map")
    comments = list(Comment.objects.for_article(article).approved())
    scan_thread(scan, client, article, comments)
    feed = client.get(f"/feeds/articles/{article.slug}/comments/")
    assert scan.feed(feed, "comment feed") == len(comments)
    response = client.get("/search/", {"q": MARKER})
    scan.page(response, "search results")
    client.force_login(staff)
    for path in ("/admin/accounts/user/", "/admin/accounts/profile/"):
        response = client.get(path)
        assert response.context["cl"].result_count >= len(payloads())
        scan.page(response, f"admin {path}")
    scan.assert_clean()


def test_search_query_payloads_are_echoed_inertly(client):
    scan = Scan()
    for n, payload in enumerate(payloads()):
        response = client.get("/search/", {"q": payload})
        assert response.status_code in (200, 400), payload
        scan.page(response, f"search for payload {n}")
    scan.assert_clean()
