"""How django-allauth fits this project: only its SSO and two-factor pieces are used; the
sign-in page, its URL and django-axes stay ours (programmes/identity/views.py)."""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from requests import RequestException

from metascrum.lib.encryption import decrypt, encrypt
from programmes.identity import failures
from programmes.models import Person

log = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        # A person signing in through their company's provider passed its own checks there
        # (its second factor included); the password sign-in asks for ours (views.py).
        return []

    def respond_user_inactive(self, request, user):
        return failures.render(request, failures.DEACTIVATED)

    def is_open_for_signup(self, request) -> bool:
        return True  # only reachable through a provider's sign-in: no sign-up page is mounted


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(self, request, provider, error=None, exception=None,
                                extra_context=None):
        log.warning("Single sign-on through %s failed: %s %r", provider, error, exception)
        if error == AuthError.CANCELLED:
            failure = failures.CANCELLED
        elif isinstance(exception, RequestException):
            failure = failures.PROVIDER_DOWN
        else:
            failure = failures.REJECTED
        raise ImmediateHttpResponse(failures.render(request, failure))

    def authenticate_by_email(self, sociallogin):
        """The person whose address the provider vouches for (email_verified), if any."""
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            person = Person.objects.filter(email__iexact=address.email).first()
            if person is None:
                continue
            if not person.is_active:
                raise ImmediateHttpResponse(
                    failures.render(context.request, failures.DEACTIVATED))
            # Recorded as verified so that allauth does not wipe the person's password (its
            # guard against accounts registered by someone else under an unverified address;
            # here MSMs create people).
            EmailAddress.objects.get_or_create(
                user=person, email=person.email, defaults={"verified": True, "primary": True})
            return person, address.email
        return None

    def pre_social_login(self, request, sociallogin):
        person = sociallogin.user
        if person.pk and not person.is_active:
            raise ImmediateHttpResponse(failures.render(request, failures.DEACTIVATED))
        if not person.pk and not any(a.verified for a in sociallogin.email_addresses):
            raise ImmediateHttpResponse(failures.render(request, failures.NO_EMAIL))

    def populate_user(self, request, sociallogin, data):
        person = sociallogin.user
        person.email = (data.get("email") or "").strip().lower()
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part)
        person.name = (name or "").strip()[:150]
        return person


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets are stored encrypted at rest, like every secret here."""

    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
