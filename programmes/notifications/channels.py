"""Senders for the channels: email (text + HTML), chat incoming webhooks and signed events.

Each sender raises `TransientDeliveryError` for what may work on a later try (timeouts, 5xx,
429, a full mailbox server) and `PermanentDeliveryError` for what never will (a refused
address, a webhook that answers 404 or 403). Nothing here touches the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.html import escape
from django.utils.translation import gettext as _

from programmes.models.webhooks import signing_key

WEBHOOK_TIMEOUT = 10  # seconds; the outbox renews its lease meanwhile (outbox.Lease)


class DeliveryError(Exception):
    pass


class TransientDeliveryError(DeliveryError):
    """Try again later."""


class PermanentDeliveryError(DeliveryError):
    """The address is wrong or refuses us; retrying would not help."""


IDEMPOTENCY_HEADER = "Idempotency-Key"


def message_id(key: str) -> str:
    """A Message-ID that is the same for every attempt at one message (mail clients and
    archives drop a repeat), in the site's own domain."""
    return f"<{key}@{urllib.parse.urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def send_email(*, to: str, subject: str, text: str, html: str = "", key: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to],
                                     headers={"Message-ID": message_id(key)} if key else None)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentDeliveryError(f"Address refused: {error.recipients}") from error
    except smtplib.SMTPResponseException as error:
        reason = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
        if 500 <= error.smtp_code < 600:
            raise PermanentDeliveryError(reason) from error
        raise TransientDeliveryError(reason) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TransientDeliveryError(f"Mail server unreachable: {error}") from error


def post_webhook(*, url: str, payload: dict, key: str = "",
                 timeout: float = WEBHOOK_TIMEOUT) -> None:
    post_json(url=url, body=json.dumps(payload).encode(), timeout=timeout,
              headers={IDEMPOTENCY_HEADER: key} if key else None)


def post_json(*, url: str, body: bytes, headers: dict | None = None,
              timeout: float = WEBHOOK_TIMEOUT) -> None:
    """POST a JSON body as it is (signatures cover these exact bytes)."""
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "metascrum",
                 **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read(2048)
    except urllib.error.HTTPError as error:
        reason = f"HTTP {error.code} from the webhook"
        if error.code in (408, 425, 429) or error.code >= 500:
            raise TransientDeliveryError(reason) from error
        raise PermanentDeliveryError(reason) from error
    except ValueError as error:  # not a URL urllib can open
        raise PermanentDeliveryError(f"Not a usable webhook URL: {error}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TransientDeliveryError(f"Webhook unreachable: {error}") from error


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(*, subject: str, text: str, link: str, mention: str = "") -> dict:
    """Slack's incoming-webhook shape: `text` as the fallback, `blocks` for the layout."""
    lead = f"{mention}: " if mention else ""
    body = f"*{_slack_escape(lead + subject)}*\n{_slack_escape(text)}"
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]
    if link:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "text": {"type": "plain_text", "text": _("Open in metascrum")},
            "url": link}]})
    fallback = f"{lead}{subject}\n{text}" + (f"\n{link}" if link else "")
    return {"text": fallback, "blocks": blocks}


def teams_payload(*, subject: str, text: str, link: str, mention: str = "") -> dict:
    """An Adaptive Card in a message, as Teams' incoming webhooks and Workflows accept it."""
    lead = f"{mention}: " if mention else ""
    card: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": lead + subject, "weight": "Bolder", "size": "Medium",
             "wrap": True},
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in metascrum"),
                            "url": link}]
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card}]}


def chat_payload(flavour: str, **message) -> dict:
    return teams_payload(**message) if flavour == "teams" else slack_payload(**message)


def html_body(*, subject: str, text: str, link: str) -> str:
    """A plain HTML alternative; cheap enough to build for ten thousand rows at once."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    button = (f'<p><a href="{escape(link)}" style="font-weight:bold">'
              f'{escape(_("Open in metascrum"))}</a></p>' if link else "")
    why = _("You get this because of your metascrum notification settings: %(url)s") % {
        "url": f"{settings.SITE_URL}/accounts/notifications/"}
    return (f"<!doctype html><html><body style=\"font-family:sans-serif\">"
            f"<h1 style=\"font-size:1.2em\">{escape(subject)}</h1>{paragraphs}{button}"
            f"<p style=\"color:#666;font-size:.85em\">{escape(why)}</p>"
            f"</body></html>")


# --- outgoing webhooks (events signed for a subscriber) -----------------------------------------
# Standard Webhooks (https://www.standardwebhooks.com): receivers verify a delivery with the
# `standardwebhooks` library of their language.

ID_HEADER = "webhook-id"
STANDARD_TIMESTAMP_HEADER = "webhook-timestamp"
STANDARD_SIGNATURE_HEADER = "webhook-signature"

# Our own scheme before Standard Webhooks: still sent, deprecated, removed after this date.
LEGACY_HEADERS_UNTIL = date(2027, 6, 30)
SIGNATURE_HEADER = "X-Metascrum-Signature"
TIMESTAMP_HEADER = "X-Metascrum-Timestamp"
EVENT_HEADER = "X-Metascrum-Event"
DELIVERY_HEADER = "X-Metascrum-Delivery"


def signature(secret: str, body: bytes) -> str:
    """The deprecated X-Metascrum-Signature: `sha256=` and the hex HMAC-SHA256 of the exact
    body bytes, keyed with the secret's own characters."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def standard_signature(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`, keyed with the secret's
    key (`signing_key`)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_event(*, envelope: dict, secrets: list[str], timestamp: int, delivery: str
                 ) -> tuple[bytes, dict]:
    """The body and headers of one delivery attempt, signed with each of `secrets` (the
    current one first; two during the overlap after a rotation).

    `webhook-id` is the event's id, the same for every attempt, so receivers dedupe on it;
    `webhook-timestamp` is this attempt's, and signed, so an old delivery cannot be replayed.
    The body keeps its `timestamp` (the same moment) for the deprecated headers' receivers.
    """
    body = json.dumps({**envelope, "timestamp": timestamp}, separators=(",", ":"),
                      ensure_ascii=False).encode()
    msg_id = str(envelope["id"])
    return body, {
        ID_HEADER: msg_id,
        STANDARD_TIMESTAMP_HEADER: str(timestamp),
        STANDARD_SIGNATURE_HEADER: " ".join(
            standard_signature(s, msg_id=msg_id, timestamp=timestamp, body=body)
            for s in secrets),
        SIGNATURE_HEADER: signature(secrets[0], body),
        TIMESTAMP_HEADER: str(timestamp),
        EVENT_HEADER: str(envelope.get("event", "")),
        DELIVERY_HEADER: delivery,
    }
