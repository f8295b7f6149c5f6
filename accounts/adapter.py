from allauth.account.adapter import DefaultAccountAdapter
from django import forms

# Paths and words a username could be mistaken for, and the prefix deleted accounts take.
RESERVED_USERNAMES = {"admin", "administrator", "moderator", "staff", "support", "root", "me"}


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if username.lower() in RESERVED_USERNAMES or username.lower().startswith("deleted-"):
            raise forms.ValidationError("That username is reserved. Please choose another.")
        return username
