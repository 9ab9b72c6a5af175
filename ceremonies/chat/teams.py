"""Microsoft Teams, through an outgoing webhook: a person @mentions the webhook in the channel
it was made for, Teams posts that message activity to us signed, and our answer is posted
publicly in the channel; it must come within five seconds, so only quick work is done here.

Every answer is public and the webhook can neither write to one person nor open a form, so
only what the whole channel may read is done: `today`, `help`, `link`, and `impediment <text>`
for a linked person (whose text is in the channel already). `update` and `inbox` point to
metascrum's pages or the Slack/Mattermost app.

Linking: `link` answers with a one-time link (10 minutes) to metascrum's confirmation page,
which names the Teams account before anything is linked. Whoever opens it signed in links that
account to themselves; a colleague who opened it instead gains nothing (the account would act
as the colleague, not the other way round), and each answer names the person it acted as.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ceremonies.chat import services
from ceremonies.chat.services import Caller
from metascrum.lib.links import absolute
from programmes.models import ChatApp, ChatLinkToken, Person
from programmes.models.chat import link_token_hash
from programmes.notifications.chat_app import Message, language_of
from programmes.permissions import access_for

REPLAY_WINDOW = 300  # seconds: an activity older than this is refused, signed or not
LINK_VALID_FOR = timedelta(minutes=10)  # the link is public in the channel: short-lived
MENTION = re.compile(r"<at>.*?</at>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass
class Activity:
    """The parts of a Teams message activity we use."""

    id: str
    user_id: str  # the sender's Microsoft Entra (AAD) object id
    user_name: str
    tenant: str
    text: str
    locale: str
    timestamp: datetime | None


def read_activity(body: bytes) -> Activity | None:
    try:
        data = json.loads(body)
        sender = data["from"]
        activity_id = str(data["id"])
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(sender, dict) or data.get("type") != "message":
        return None
    tenant = ((data.get("channelData") or {}).get("tenant") or {}).get("id") \
        or (data.get("conversation") or {}).get("tenantId") or ""
    return Activity(id=activity_id, user_id=str(sender.get("aadObjectId") or sender.get("id")
                                                or ""),
                    user_name=str(sender.get("name") or ""), tenant=str(tenant),
                    text=command_text(str(data.get("text") or "")),
                    locale=str(data.get("locale") or ""),
                    timestamp=_when(data.get("timestamp")))


def _when(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def command_text(text: str) -> str:
    """What was typed after the @mention: Teams sends it as HTML, mention included."""
    plain = TAG.sub(" ", MENTION.sub(" ", text))
    return " ".join(html.unescape(plain).replace("\xa0", " ").split())


def fresh(activity: Activity, now: datetime) -> bool:
    return (activity.timestamp is not None and activity.timestamp.tzinfo is not None
            and abs((now - activity.timestamp).total_seconds()) <= REPLAY_WINDOW)


def language(person: Person | None, activity: Activity) -> str:
    """A linked person's language; otherwise the sender's Teams client's, when we have it."""
    if person is not None and getattr(person, "language", ""):
        return language_of(person)
    try:
        return translation.get_supported_language_variant(activity.locale.lower())
    except LookupError:
        return settings.LANGUAGE_CODE


def answer(app: ChatApp, activity: Activity) -> str:
    """The text to post in the channel, in the sender's language."""
    caller = Caller(app=app, user_id=activity.user_id, user_name=activity.user_name)
    person = services.person_of(caller)
    with translation.override(language(person, activity)):
        return as_text(_command(caller, person, activity.text))


def _command(caller: Caller, person: Person | None, text: str) -> Message:
    word, _space, rest = text.partition(" ")
    word = word.lower()
    if word == "today":
        return services.today_message(caller.app.programme)
    if word == "link":
        return _link(caller, person)
    if word in ("update", "inbox"):
        return Message(title=_("Not in Teams: its answers are public"), text=_(
            "Use metascrum's pages for this, or the Slack or Mattermost app, which answer you "
            "alone."), link=absolute(reverse("programmes:home",
                                             kwargs={"slug": caller.app.programme.slug})))
    if word == "impediment":
        return _impediment(caller, person, rest.strip())
    return Message(title="metascrum", text=help_text())


def help_text() -> str:
    return _("@metascrum today shows who has posted for the Scrum of Scrums · @metascrum "
             "impediment <text> raises one for your team · @metascrum link links your Teams "
             "account to metascrum · @metascrum help shows this. Everything is answered in "
             "the channel, so your update and your inbox stay in metascrum.")


def _link(caller: Caller, person: Person | None) -> Message:
    """A new link even for a linked account: the account (Teams vouches for it) may move its
    link, e.g. after a colleague opened the public link by mistake."""
    token = secrets.token_urlsafe(24)
    ChatLinkToken.objects.create(app=caller.app, user_id=caller.user_id,
                                 user_name=caller.user_name[:120],
                                 token_hash=link_token_hash(token),
                                 expires_at=timezone.now() + LINK_VALID_FOR)
    if person is not None:
        title = _("%(name)s: this Teams account acts as %(person)s; to change that, use this "
                  "link") % {"name": caller.user_name, "person": person}
    else:
        title = _("%(name)s: link your Teams account to metascrum") % {"name": caller.user_name}
    return Message(
        title=title,
        text=_("Open this one-time link now, signed in to metascrum, and confirm: it works "
               "once, within 10 minutes. The page names the Teams account before anything is "
               "linked; if it is not yours, close it."),
        link=absolute(reverse("ceremonies:chat_link", kwargs={"token": token})))


def _impediment(caller: Caller, person: Person | None, text: str) -> Message:
    if person is None:
        return Message(title=_("Link your Teams account first"),
                       text=_("Type @metascrum link: impediments are raised in your name."))
    access = access_for(person, caller.app.programme)
    if not access.may_view:
        return Message(title=_("You have no role in %(programme)s.")
                       % {"programme": caller.app.programme})
    said = services.impediment(caller, access, text).ephemeral[0]
    return Message(title=said.title, text=_("%(text)s (as %(person)s)")
                   % {"text": said.text, "person": person} if said.text else said.text)


def as_text(message: Message) -> str:
    """A message as Teams shows a webhook's answer: Markdown, one paragraph a line."""
    parts = [f"**{_escape(message.title)}**"]
    parts += [_escape(line) for line in message.text.splitlines() if line.strip()]
    if message.link:
        parts.append(f"[{_('Open in metascrum')}]({message.link})")
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("*", "\\*").replace("_", "\\_")


def reply(text: str) -> dict:
    return {"type": "message", "text": text}
