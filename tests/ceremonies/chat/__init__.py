"""Helpers for the chat app's tests: a local stand-in for Slack's and Mattermost's APIs, apps
installed against it, and requests signed the way each platform signs them."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.urls import reverse
from django.utils import timezone

from ceremonies.chat.signing import slack_signature, teams_signature
from programmes.models import ChatApp, ChatIdentity
from programmes.notifications.chat_app import action_signature

SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the example secret of Slack's docs
MATTERMOST_TOKEN = "xr3j5x3p4pfk7kx9xx4ykm1cne"
WORKSPACE = "T0001"


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: object
    answer: dict = None  # what the stand-in answered (a posted message's ts or id)


class Platform(ThreadingHTTPServer):
    """Answers the API calls the app makes, as Slack and Mattermost would, and keeps them."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[Call] = []
        self.statuses: dict[str, list[int]] = {}  # path -> statuses to answer first
        self.lock = threading.Lock()
        self.count = 0
        self.emails: dict[str, str] = {}  # chat user id -> the email the platform shows
        self.rate_headers: dict[str, str] = {"Retry-After": "1"}  # sent with a 429

    def url(self, path="") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def to(self, path: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if path in (c.path, c.path.split("?")[0])]

    def clear(self):
        with self.lock:
            self.calls.clear()
            self.statuses.clear()
            self.emails.clear()
            self.rate_headers = {"Retry-After": "1"}

    def answer(self, path: str) -> dict:
        self.count += 1
        route, _, query = path.partition("?")
        if route.endswith("/users.info"):
            user = urllib.parse.parse_qs(query)["user"][0]
            return {"ok": True, "user": {"id": user,
                                         "profile": {"email": self.emails.get(user, "")}}}
        if "/api/v4/users/" in route and not route.endswith("/me"):
            user = route.rsplit("/", 1)[-1]
            return {"id": user, "email": self.emails.get(user, "")}
        if route.endswith("/conversations.history") or route.endswith("/conversations.replies"):
            return {"ok": True, "messages": self._slack_messages(urllib.parse.parse_qs(query))}
        if route.startswith("/api/v4/channels/") and route.endswith("/posts"):
            channel = route.split("/")[4]
            posts = {c.answer["id"]: {**c.body, "id": c.answer["id"]}
                     for c in self.calls if c.path == "/api/v4/posts"
                     and c.body.get("channel_id") == channel}
            return {"order": list(posts), "posts": posts}
        if path.endswith("/chat.postMessage"):
            return {"ok": True, "ts": f"1700000000.{self.count:06d}", "channel": "C1"}
        if path.endswith("/users/me"):
            return {"id": "bot-user"}
        if path.endswith("/channels/direct"):
            return {"id": "dm-channel"}
        if path.endswith("/api/v4/posts"):
            return {"id": f"post{self.count}"}
        return {"ok": True}


    def _slack_messages(self, query: dict) -> list[dict]:
        """A channel's top-level messages (history) or one thread (replies), with metadata."""
        channel = query["channel"][0]
        thread = query.get("ts", [""])[0]
        found = []
        for call in self.calls:
            if not call.path.endswith("/chat.postMessage") or call.body["channel"] != channel:
                continue
            in_thread = call.body.get("thread_ts", "")
            if (thread and thread in (in_thread, call.answer["ts"])) or (not thread
                                                                         and not in_thread):
                found.append({**call.body, "ts": call.answer["ts"]})
        return found


class _Handler(BaseHTTPRequestHandler):
    def _handle(self):
        server: Platform = self.server  # type: ignore[assignment]
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode()
        with server.lock:
            queue = server.statuses.get(self.path) or []
            status = queue.pop(0) if queue else 200
            answer = server.answer(self.path)
            if status == 200:
                server.calls.append(Call(self.command, self.path, dict(self.headers.items()),
                                         body, answer))
        self.send_response(status)
        if status == 429:
            for name, value in server.rate_headers.items():
                self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())

    do_POST = do_PUT = do_GET = _handle  # noqa: N815 (http.server's naming)

    def log_message(self, *args):
        pass


def start_platform() -> Platform:
    server = Platform()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def slack_app(programme, platform: Platform, *, channel="C-updates") -> ChatApp:
    return ChatApp.objects.create(programme=programme, platform=ChatApp.Platform.SLACK,
                                  workspace=WORKSPACE, signing_secret=SLACK_SECRET,
                                  bot_token="xoxb-test", api_url=platform.url("/slack"),
                                  channel=channel)


