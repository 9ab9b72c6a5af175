"""Two-factor authentication for password sign-in: TOTP and recovery codes, kept by
allauth.mfa (its Authenticator rows; the TOTP secret encrypted through MFAAdapter)."""

from __future__ import annotations

import base64

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.db import transaction

from programmes.models import Person

TOTP_TYPE = Authenticator.Type.TOTP
RECOVERY_TYPE = Authenticator.Type.RECOVERY_CODES


def new_secret() -> str:
    return generate_totp_secret()


def qr_code_data_uri(person: Person, secret: str) -> str:
    """The otpauth:// link as a QR code, an SVG in a data: URI (our CSP allows data: images)."""
    adapter = get_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(person, secret))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@transaction.atomic
def enrol(person: Person, secret: str, code: str) -> list[str] | None:
    """Turn TOTP on if `code` is right for `secret`; the recovery codes, shown once."""
    if Authenticator.objects.filter(user=person, type=TOTP_TYPE).exists():
        return None
    if not validate_totp_code(secret, _digits(code)):
        return None
    TOTP.activate(person, secret)
    Authenticator.objects.filter(user=person, type=RECOVERY_TYPE).delete()
    return RecoveryCodes.activate(person).generate_codes()


def verify(person: Person, code: str) -> str | None:
    """'totp' or 'recovery' for a right code (a recovery code works once), else None."""
    totp = Authenticator.objects.filter(user=person, type=TOTP_TYPE).first()
    if totp is None:
        return None
    if TOTP(totp).validate_code(_digits(code)):
        totp.record_usage()
        return "totp"
    recovery = Authenticator.objects.filter(user=person, type=RECOVERY_TYPE).first()
    if recovery is not None and RecoveryCodes(recovery).validate_code(code.strip()):
        recovery.record_usage()
        return "recovery"
    return None


def recovery_codes_left(person: Person) -> int:
    recovery = Authenticator.objects.filter(user=person, type=RECOVERY_TYPE).first()
    return len(RecoveryCodes(recovery).get_unused_codes()) if recovery else 0


def turn_off(person: Person) -> None:
    Authenticator.objects.filter(user=person, type__in=[TOTP_TYPE, RECOVERY_TYPE]).delete()


def _digits(code: str) -> str:
    return "".join(code.split())
