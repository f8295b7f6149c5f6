from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        from . import audit, signals
        from .permissions import ensure_moderators_group

        # After migrate and after a test flush, when permissions exist (see permissions.py).
        post_migrate.connect(ensure_moderators_group, sender=self)
        signals.connect()
        audit.register_models()