def mattermost_app(programme, platform: Platform, *, channel="") -> ChatApp:
    return ChatApp.objects.create(programme=programme, platform=ChatApp.Platform.MATTERMOST,
                                  workspace=WORKSPACE, signing_secret=MATTERMOST_TOKEN,
                                  bot_token="mm-bot-token", api_url=platform.url(""),
                                  channel=channel)


def link(app: ChatApp, person, user_id: str) -> ChatIdentity:
    return ChatIdentity.objects.create(app=app, person=person, user_id=user_id,
                                       user_name=user_id.lower(), dm_channel=user_id)


def endpoint(app: ChatApp, kind: str) -> str:
    return reverse(f"ceremonies:chat_{kind}",
                   kwargs={"slug": app.programme.slug, "platform": app.platform})


# --- Slack: form-encoded bodies signed with v0 ------------------------------------------------

def slack_headers(body: bytes, *, secret=SLACK_SECRET, timestamp: int | None = None,
                  retry: int | None = None) -> dict:
    stamp = str(int(timezone.now().timestamp()) if timestamp is None else timestamp)
    headers = {"HTTP_X_SLACK_REQUEST_TIMESTAMP": stamp,
               "HTTP_X_SLACK_SIGNATURE": slack_signature(secret, stamp, body)}
    if retry is not None:
        headers.update(HTTP_X_SLACK_RETRY_NUM=str(retry), HTTP_X_SLACK_RETRY_REASON="http_timeout")
    return headers


def slack_post(client, app: ChatApp, kind: str, fields: dict, **signing):
    body = urllib.parse.urlencode(fields).encode()
    return client.generic("POST", endpoint(app, kind), body,
                          content_type="application/x-www-form-urlencoded",
                          **slack_headers(body, **signing))


def slash(user_id: str, text: str, *, team_id=WORKSPACE, trigger="",
          response_url="https://hooks.slack.com/commands/T0001/1/abc") -> dict:
    """A slash command's fields, as Slack's documentation shows them; each invocation has its
    own trigger id."""
    trigger = trigger or f"13345224609.{uuid.uuid4().int % 10**9}.8088"
    return {"token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": team_id, "team_domain": "example",
            "enterprise_id": "", "channel_id": "C2147483705", "channel_name": "test",
            "user_id": user_id, "user_name": user_id.lower(), "command": "/metascrum",
            "text": text, "api_app_id": "A123456", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": trigger}


def block_action(user_id: str, action_id: str, value: str, *, response_url: str,
                 trigger="12466734323.1395872398", team_id=WORKSPACE) -> dict:
    """A button press (block_actions), shaped as in Slack's reference."""
    payload = {
        "type": "block_actions", "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A123456", "token": "9s8d9as89d8as9d8as989", "trigger_id": trigger,
        "container": {"type": "message", "message_ts": "1548261231.000200",
                      "channel_id": "D0001", "is_ephemeral": False},
        "channel": {"id": "D0001", "name": "directmessage"},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b1", "value": value,
                     "type": "button", "action_ts": f"{time.time():.6f}",
                     "text": {"type": "plain_text", "text": "Press"}}],
    }
    return {"payload": json.dumps(payload)}


