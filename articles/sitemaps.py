from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    """Published articles only: drafts and scheduled articles must not leak their addresses."""

    changefreq = "weekly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, article: Article):
        return article.updated_at
