"""Talking to a programme's chat app: Slack's Web API and Mattermost's REST API.

A message is described once (`Message`: a title, text, a link, buttons) and rendered for the
platform here: Slack blocks, or a Mattermost attachment whose buttons post back to us with a
context we sign (`action_signature`), since Mattermost does not sign them itself. Errors are
the channels' delivery errors: 429 and 5xx are transient (`retry_after` says how long the
platform asks us to wait), the rest permanent. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from metascrum.lib.links import absolute
from programmes.models import ChatApp
from programmes.notifications.channels import (
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)

__all__ = ["DeliveryError", "PermanentDeliveryError", "TransientDeliveryError"]

TIMEOUT = 10  # seconds, from a worker
UPDATE_EVENT = "metascrum_update_posted"  # Slack's message metadata of a broadcast update
UPDATE_PROP = "metascrum_update_id"  # the same in a Mattermost post's props
QUICK_TIMEOUT = 2  # seconds, inside a request the platform wants answered within 3


class RateLimited(TransientDeliveryError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Button:
    label: str
    action: str  # "update.open", "feedback.ack", …
    value: str  # what it acts on: "team:5", "feedback:12"
    style: str = ""  # "primary" or "danger"


@dataclass
class Message:
    title: str
    text: str = ""
    link: str = ""
    buttons: list[Button] = field(default_factory=list)
    user: str = ""  # the chat user the buttons are for (Mattermost's signed context)
    language: str = ""  # what it is rendered in (its "Open in metascrum"); "" the active one

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Message:
        return cls(title=data.get("title", ""), text=data.get("text", ""),
                   link=data.get("link", ""), user=data.get("user", ""),
                   language=data.get("language", ""),
                   buttons=[Button(**b) for b in data.get("buttons", [])])


def language_of(person) -> str:
    """The language a message to this person goes out in: theirs when they chose one."""
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


def action_signature(app: ChatApp, *parts: str) -> str:
    """Our HMAC over what a Mattermost button or dialog carries, and whom it is for."""
    text = "\n".join(parts).encode()
    return hmac.new(app.action_secret.encode(), text, hashlib.sha256).hexdigest()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack(message: Message) -> dict:
    body = f"*{_escape(message.title)}*" + (f"\n{_escape(message.text)}" if message.text else "")
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]
    elements = []
    for button in message.buttons:
        element = {"type": "button", "text": {"type": "plain_text", "text": button.label},
                   "action_id": button.action, "value": button.value}
        if button.style:
            element["style"] = button.style
        elements.append(element)
    if message.link:
        elements.append({"type": "button", "action_id": "link",
                         "text": {"type": "plain_text", "text": _("Open in metascrum")},
                         "url": message.link})
    if elements:
        blocks.append({"type": "actions", "elements": elements})
    fallback = message.title + (f"\n{message.text}" if message.text else "")
    return {"text": fallback, "blocks": blocks}


def mattermost_actions_url(app: ChatApp) -> str:
    return absolute(reverse("ceremonies:chat_interactions",
                            kwargs={"slug": app.programme.slug, "platform": app.platform}))


def _mattermost(app: ChatApp, message: Message) -> dict:
    url = mattermost_actions_url(app)
    actions = []
    for n, button in enumerate(message.buttons):
        context = {"action": button.action, "value": button.value, "user": message.user,
                   "sig": action_signature(app, button.action, button.value, message.user)}
        action = {"id": f"b{n}{button.action.replace('.', '')}", "name": button.label,
                  "type": "button", "integration": {"url": url, "context": context}}
        if button.style:
            action["style"] = button.style
        actions.append(action)
    text = message.text + (f"\n[{_('Open in metascrum')}]({message.link})" if message.link
                           else "")
    attachment = {"fallback": message.title, "title": message.title, "text": text}
    if actions:
        attachment["actions"] = actions
    return {"message": "", "props": {"attachments": [attachment]}}


def render(app: ChatApp, message: Message) -> dict:
    """The message as the platform takes it in a post, an update or a response URL."""
    if message.language:
        with translation.override(message.language):
            return _render(app, message)
    return _render(app, message)


def _render(app: ChatApp, message: Message) -> dict:
    if app.platform == ChatApp.Platform.SLACK:
        return _slack(message)
    return _mattermost(app, message)


# --- HTTP ---------------------------------------------------------------------------------------

def call(url: str, payload, *, token: str = "", method: str = "POST",
         timeout: float = TIMEOUT) -> dict:
    """Send JSON, return the JSON answer; the delivery errors on failure."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "metascrum"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        reason = f"HTTP {error.code} from {url.split('?')[0]}"
        if error.code == 429:
            # Slack says Retry-After; Mattermost says when its window resets.
            wait = error.headers.get("Retry-After") or error.headers.get("X-Ratelimit-Reset")
            raise RateLimited(reason, _retry_after(wait)) from error
        if error.code in (408, 425) or error.code >= 500:
            raise TransientDeliveryError(reason) from error
        raise PermanentDeliveryError(reason) from error
    except ValueError as error:
        raise PermanentDeliveryError(f"Not a usable URL: {error}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TransientDeliveryError(f"Chat platform unreachable: {error}") from error
    try:
        answer = json.loads(raw) if raw.strip() else {}
    except ValueError:
        answer = {}
    if isinstance(answer, dict) and answer.get("ok") is False:  # Slack says no with 200
        if answer.get("error") == "ratelimited":
            raise RateLimited("Slack: ratelimited", 30)
        raise PermanentDeliveryError(f"Slack: {answer.get('error', 'refused')}")
    return answer if isinstance(answer, dict) else {"items": answer}


def _retry_after(value: str | None) -> int:
    try:
        return max(1, min(int(value or 30), 3600))
    except ValueError:
        return 30


def post_message(app: ChatApp, *, channel: str, message: Message, thread: str = "",
                 update_id: int | None = None) -> str:
    """Post to a channel (or a person's direct channel); returns the new message's id. A
    broadcast update carries its id in the message (Slack's metadata, Mattermost's props),
    so it can be found again."""
    body = render(app, message)
    if app.platform == ChatApp.Platform.SLACK:
        body = {**body, "channel": channel, **({"thread_ts": thread} if thread else {})}
        if update_id is not None:
            body["metadata"] = {"event_type": UPDATE_EVENT,
                                "event_payload": {"update_id": update_id}}
        return call(f"{app.api_base}/chat.postMessage", body, token=app.bot_token).get("ts", "")
    body = {**body, "channel_id": channel, **({"root_id": thread} if thread else {})}
    if update_id is not None:
        body["props"] = {**body["props"], UPDATE_PROP: str(update_id)}
    return call(f"{app.api_base}/posts", body, token=app.bot_token).get("id", "")


def find_update_post(app: ChatApp, *, channel: str, thread: str, update_id: int,
                     since: datetime) -> str:
    """The id of the message broadcasting this update, if it is in the channel (top level, or
    in the day's thread) since `since`; "" if not."""
    if app.platform == ChatApp.Platform.SLACK:
        query = {"channel": channel, "oldest": f"{since.timestamp():.6f}",
                 "include_all_metadata": "true", "limit": 200}
        found = _slack_get(app, "conversations.history", query)
        if thread:
            found += _slack_get(app, "conversations.replies", {**query, "ts": thread})
        for message in found:
            metadata = message.get("metadata") or {}
            if (metadata.get("event_type") == UPDATE_EVENT and str(
                    (metadata.get("event_payload") or {}).get("update_id")) == str(update_id)):
                return message.get("ts", "")
        return ""
    query = urllib.parse.urlencode({"since": int(since.timestamp() * 1000)})
    answer = call(f"{app.api_base}/channels/{urllib.parse.quote(channel)}/posts?{query}", None,
                  token=app.bot_token, method="GET")
    for post in (answer.get("posts") or {}).values():
        if str((post.get("props") or {}).get(UPDATE_PROP, "")) == str(update_id):
            return post.get("id", "")
    return ""


def _slack_get(app: ChatApp, method: str, query: dict) -> list[dict]:
    answer = call(f"{app.api_base}/{method}?{urllib.parse.urlencode(query)}", None,
                  token=app.bot_token, method="GET")
    return list(answer.get("messages") or [])


def respond(app: ChatApp, response_url: str, message: Message, *, replace: bool,
            timeout: float = TIMEOUT) -> None:
    """Answer through a response URL: replace the message the button was on, or add an
    ephemeral one."""
    body = render(app, message)
    if app.platform == ChatApp.Platform.SLACK:
        body = {**body, "replace_original": replace,
                **({} if replace else {"response_type": "ephemeral"})}
    else:
        body = {**body, "response_type": "ephemeral", "text": message.title}
    call(response_url, body, timeout=timeout)


def direct_channel(app: ChatApp, user_id: str) -> str:
    """Where the app writes to one person: Slack posts to a user id; Mattermost needs the
    direct channel of the bot and the person."""
    if app.platform == ChatApp.Platform.SLACK:
        return user_id
    me = call(f"{app.api_base}/users/me", None, token=app.bot_token, method="GET")
    channel = call(f"{app.api_base}/channels/direct", [me.get("id", ""), user_id],
                   token=app.bot_token)
    return channel.get("id", "")


def user_email(app: ChatApp, user_id: str) -> str:
    """The chat account's email address, when the platform shows it to the app ("" if not)."""
    if app.platform == ChatApp.Platform.SLACK:
        query = urllib.parse.urlencode({"user": user_id})
        answer = call(f"{app.api_base}/users.info?{query}", None, token=app.bot_token,
                      method="GET")
        return ((answer.get("user") or {}).get("profile") or {}).get("email", "") or ""
    answer = call(f"{app.api_base}/users/{urllib.parse.quote(user_id)}", None,
                  token=app.bot_token, method="GET")
    return answer.get("email", "") or ""


def open_dialog(app: ChatApp, *, trigger_id: str, dialog: dict) -> None:
    """Open a Slack modal (views.open) or a Mattermost interactive dialog, within the
    three seconds the trigger lives."""
    if app.platform == ChatApp.Platform.SLACK:
        call(f"{app.api_base}/views.open", {"trigger_id": trigger_id, "view": dialog},
             token=app.bot_token, timeout=QUICK_TIMEOUT)
        return
    call(f"{app.api_base}/actions/dialogs/open",
         {"trigger_id": trigger_id, "url": mattermost_actions_url(app), "dialog": dialog},
         token=app.bot_token, timeout=QUICK_TIMEOUT)


def update_post(app: ChatApp, post_id: str, message: Message) -> None:
    """Mattermost: change a post of ours in place (after a dialog, which has no response
    URL for the message it came from)."""
    body = render(app, message)
    call(f"{app.api_base}/posts/{post_id}/patch", {"message": body["message"],
                                                   "props": body["props"]},
         token=app.bot_token, method="PUT")
