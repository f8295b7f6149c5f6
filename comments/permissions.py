"""The Moderators group and exactly the permissions moderation needs.

Permissions are created after migrations run, so a data migration would build the group
empty on a fresh database; it is built by a post_migrate handler instead, which also
runs after the test database is flushed. Nothing here touches user accounts: giving
moderators `change_user` would let them make themselves superusers.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

MODERATORS_GROUP = "Moderators"

MODERATOR_PERMISSIONS = {
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "view_commentrevision"),
    ("comments", "view_flag"),
    ("comments", "add_suspension"),
    ("comments", "change_suspension"),
    ("comments", "view_suspension"),
    ("comments", "add_blockedterm"),
    ("comments", "change_blockedterm"),
    ("comments", "delete_blockedterm"),
    ("comments", "view_blockedterm"),
    # Private notes on members, beside their comments in the queue (comments.notes).
    ("comments", "add_moderatornote"),
    ("comments", "view_moderatornote"),
    # Members' trust levels (comments.trust), which moderators may pin with a reason.
    ("comments", "view_standing"),
    ("comments", "change_standing"),
    ("articles", "view_article"),
    # Blanking a headline or bio that breaks the rules; reviewing suggested skills.
    ("accounts", "view_profile"),
    ("accounts", "change_profile"),
    ("accounts", "view_skill"),
    ("accounts", "change_skill"),
}


def ensure_moderators_group(apps=global_apps, using="default", **kwargs):
    """Create the group if missing and set its permissions to exactly the list above."""
    for label in {app_label for app_label, _ in MODERATOR_PERMISSIONS}:
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=MODERATORS_GROUP)
    wanted = [
        Permission.objects.using(using).get(content_type__app_label=app, codename=codename)
        for app, codename in sorted(MODERATOR_PERMISSIONS)
    ]
    group.permissions.set(wanted)
    return group
