"""Create (or promote) a staff account whose email is already verified.

`createsuperuser` makes users who cannot log in under mandatory email verification,
because allauth keeps verification on its own EmailAddress rows.
"""

import getpass
import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create a staff member with a verified email (superuser or moderator)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--username", required=True)
        parser.add_argument("--display-name", default="")
        role = parser.add_mutually_exclusive_group()
        role.add_argument("--superuser", action="store_true", help="All permissions.")
        role.add_argument(
            "--moderator", action="store_true", help="Member of the Moderators group."
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of prompting.",
        )

    def handle(self, *args, **options):
        password = self._password(options["password_from_env"])
        User = get_user_model()
        email = options["email"].strip().lower()
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=options["username"].lower(), defaults={"email": email}
            )
            if user.email.lower() != email:
                raise CommandError(f"User {user.username} exists with another email.")
            user.display_name = options["display_name"] or user.display_name
            user.is_staff = True
            user.is_superuser = user.is_superuser or options["superuser"]
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if options["moderator"]:
                try:
                    user.groups.add(Group.objects.get(name="Moderators"))
                except Group.DoesNotExist as error:
                    raise CommandError("The Moderators group does not exist yet.") from error
        role = "superuser" if user.is_superuser else "staff member"
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {role} {user.username} <{email}>."))

    def _password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"Environment variable {variable} is empty or unset.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
