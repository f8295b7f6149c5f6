"""Nothing a member types into a profile can run as script or restyle the page."""

from html.parser import HTMLParser

import pytest

from accounts.models import Profile
from tests.factories import make_comment, make_skill_entry, make_user

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
]


class Findings(HTMLParser):
    """Every element and attribute that could run script or add style."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"<script> {attributes}")
        if tag in {"style", "iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}={value}")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.found.append(f"{tag} {name}={value}")


def dangers(html: str) -> list[str]:
    parser = Findings()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_profile_fields_are_escaped_or_sanitized_everywhere_they_show(client, article, payload):
    author = make_user(username="mallory", display_name=payload[:60], password=None)
    Profile.objects.create(
        user=author, headline=payload, bio=f"{payload}\n\n{payload}", website="https://x.example"
    )
    entry = make_skill_entry(author, "networking", "have")
    make_comment(author, article, body=payload, skills=[entry.skill])

    for path in ("/members/mallory/", "/skills/networking/", "/skills/"):
        response = client.get(path)
        assert response.status_code == 200
        assert dangers(response.text) == [], path


def test_profile_form_refuses_a_javascript_website_and_escapes_the_echo(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {"headline": "<script>alert(1)</script>", "bio": "", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert "Enter a web address starting with http:// or https://." in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert dangers(response.text) == []
