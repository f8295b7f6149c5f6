"""Fixtures for the XSS tests: every payload, on as few pages as possible."""

import pytest

from accounts.admin import ProfileAdmin, SkillAdmin, UserAdmin
from articles.admin import ArticleAdmin, SeriesAdmin, TagAdmin
from comments.admin import CommentAdmin


@pytest.fixture
def loose_limits(settings):
    """Hundreds of posts from one address in a minute: the limits have their own tests."""
    settings.COMMENTS_RATE_LIMITS_PER_MEMBER = ["100000/minute"]
    settings.COMMENTS_RATE_LIMITS_PER_IP = ["100000/minute"]
    settings.COMMENTS_LINK_LIMIT = 100000
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {
        "edit_profile": "100000/m/user,100000/m/ip",
        "suggest_skill": "100000/m/user,100000/m/ip",
        "signup": "100000/m/ip",
    }


@pytest.fixture
def show_everything(monkeypatch):
    """Lists long enough to hold every payload on one page."""
    monkeypatch.setattr("comments.feeds.FEED_LENGTH", 1000)
    monkeypatch.setattr("search.sources.RESULTS_PER_SOURCE", 1000)
    admins = (CommentAdmin, ProfileAdmin, UserAdmin, ArticleAdmin, SkillAdmin, TagAdmin)
    for admin_class in (*admins, SeriesAdmin):
        monkeypatch.setattr(admin_class, "list_per_page", 1000)
