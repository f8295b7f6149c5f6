from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_threads(apps, schema_editor):
    """Fill Article.thread_count as comments.services keeps it (historical models have no
    custom querysets, so `thread_starts_shown()` is spelled out)."""
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    approved = Comment.objects.filter(status="approved")
    holds_replies = approved.filter(root=OuterRef("pk"))
    shown_starts = (
        Comment.objects.filter(article=OuterRef("pk"), parent__isnull=True)
        .filter(Q(status="approved") | Exists(holds_replies))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.update(thread_count=Coalesce(Subquery(shown_starts), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_anonymised_at"),
        ("articles", "0004_thread_count"),
        ("comments", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["article", "parent", "created_at", "id"], name="comment_starts_idx"
            ),
        ),
        migrations.RunPython(count_threads, migrations.RunPython.noop),
    ]
