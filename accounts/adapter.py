from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.contrib.sites.shortcuts import get_current_site

from core.mail import message_as_data, send_message

from .identity import username_problem


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, given):
        """Rendered here, sent by the task worker (core.mail.send_message), so sign-up and
        sign-in never wait for the mail server. The queued task is a database row, written
        with the request's other writes: if they roll back, nothing is sent."""
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request)}
        message = self.render_mail(template_prefix, email, context | given)
        send_message.enqueue(message_as_data(message))

    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if problem := username_problem(username):
            raise forms.ValidationError(problem)
        return username
