"""Members as "@username" in comments: whose names link (core.markdown resolves them when a
comment is rendered) and whom the comment box suggests while a member types (mentions.js)."""

from django.db.models import Q
from django.urls import reverse

from .identity import name_key
from .models import User

SUGGESTIONS = 8
# Fewer characters than this suggest nobody: two keep the list short and the query selective.
SUGGEST_FROM = 2


def mentionable():
    """Members a comment can mention: active accounts, not deleted ones."""
    return User.objects.filter(is_active=True, anonymised_at__isnull=True)


def member_page_prefix() -> str:
    """The address of member pages before the username: "/members/"."""
    return reverse("accounts:member", args=["x"])[:-2]


def member_pages(usernames: set[str]) -> dict[str, str]:
    """{username: address of their page} for the names that are mentionable members: the
    resolver core.markdown takes. One query however many names a comment holds."""
    if not usernames:
        return {}
    # The address without a reverse() per name: a comment may mention hundreds.
    prefix = member_page_prefix()
    found = mentionable().filter(username__in=usernames).values_list("username", flat=True)
    return {username: f"{prefix}{username}/" for username in found}


def suggestions(query: str) -> list[dict[str, str]]:
    """Up to SUGGESTIONS members whose username or display name starts with `query`
    (names compared as accounts.identity.name_key reduces them), in one query."""
    query = query.strip().removeprefix("@")[:30]
    if len(query) < SUGGEST_FROM:
        return []
    starts = Q(username__startswith=query.lower())
    if key := name_key(query):
        starts |= Q(name_key__startswith=key)
    members = mentionable().filter(starts).order_by("username")[:SUGGESTIONS]
    return [
        {"username": username, "name": display_name or username}
        for username, display_name in members.values_list("username", "display_name")
    ]