def view_submission(user_id: str, view: dict, values: dict, *, team_id=WORKSPACE) -> dict:
    """The modal `view` (as we opened it) submitted with `values` (block id -> text)."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        given = values.get(block["block_id"])
        if element["type"] == "static_select":
            chosen = {"text": {"type": "plain_text", "text": given}, "value": given} \
                if given else None
            state[block["block_id"]] = {element["action_id"]: {
                "type": "static_select", "selected_option": chosen}}
        else:
            state[block["block_id"]] = {element["action_id"]: {
                "type": "plain_text_input", "value": given}}
    payload = {
        "type": "view_submission", "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A123456", "token": "9s8d9as89d8as9d8as989", "trigger_id": "1.2.3",
        "view": {**view, "id": "V0001", "hash": "156663117.cd33ad1f",
                 "state": {"values": state}},
        "response_urls": [],
    }
    return {"payload": json.dumps(payload)}


def opened_view(platform: Platform) -> dict:
    """The last modal the app asked Slack to open."""
    return platform.to("/slack/views.open")[-1].body["view"]


# --- Mattermost: the slash command's token, and our signed contexts --------------------------

def mm_command(client, app: ChatApp, user_id: str, text: str, *, token=MATTERMOST_TOKEN,
               team_id=WORKSPACE):
    fields = {"channel_id": "ch1", "channel_name": "town-square", "command": "/metascrum",
              "response_url": "http://127.0.0.1:1/hooks/commands/x", "team_domain": "example",
              "team_id": team_id, "text": text, "token": token, "trigger_id": "mm-trigger",
              "user_id": user_id, "user_name": user_id.lower()}
    return client.post(endpoint(app, "commands"), fields)


def mm_context(app: ChatApp, action: str, value: str, user_id: str) -> dict:
    return {"action": action, "value": value, "user": user_id,
            "sig": action_signature(app, action, value, user_id)}


def mm_button(client, app: ChatApp, user_id: str, context: dict, *, post_id="post-1"):
    body = {"user_id": user_id, "user_name": user_id.lower(), "channel_id": "dm",
            "team_id": WORKSPACE, "post_id": post_id, "trigger_id": "mm-trigger",
            "type": "", "data_source": "", "context": context}
    return client.post(endpoint(app, "interactions"), json.dumps(body),
                       content_type="application/json")


def mm_submit(client, app: ChatApp, user_id: str, dialog: dict, submission: dict):
    body = {"type": "dialog_submission", "callback_id": dialog["callback_id"],
            "state": dialog["state"], "user_id": user_id, "channel_id": "dm",
            "team_id": WORKSPACE, "submission": submission, "cancelled": False}
    return client.post(endpoint(app, "interactions"), json.dumps(body),
                       content_type="application/json")


# --- Microsoft Teams: an outgoing webhook's message activity, signed with HMAC ----------------

TEAMS_TOKEN = "cBlS0WjPS+P8WfWq6PZyGndF0/+m2Xqn2ZF8BQ7M8d8="  # base64, as Teams shows it
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def teams_app(programme) -> ChatApp:
    return ChatApp.objects.create(programme=programme, platform=ChatApp.Platform.TEAMS,
                                  workspace=TENANT, signing_secret=TEAMS_TOKEN)


def teams_activity(aad_id: str, text: str, *, name="", activity_id="", tenant=TENANT,
                   when=None, locale="en-US") -> dict:
    """A message activity as an outgoing webhook posts it: the text is HTML and starts with
    the webhook's @mention."""
    when = when or timezone.now()
    return {
        "type": "message", "id": activity_id or f"{uuid.uuid4().int % 10**13}",
        "timestamp": when.isoformat().replace("+00:00", "Z"),
        "localTimestamp": when.isoformat(), "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "channelId": "msteams",
        "from": {"id": f"29:1{aad_id}", "name": name or aad_id.title(), "aadObjectId": aad_id},
        "conversation": {"isGroup": True, "conversationType": "channel", "tenantId": tenant,
                         "id": "19:abc@thread.tacv2;messageid=1700000000000"},
        "recipient": None, "textFormat": "plain", "locale": locale,
        "text": f"<at>metascrum</at>&nbsp;{text}\n",
        "attachments": [{"contentType": "text/html",
                         "content": f"<div><div><span itemscope=\"\" itemtype=\"http://schema."
                                    f"skype.com/Mention\" itemid=\"0\">metascrum</span>&nbsp;"
                                    f"{text}</div></div>"}],
        "entities": [{"type": "clientInfo", "locale": locale, "platform": "Web"}],
        "channelData": {"teamsChannelId": "19:abc@thread.tacv2", "teamsTeamId": "19:def@thread"
                        ".tacv2", "channel": {"id": "19:abc@thread.tacv2"},
                        "team": {"id": "19:def@thread.tacv2"}, "tenant": {"id": tenant}},
    }


def teams_post(client, app: ChatApp, activity: dict, *, token=TEAMS_TOKEN, signed=True):
    """POST the activity as Teams does, with `Authorization: HMAC <base64>` over the body."""
    body = json.dumps(activity).encode()
    headers = {"HTTP_AUTHORIZATION": teams_signature(token, body)} if signed else {}
    return client.generic("POST", endpoint(app, "commands"), body,
                          content_type="application/json", **headers)
