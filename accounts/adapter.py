from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from .identity import mixes_lookalike_scripts

# Paths and words a username could be mistaken for, and the prefix deleted accounts take.
RESERVED_USERNAMES = {"admin", "administrator", "moderator", "staff", "support", "root", "me"}


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if username.lower() in RESERVED_USERNAMES or username.lower().startswith("deleted-"):
            raise forms.ValidationError("That username is reserved. Please choose another.")
        if mixes_lookalike_scripts(username):
            raise forms.ValidationError(
                "This username mixes letters of different alphabets that look alike."
            )
        return username
