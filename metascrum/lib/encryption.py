"""Secrets kept encrypted at rest: chat signing secrets, tracker tokens, anything a person
types once and the app must use again but never show again.

Fernet (AES-128-CBC with an HMAC) from `cryptography`, keyed from ENCRYPTION_KEYS: the first
key encrypts, every key decrypts, so a key is rotated by putting the new one first. Without
ENCRYPTION_KEYS the key is derived from SECRET_KEY, which keeps a fresh checkout working.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class UnreadableSecret(Exception):
    """A stored secret that no configured key opens (a key was removed, or the row altered)."""


def encrypt(text: str) -> str:
    return _keys(_configured()).encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys(_configured()).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise UnreadableSecret("no configured key opens this secret") from exc


def _configured() -> tuple[str, ...]:
    keys = tuple(settings.ENCRYPTION_KEYS)
    if keys:
        return keys
    digest = hashlib.sha256(b"metascrum encryption at rest:" + settings.SECRET_KEY.encode())
    return (base64.urlsafe_b64encode(digest.digest()).decode("ascii"),)


@lru_cache(maxsize=4)
def _keys(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


class EncryptedTextField(models.TextField):
    """A text column whose value is stored encrypted; blank stays blank (nothing to hide).

    The stored value differs at every save, so the column cannot be filtered on.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
