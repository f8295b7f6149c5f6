# django-auditlog's migrations create its own LogEntry table even though the site swaps in
# comments.AuditEntry (AUDITLOG_LOGENTRY_MODEL): that table stays empty, but on PostgreSQL
# its foreign keys to content types and users make TRUNCATE of those tables fail, so a
# flush (the test suite's, an operator's) fails. Its foreign keys go; the empty table stays,
# so auditlog's own later migrations still find it.

from django.db import migrations


def drop_foreign_keys(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return  # SQLite empties tables one by one and does not mind
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint "
            "WHERE conrelid = to_regclass('auditlog_logentry') AND contype = 'f'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(
                f"ALTER TABLE auditlog_logentry DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0012_public_revisions"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop_foreign_keys, migrations.RunPython.noop)]
