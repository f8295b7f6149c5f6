"""Whether a member's email address is verified, asked on every page they see."""

import pytest
from allauth.account.models import EmailAddress

from accounts.email_status import has_verified_email
from comments.access import can_comment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_verified_member_is_known_verified_without_a_query(django_assert_num_queries):
    member = make_user()
    assert has_verified_email(member)
    with django_assert_num_queries(0):
        assert has_verified_email(member)


def test_a_member_who_has_just_verified_may_comment_at_once():
    member = make_user(verified=False)
    assert not can_comment(member)
    # Even a change that sends no signal: a "no" is never kept.
    EmailAddress.objects.filter(user=member).update(verified=True)
    assert can_comment(member)


def test_a_removed_address_no_longer_counts(django_capture_on_commit_callbacks):
    member = make_user()
    assert can_comment(member)
    with django_capture_on_commit_callbacks(execute=True):
        EmailAddress.objects.get(user=member).delete()
    assert not can_comment(member)


def test_an_address_marked_unverified_no_longer_counts(django_capture_on_commit_callbacks):
    member = make_user()
    assert can_comment(member)
    address = EmailAddress.objects.get(user=member)
    address.verified = False
    with django_capture_on_commit_callbacks(execute=True):
        address.save()
    assert not can_comment(member)


def test_other_members_answers_are_their_own():
    verified, unverified = make_user(), make_user(verified=False)
    assert has_verified_email(verified)
    assert not has_verified_email(unverified)
