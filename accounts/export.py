"""A member's own data, as they can download it from their settings."""

from django.conf import settings


def member_data(user) -> dict:
    """Everything the site keeps that the member wrote or chose, JSON-ready."""
    profile = getattr(user, "profile", None)
    entries = user.skill_entries.select_related("skill").order_by("level", "position")
    comments = user.comments.select_related("article").order_by("created_at")
    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "notifications": {
                "on_reply": user.notify_on_reply,
                "on_approval": user.notify_on_approval,
                "on_held": user.notify_on_held,
            },
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
                "started_learning_at": _iso(entry.started_learning_at),
                "learned_at": _iso(entry.learned_at),
                "added_at": _iso(entry.added_at),
            }
            for entry in entries
        ],
        "comments": [
            {
                "id": comment.pk,
                "body": comment.body,
                "status": comment.status,
                "article": {
                    "title": comment.article.title,
                    "url": settings.SITE_URL + comment.article.get_absolute_url(),
                },
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
            }
            for comment in comments
        ],
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
