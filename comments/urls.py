from django.urls import path

from . import inbox, views
from .feeds import ArticleCommentsFeed, MemberCommentsFeed, SkillCommentsFeed

app_name = "comments"

urlpatterns = [
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/history/", views.history, name="history"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/helpful/", views.react, name="helpful"),
    path("comments/<int:pk>/react/<str:kind>/", views.react, name="react"),
    path("comments/<int:pk>/flag/", views.flag, name="flag"),
    path("comments/on/<int:article_id>/", views.post, name="post"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/mine.css", views.own_controls_css, name="own_controls_css"),
    path("notifications/", inbox.inbox, name="inbox"),
    path("notifications/read/", inbox.read_all, name="inbox_read_all"),
    path("notifications/digest/", inbox.digest_preview, name="digest"),
    path("notifications/<int:pk>/open/", inbox.open_notification, name="notification_open"),
    path("follow/<str:kind>/<int:pk>/", inbox.follow_view, name="follow"),
    path("mute/<int:pk>/", inbox.mute_view, name="mute"),
    path("feeds/articles/<slug:slug>/comments/", ArticleCommentsFeed(), name="feed"),
    path("feeds/members/<username:username>/comments/", MemberCommentsFeed(), name="member_feed"),
    path("feeds/skills/<slug:slug>/comments/", SkillCommentsFeed(), name="skill_feed"),
]
