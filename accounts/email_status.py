"""Whether a member has a verified email address: every page a member sees asks it, since
only verified members get the comment form.

A yes is kept in the cache, so a member's page costs no query for it. A no is asked every
time, so a member who has just verified is never told to verify again. Any change to a
member's addresses forgets the answer, and again once the change commits, so that an answer
read before the commit does not outlive it.
"""

from allauth.account.utils import has_verified_email as verified_in_database
from django.core.cache import cache
from django.db import transaction

# Bounds how long a removed address could still count, should a read race its removal.
VERIFIED_SECONDS = 10 * 60


def _key(user_id: int) -> str:
    return f"email-verified:{user_id}"


def has_verified_email(user) -> bool:
    if cache.get(_key(user.pk)):
        return True
    verified = verified_in_database(user)
    if verified:
        cache.set(_key(user.pk), True, VERIFIED_SECONDS)
    return verified


def forget(sender, instance, **kwargs) -> None:
    """post_save and post_delete of allauth's EmailAddress."""
    key = _key(instance.user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)
