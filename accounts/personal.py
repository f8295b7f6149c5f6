"""The header's account links: sign in and join, or the member's own (see articles.personal)."""

from django.template.loader import render_to_string


def account_nav(request) -> str:
    return render_to_string("includes/account_nav.html", request=request)
