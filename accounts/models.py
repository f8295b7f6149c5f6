from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

USERNAME_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"

validate_username = RegexValidator(
    USERNAME_PATTERN,
    "Use lowercase letters, digits, hyphens and underscores; start and end with a letter or digit.",
)


class User(AbstractUser):
    """A member. The username is public (it is in /members/<username>/); the email never is."""

    # One display name instead of first and last: people name themselves as they like.
    first_name = None
    last_name = None

    username = models.CharField(
        "username",
        max_length=30,
        unique=True,
        validators=[validate_username],
        help_text="Public, part of your member page address. Lowercase letters, digits, - and _.",
        error_messages={"unique": "That username is taken."},
    )
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown with your comments. Leave empty to show your username.",
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="An account with this email already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:member", args=[self.username])
