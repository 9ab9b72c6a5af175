"""Password sign-in switched off per deployment (PASSWORD_SIGN_IN), break-glass admins aside."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def password_sign_in_allowed(email: str) -> bool:
    return settings.PASSWORD_SIGN_IN or email.strip().lower() in settings.BREAK_GLASS_EMAILS


class PasswordPolicyBackend:
    """Listed before ModelBackend: PermissionDenied stops Django trying the others."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not password_sign_in_allowed(username or ""):
            raise PermissionDenied(_("Password sign-in is switched off here."))

        return None
    # No get_user: sessions name ModelBackend, and the test client's force_login takes the
    # first backend that has one.
