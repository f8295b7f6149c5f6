from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from .identity import username_problem


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if problem := username_problem(username):
            raise forms.ValidationError(problem)
        return username
