"""Corpus payloads through the fields members type into that test_xss_everywhere does not
reach: a comment's edit, a suggested skill's name and description, a sign-up's username.
Each is read back on every page that shows it, scanned with no exemption in user content.
"""

import pytest
from django.test import Client

from accounts.models import Skill, User
from accounts.skills import refresh_skill_chips_of
from comments.models import Comment
from tests.factories import PASSWORD, make_article, make_comment, make_skill_entry, make_user
from tests.security.xss_pages import MARKER, Scan, scan_thread, signed_in
from tests.xss import payloads

pytestmark = pytest.mark.django_db

ADMIN_CHANGE_PAGES = 25  # a sample: every page of a kind is built by the same template


def every_nth(items: list, count: int) -> list:
    return items[:: max(1, len(items) // count)]


def test_comment_edits_with_payloads_run_nowhere(client, staff, loose_limits, show_everything):
    scan = Scan()
    article = make_article(title="An edited discussion")
    author = make_user(username="reviser", password=None)
    make_comment(author, make_article())  # past the first-comment hold
    comments = [make_comment(author, article, body=f"First draft {n}") for n in payloads()]
    client.force_login(author)
    for comment, payload in zip(comments, payloads(), strict=True):
        response = client.post(f"/comments/{comment.pk}/edit/", {"body": f"{payload}\n\n{MARKER}"})
        assert response.status_code == 302, (payload, response.content[:500])

    edited = Comment.objects.filter(article=article, edited_at__isnull=False)
    assert edited.count() == len(payloads())
    # The rules run again on an edit: links can send a comment back to the queue.
    public = list(edited.filter(status=Comment.Status.APPROVED))
    held = list(edited.filter(status=Comment.Status.PENDING))
    assert len(public) + len(held) == len(payloads())

    # The author sees every edit: public ones in the thread, held ones above it.
    html = scan_thread(scan, client, article, public)
    assert all(f'id="comment-{c.pk}"' in html for c in held)
    for comment in every_nth(comments, 10):  # the edit form, holding the stored text
        response = client.get(f"/comments/{comment.pk}/edit/")
        scan.page(response, f"edit form of {comment.pk}", showing=article.title)
    anonymous = Client()
    scan_thread(scan, anonymous, article, public)
    feed = anonymous.get(f"/feeds/articles/{article.slug}/comments/")
    assert scan.feed(feed, "comment feed") == len(public)
    scan.page(anonymous.get(author.get_absolute_url()), "member page", showing=MARKER)
    response = anonymous.get("/search/", {"q": MARKER})
    assert response.context["results"]
    scan.page(response, "search results", showing=MARKER)

    client.force_login(staff)
    response = client.get("/admin/comments/comment/", {"article__id__exact": article.pk})
    assert response.context["cl"].result_count == len(payloads())
    scan.page(response, "admin comment changelist", showing=MARKER)
    for comment in every_nth(comments, ADMIN_CHANGE_PAGES):  # rendered body and revisions
        response = client.get(f"/admin/comments/comment/{comment.pk}/change/")
        scan.page(response, f"admin comment {comment.pk}", showing=MARKER)
    scan.assert_clean()


def test_suggested_skill_payloads_run_nowhere(client, staff, loose_limits, show_everything):
    """Typed by a member, approved by staff, then shown wherever skills are named."""
    scan = Scan()
    member = make_user(username="suggester", password=None)
    client.force_login(member)
    categories = list(Skill.Category.values)
    for n, payload in enumerate(payloads()):
        # Numbered, so no suggestion is refused as a repeat of an earlier one.
        fields = {
            "name": f"{MARKER}{n} {payload}"[:60],
            "description": payload,
            "category": categories[n % len(categories)],
        }
        response = client.post("/accounts/skills/suggest/", fields)
        if response.status_code == 400:  # too long, or blank once on one line: shown back
            scan.page(response, f"suggestion form refusing payload {n}")
            assert set(response.context["form"].errors) <= {"description"}, n
            fields["description"] = f"{MARKER} {payload}"[:200]
            response = client.post("/accounts/skills/suggest/", fields)
        assert response.status_code == 302, (n, response.context["form"].errors)
        # The thanks names the skill, on the next page the member opens.
        response = client.get("/accounts/skills/suggest/")
        assert "will appear once reviewed" in response.text
        scan.page(response, f"thanks for payload {n}", showing=f"{MARKER}{n}")
    suggested = Skill.objects.filter(suggested_by=member, status=Skill.Status.PENDING)
    assert suggested.count() == len(payloads())

    staff_client = signed_in(staff)
    response = staff_client.get("/admin/accounts/skill/", {"status__exact": "pending"})
    assert response.context["cl"].result_count == len(payloads())
    scan.page(response, "admin skill changelist", showing=MARKER)
    skills = list(suggested)
    for skill in every_nth(skills, ADMIN_CHANGE_PAGES):
        response = staff_client.get(f"/admin/accounts/skill/{skill.pk}/change/")
        scan.page(response, f"admin skill {skill.pk}")
    # "Select all" on the filtered list, as staff would approve a batch.
    approval = {"action": "approve", "select_across": "1", "index": "0"}
    approval["_selected_action"] = skills[0].pk  # the admin wants a box ticked even so
    response = staff_client.post("/admin/accounts/skill/?status__exact=pending", approval)
    assert response.status_code == 302
    assert Skill.objects.approved().filter(suggested_by=member).count() == len(skills)

    # The member has every new skill, learning half: names on their page, the map, the
    # skill pages, the picker and the chips of their comments.
    # Straight to the database: a form with 238 picks is over DATA_UPLOAD_MAX_NUMBER_FIELDS.
    for n, skill in enumerate(skills):
        make_skill_entry(member, skill.slug, ("have", "learning")[n % 2], position=n)
    refresh_skill_chips_of([member.pk])
    article = make_article(title="Skills in question")
    make_comment(member, article, body=f"About my skills {MARKER}", skills=skills)
    scan.page(client.get("/accounts/profile/"), "skill picker", showing=MARKER)
    anonymous = Client()
    scan.page(anonymous.get(member.get_absolute_url()), "member page", showing=MARKER)
    html = scan.page(anonymous.get(article.get_absolute_url()), "article page", showing=MARKER)
    assert html.count(f'class="chip" href="?skill={MARKER}') == len(skills)
    map_html = ""
    for category in categories:
        response = anonymous.get("/skills/", {"category": category})
        map_html += scan.page(response, f"skills map of {category}", showing=MARKER)
    assert all(skill.get_absolute_url() in map_html for skill in skills)
    for skill in skills:
        response = anonymous.get(skill.get_absolute_url())
        # The name starts with its number: the rest is the payload, parsed back as text.
        scan.page(response, f"skill page {skill.slug}", showing=skill.name.split()[0])
    scan.assert_clean()


def test_sign_up_username_payloads_are_refused_and_echo_nothing_executable(
    client, loose_limits, mailoutbox
):
    """A username is public and part of an address: none of these is one, and the refusal
    shows the form again, with the typed name, inert."""
    scan = Scan()
    for n, payload in enumerate(payloads()):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"joiner{n}@example.com",
                "username": payload,
                "display_name": payload,  # shown back as typed too
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 200, (n, response.status_code)
        assert "username" in response.context["form"].errors, n
        scan.page(response, f"sign-up refusing payload {n}")
    assert not User.objects.filter(email__startswith="joiner").exists()
    assert mailoutbox == []
    scan.assert_clean()
