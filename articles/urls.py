from django.urls import path, re_path
from django.views.generic import TemplateView

from core.http_cache import shareable

from . import feeds, views
from .models import ARTICLES_TAG

# Public feeds and pages: shared with anonymous readers, purged with every article change.
public = shareable(ARTICLES_TAG)

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="index"),
    path("about/", public(TemplateView.as_view(template_name="articles/about.html")), name="about"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("tags/", views.tag_index, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("archive/", views.archive_index, name="archive_index"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.archive_month,
        name="archive",
    ),
    path("feeds/rss/", public(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feeds/atom/", public(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("feeds/tags/<slug:slug>/rss/", public(feeds.TagFeed()), name="tag-feed-rss"),
    path("feeds/tags/<slug:slug>/atom/", public(feeds.TagAtomFeed()), name="tag-feed-atom"),
]
