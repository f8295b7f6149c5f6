# The helpful mark becomes one kind of reaction: the table is renamed and keeps its rows
# (each a "helpful" reaction), so no member's mark is lost.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_mutes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="helpfulmark", name="helpful_once_per_member"),
        migrations.RenameModel(old_name="HelpfulMark", new_name="Reaction"),
        migrations.AlterField(
            model_name="reaction",
            name="comment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reactions",
                to="comments.comment",
            ),
        ),
        migrations.AlterField(
            model_name="reaction",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reactions",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="reaction",
            name="kind",
            field=models.CharField(
                choices=[("helpful", "Helpful"), ("same-here", "Same here"), ("thanks", "Thank you")],
                default="helpful",
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="reaction",
            constraint=models.UniqueConstraint(
                fields=("comment", "user", "kind"), name="reaction_once_per_member_and_kind"
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="same_here_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="comment",
            name="thanks_count",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
