"""Staff reach the admin only with a second factor, when STAFF_REQUIRE_MFA is on.

allauth has no switch for this, so `require_mfa_for_staff` wraps `AdminSite.admin_view`,
the decorator every admin page already goes through (config/urls.py applies it).
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect


def must_set_up_mfa(user) -> bool:
    return (
        settings.STAFF_REQUIRE_MFA
        and user.is_authenticated
        and user.is_staff
        and not is_mfa_enabled(user)
    )


def require_mfa_for_staff(admin_view):
    """Decorate an AdminSite's `admin_view` so its pages first check the staff member's MFA."""

    @wraps(admin_view)
    def admin_view_requiring_mfa(view, cacheable=False):
        protected = admin_view(view, cacheable)

        @wraps(protected)
        def view(request, *args, **kwargs):
            if must_set_up_mfa(request.user):
                messages.warning(
                    request,
                    "Staff need two-factor authentication. Set up an authenticator app, "
                    "then return to the admin.",
                )
                return redirect("mfa_activate_totp")
            return protected(request, *args, **kwargs)

        return view

    return admin_view_requiring_mfa
