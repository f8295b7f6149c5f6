from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        from allauth.account.models import EmailAddress

        from .email_status import forget

        post_save.connect(forget, sender=EmailAddress, dispatch_uid="email-status-save")
        post_delete.connect(forget, sender=EmailAddress, dispatch_uid="email-status-delete")
