from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        from allauth.account.models import EmailAddress

        from .email_status import forget

        for signal in (post_save, post_delete):
            signal.connect(forget, sender=EmailAddress, dispatch_uid=f"email-status-{signal}")
