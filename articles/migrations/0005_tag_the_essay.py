from django.db import migrations

from articles.seed import ESSAY_SLUG, ensure_essay_tags


def tag_the_essay(apps, schema_editor):
    essay = apps.get_model("articles", "Article").objects.filter(slug=ESSAY_SLUG).first()
    if essay is not None and not essay.tags.exists():
        ensure_essay_tags(essay, apps.get_model("articles", "Tag"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_thread_count")]

    operations = [migrations.RunPython(tag_the_essay, migrations.RunPython.noop)]
