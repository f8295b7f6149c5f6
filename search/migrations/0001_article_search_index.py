from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from search.operations import AddIndexOnPostgreSQL
from search.sources import article_search_vector


class Migration(migrations.Migration):
    """The GIN index behind article search, built from the expression the queries use."""

    dependencies = [("articles", "0003_tags_series_follow_ups")]

    operations = [
        AddIndexOnPostgreSQL(
            model="articles.Article",
            index=GinIndex(article_search_vector(), name="article_search_gin"),
        ),
    ]
