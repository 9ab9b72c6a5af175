"""Personal API tokens: shown once at creation, stored only as a digest, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils.timezone import now

from programmes.models import ApiToken, Person

PREFIX = "msk_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, person: Person, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(person=person, name=name.strip(), prefix=raw[:12], digest=_digest(raw))
    token.full_clean()
    token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=now())


def active_token(raw: str) -> ApiToken | None:
    """The token a raw value is, if it is not revoked and its person is active."""
    if not raw.startswith(PREFIX):
        return None
    return (ApiToken.objects.select_related("person")
            .filter(digest=_digest(raw), revoked_at=None, person__is_active=True).first())


def person_for_token(raw: str) -> Person | None:
    """The active person behind a raw token, or None; touches last_used at most once a minute."""
    token = active_token(raw)
    if token is None:
        return None
    moment = now()
    if token.last_used_at is None or moment - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
    return token.person
