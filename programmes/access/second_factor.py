"""How a session signed in, and whether a programme's two-factor rule lets it in."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.http import HttpRequest

from programmes.models import Person, Programme

SIGNED_IN_BY = "metascrum_signed_in_by"
BY_PASSWORD = "password"
BY_SSO = "sso"


def has_totp(person: Person) -> bool:
    return Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def second_factor_missing(request: HttpRequest, programme: Programme) -> bool:
    """A programme that requires two-factor authentication lets in those signed in through
    their identity provider (which does its own checks) and password users with TOTP on."""
    if not programme.require_two_factor:
        return False
    if request.session.get(SIGNED_IN_BY) == BY_SSO:
        return False
    return not has_totp(request.user)


def token_lacks_second_factor(person: Person, programme: Programme) -> bool:
    """An API token carries no sign-in: in a programme that requires two-factor
    authentication it acts only for a person who has TOTP on or signs on through their
    identity provider."""
    if not programme.require_two_factor:
        return False
    return not (has_totp(person) or SocialAccount.objects.filter(user=person).exists())
