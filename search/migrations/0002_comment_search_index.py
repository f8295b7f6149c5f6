from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from search.operations import AddIndexOnPostgreSQL
from search.sources import comment_search_vector


class Migration(migrations.Migration):
    """The GIN index behind comment search, built from the expression the queries use."""

    dependencies = [("search", "0001_article_search_index"), ("comments", "0001_initial")]

    operations = [
        AddIndexOnPostgreSQL(
            model="comments.Comment",
            index=GinIndex(comment_search_vector(), name="comment_search_gin"),
        ),
    ]
