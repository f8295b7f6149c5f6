from django.db import migrations

from articles.seed import ensure_essay


def publish_essay(apps, schema_editor):
    ensure_essay(apps.get_model("articles", "Article"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(publish_essay, migrations.RunPython.noop)]
