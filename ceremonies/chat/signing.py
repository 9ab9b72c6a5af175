"""Is this request really from the platform? Slack and Microsoft Teams sign each one;
Mattermost sends the slash command's token, and its buttons and dialogs carry the context we
signed ourselves."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime

from programmes.models import ChatApp
from programmes.notifications.chat_app import action_signature

REPLAY_WINDOW = 300  # seconds: Slack's advice for X-Slack-Request-Timestamp
SLACK_SIGNATURE = "X-Slack-Signature"
SLACK_TIMESTAMP = "X-Slack-Request-Timestamp"


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` (Slack's v0 scheme)."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def slack_verified(app: ChatApp, *, headers, body: bytes, now: datetime) -> bool:
    timestamp = headers.get(SLACK_TIMESTAMP, "")
    given = headers.get(SLACK_SIGNATURE, "")
    if not timestamp.isdigit() or abs(now.timestamp() - int(timestamp)) > REPLAY_WINDOW:
        return False
    return hmac.compare_digest(slack_signature(app.signing_secret, timestamp, body), given)


def mattermost_token_ok(app: ChatApp, token: str) -> bool:
    return bool(token) and hmac.compare_digest(app.signing_secret, token)


def context_ok(app: ChatApp, context: dict, user_id: str) -> bool:
    """A Mattermost button's context: signed by us, and pressed by the person it was for."""
    action, value, user = (str(context.get(k, "")) for k in ("action", "value", "user"))
    expected = action_signature(app, action, value, user)
    return (hmac.compare_digest(expected, str(context.get("sig", "")))
            and bool(user) and user == user_id)


TEAMS_AUTHORIZATION = "Authorization"


def teams_signature(token: str, body: bytes) -> str:
    """`HMAC ` and the base64 HMAC-SHA256 of the raw body, keyed with the outgoing webhook's
    security token, itself base64 (Microsoft Teams' scheme)."""
    key = base64.b64decode(token)
    return "HMAC " + base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def teams_verified(app: ChatApp, *, headers, body: bytes) -> bool:
    given = headers.get(TEAMS_AUTHORIZATION, "")
    try:
        expected = teams_signature(app.signing_secret, body)
    except (ValueError, binascii.Error):  # a token that is not base64 verifies nothing
        return False
    return bool(given) and hmac.compare_digest(expected, given)
