# One reply notification per comment and recipient, as for mentions and follows: a comment
# approved again after flags told the member it answers a second time. The duplicates such
# re-approvals left are removed first (the earliest of each is kept).

from django.conf import settings
from django.db import migrations, models


def keep_the_first_reply_notification(apps, schema_editor):
    Notification = apps.get_model("comments", "Notification")
    seen = set()
    doomed = []
    replies = Notification.objects.filter(kind="reply").order_by("created_at", "pk")
    for pk, recipient_id, comment_id in replies.values_list("pk", "recipient_id", "comment_id"):
        if (recipient_id, comment_id) in seen:
            doomed.append(pk)
        seen.add((recipient_id, comment_id))
    Notification.objects.filter(pk__in=doomed).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0010_reactions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="notification", name="notification_once_per_cause"),
        migrations.RunPython(keep_the_first_reply_notification, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["reply", "mention", "followed", "invited"])),
                fields=("recipient", "kind", "comment"),
                name="notification_once_per_cause",
            ),
        ),
    ]
