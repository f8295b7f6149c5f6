from django.urls import path, re_path
from django.views.generic import TemplateView

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="index"),
    path("about/", TemplateView.as_view(template_name="articles/about.html"), name="about"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.archive_month,
        name="archive",
    ),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/tags/<slug:slug>/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("feeds/tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("markdown/preview/<str:profile>/", views.markdown_preview, name="preview"),
]
