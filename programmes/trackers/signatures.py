"""Checking a webhook's signature or token in constant time."""

import hashlib
import hmac


def hmac_matches(secret: str, body: bytes, signature: str, *, prefix: str) -> bool:
    """`signature` is `prefix` + the HMAC-SHA256 hex of `body` under `secret`."""
    if not secret or not signature.startswith(prefix):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.removeprefix(prefix))


def token_matches(secret: str, token: str) -> bool:
    return bool(secret) and hmac.compare_digest(secret.encode(), token.encode())
