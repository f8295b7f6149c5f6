from django.db import migrations

from accounts.skills import ensure_skills


def create_essay_skills(apps, schema_editor):
    ensure_skills(apps.get_model("accounts", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_skills_profiles")]

    operations = [migrations.RunPython(create_essay_skills, migrations.RunPython.noop)]
