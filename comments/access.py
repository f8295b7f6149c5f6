from allauth.account.utils import has_verified_email


def can_comment(user) -> bool:
    """Members with a verified email address may post; reading never needs an account."""
    return user.is_authenticated and user.is_active and has_verified_email(user)
