"""A member's own data, as they can download it from their settings."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.files.storage import default_storage

from .changes import member_data_requested
from .models import Skill


def member_data(user) -> dict:
    """Everything the site keeps about the member, JSON-ready: what accounts keeps here,
    and what other apps keep (comments, marks, flags, notifications) from their receivers
    of `member_data_requested`. tests/accounts/test_member_data.py walks every relation."""
    profile = getattr(user, "profile", None)
    entries = user.skill_entries.select_related("skill").order_by("level", "position")
    data = {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            # The addresses of the uploaded picture's sizes, largest first; {} for none.
            "picture": {
                size: default_storage.url(name)
                for size, name in sorted(user.avatar.items(), key=lambda item: -int(item[0]))
            },
            "notifications": {
                "on_reply": user.notify_on_reply,
                "on_approval": user.notify_on_approval,
                "on_held": user.notify_on_held,
            },
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            # Which kinds of second factor, never their secrets.
            "two_factor_methods": [
                {"type": method.type, "created_at": iso(method.created_at)}
                for method in Authenticator.objects.filter(user=user).order_by("created_at")
            ],
        },
        "profile": {
            "headline": profile.headline,
            "bio": profile.bio,
            "website": profile.website,
        }
        if profile
        else None,
        "skills": [
            {
                "name": entry.skill.name,
                "slug": entry.skill.slug,
                "level": entry.level,
                "position": entry.position,
                "started_learning_at": iso(entry.started_learning_at),
                "learned_at": iso(entry.learned_at),
                "added_at": iso(entry.added_at),
            }
            for entry in entries
        ],
        "suggested_skills": [
            {"name": skill.name, "description": skill.description, "status": skill.status}
            for skill in Skill.objects.filter(suggested_by=user).order_by("created_at")
        ],
        "articles_written": [
            {"title": article.title, "url": settings.SITE_URL + article.get_absolute_url()}
            for article in user.articles.order_by("created_at")
        ],
    }
    for _receiver, sections in member_data_requested.send(sender=None, user=user):
        data |= sections
    return data


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None
