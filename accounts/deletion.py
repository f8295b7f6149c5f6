"""Deleting an account: the member disappears, the discussion they took part in does not."""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from .changes import member_anonymised, members_appearance_changed
from .models import Profile, RetiredUsername, Skill
from .pictures import forget_picture


@transaction.atomic
def anonymise_member(user, *, now) -> None:
    """Empty a member's account of everything personal and close it, keeping the row.

    Comments keep their author (shown as "[deleted member]"), so threads stay whole, and
    the admin log keeps its references. Nothing that identifies the person remains: names,
    addresses, second factors, sessions, profile and skills are gone, and the apps that
    keep rows about them (comments: addresses, earlier versions, notifications) clear
    them on `member_anonymised`. tests/accounts/test_member_data.py walks every relation.
    The username is retired (RetiredUsername), so the "@name" mentions of it, which the
    comments app unlinks, can never come to name someone else.
    """
    RetiredUsername.retire(user.username)
    user.username = f"deleted-{user.pk}"
    user.email = ""
    user.display_name = ""
    user.skill_chips = []
    forget_picture(user)
    user.notify_on_reply = user.notify_on_approval = user.notify_on_held = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.anonymised_at = now
    # A new password hash also invalidates any session we could not find below.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Profile.objects.filter(user=user).delete()
    user.skill_entries.all().delete()
    # A suggested skill is the community's vocabulary now; who suggested it is not kept.
    Skill.objects.filter(suggested_by=user).update(suggested_by=None)
    _delete_sessions_of(user)
    member_anonymised.send(sender=None, user=user)
    members_appearance_changed([user.pk])


def _delete_sessions_of(user) -> None:
    # Database sessions are not indexed by user: read the live ones (a rare, bounded scan).
    member_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=user.anonymised_at).iterator()
        if session.get_decoded().get("_auth_user_id") == member_id
    ]
    # Through the session engine, which also drops its cached copy.
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in doomed:
        session_store().delete(session_key)
