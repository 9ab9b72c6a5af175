"""What the chat app does for a person: the slash command, the buttons, the dialogs.

Every action goes through the service the page uses (update_save, impediment_raise,
feedback_acknowledge/answer/close), so chat refuses exactly what the page refuses. Nothing is
done for a chat account that is not linked to a person, and a person acts only in the
programme whose app they were linked through.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ceremonies.chat import blocks
from ceremonies.meetings.posting import next_sos, posting_tree
from ceremonies.models import DailyUpdate, Meeting
from ceremonies.updates import services as updates
from feedback import selectors as feedback_selectors
from feedback import services as feedback
from feedback.models import FeedbackItem
from feedback.permissions import powers_for
from metascrum.lib.links import absolute
from programmes.models import (
    ChatApp,
    ChatIdentity,
    ChatLinkToken,
    ChatReceipt,
    Person,
    Team,
)
from programmes.models.chat import link_token_hash
from programmes.notifications import chat_app
from programmes.notifications.chat_app import Message, language_of
from programmes.permissions import Access, access_for

LINK_VALID_FOR = timedelta(hours=1)
RECEIPTS_KEPT = timedelta(days=1)  # platforms retry within minutes; older ones are forgotten
INBOX_LIMIT = 10


@dataclass
class Caller:
    """Who pressed or typed, as the platform says (the request is verified before)."""

    app: ChatApp
    user_id: str
    user_name: str = ""
    trigger_id: str = ""
    response_url: str = ""
    post_id: str = ""  # Mattermost: the message a button was on


@dataclass
class Reply:
    """What to answer: ephemeral messages, the message the button was on replaced, field
    errors of a dialog, or a dialog to open."""

    ephemeral: list[Message] = field(default_factory=list)
    replace: Message | None = None
    errors: dict[str, str] = field(default_factory=dict)
    link_token: str = ""  # a new link to send the caller in a direct message

    @classmethod
    def say(cls, title: str, text: str = "") -> Reply:
        return cls(ephemeral=[Message(title=title, text=text)])


def receipt_key(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def first_delivery(app: ChatApp, body: bytes) -> bool:
    """False for a request already acted on: a platform's retry carries the same body."""
    key = receipt_key(body)
    now = timezone.now()
    try:
        with transaction.atomic():
            ChatReceipt.objects.create(app=app, key=key, received_at=now)
    except IntegrityError:
        return False
    ChatReceipt.objects.filter(app=app, received_at__lt=now - RECEIPTS_KEPT).delete()
    return True


def person_of(caller: Caller) -> Person | None:
    identity = (ChatIdentity.objects.filter(app=caller.app, user_id=caller.user_id,
                                            person__is_active=True)
                .select_related("person").first())
    return identity.person if identity else None


def link_offer(caller: Caller, *, dm_channel: str = "") -> Reply:
    """An unlinked account: make a one-time link, to be sent in a direct message."""
    token = secrets.token_urlsafe(24)
    ChatLinkToken.objects.create(app=caller.app, user_id=caller.user_id,
                                 user_name=caller.user_name[:120], dm_channel=dm_channel,
                                 token_hash=link_token_hash(token),
                                 expires_at=timezone.now() + LINK_VALID_FOR)
    reply = Reply.say(_("Link your metascrum account first"),
                      _("I have sent you a direct message with a one-time link. Open it while "
                        "signed in to metascrum; nothing is done in your name before that."))
    reply.link_token = token
    return reply


def in_their_language(act):
    """Act and answer in the person's language, including what a worker sends later."""
    @functools.wraps(act)
    def acting(caller: Caller, person: Person, *args):
        language = language_of(person)
        with translation.override(language):
            done = act(caller, person, *args)
        reply = done[0] if isinstance(done, tuple) else done
        for message in [*reply.ephemeral, *filter(None, [reply.replace])]:
            message.language = language
        return done
    return acting


# --- the slash command --------------------------------------------------------------------------

@in_their_language
def command(caller: Caller, person: Person, text: str) -> Reply:
    word, _space, rest = text.strip().partition(" ")
    access = access_for(person, caller.app.programme)
    if not access.may_view:
        return Reply.say(_("You have no role in %(programme)s.")
                         % {"programme": caller.app.programme})
    handler = COMMANDS.get(word.lower())
    if handler is None:
        return Reply.say("metascrum", str(blocks.HELP))
    return handler(caller, access, rest.strip())


def _help(caller: Caller, access: Access, rest: str) -> Reply:
    return Reply.say("metascrum", str(blocks.HELP))


def _teams_i_post_for(access: Access) -> list[Team]:
    teams = access.programme.teams.order_by("name")
    return [team for team in teams if updates.may_post(access, team)]


def _update(caller: Caller, access: Access, rest: str) -> Reply:
    teams = _teams_i_post_for(access)
    if rest:
        teams = [t for t in teams if t.name.lower() == rest.lower()]
    if not teams:
        return Reply.say(_("You do not post a team's update here"),
                         _("Only a team's Scrum Master (or its members, when allowed) posts "
                           "its update in %(programme)s.") % {"programme": access.programme})
    return open_update_dialog(caller, access, teams[0])


def open_update_dialog(caller: Caller, access: Access, team: Team, *, origin: dict | None = None
                       ) -> Reply:
    if not updates.may_post(access, team):
        return Reply.say(_("You do not post this team's update"),
                         _("Only %(team)s's Scrum Master (or its members, when allowed) posts "
                           "its update.") % {"team": team})
    meeting = next_sos(access.programme)
    if meeting is None:
        return Reply.say(_("%(programme)s has no Scrum of Scrums coming up.")
                         % {"programme": access.programme})
    current = updates.update_for(team, meeting)
    previous = (DailyUpdate.objects.filter(team=team, meeting__scheduled_start__lt=
                                           meeting.scheduled_start)
                .order_by("-meeting__scheduled_start").first())
    state = {"team": team.pk, "meeting": meeting.pk,
             "version": current.version if current else 0, "origin": origin or {}}
    dialog = blocks.update_dialog(caller.app, team=team, state=state, user=caller.user_id,
                                  initial=blocks.update_initial(team, current, previous))
    try:
        chat_app.open_dialog(caller.app, trigger_id=caller.trigger_id, dialog=dialog)
    except chat_app.DeliveryError:
        return Reply.say(_("The update form could not be opened"),
                         _("The chat platform did not answer in time; try again."))
    return Reply()


def impediment(caller: Caller, access: Access, rest: str) -> Reply:
    if not rest:
        return Reply.say(_("Say what the impediment is"),
                         _("For example: /metascrum impediment The test environment is down"))
    teams = [t for t in access.programme.teams.order_by("name") if access.member_of(t)]
    if not teams:
        return Reply.say(_("Impediments are raised by a team"),
                         _("You are in no team of %(programme)s.")
                         % {"programme": access.programme})
    try:
        item = feedback.impediment_raise(programme=access.programme, team=teams[0],
                                         title=rest[:200], details=rest, raised_by=access.person,
                                         source="chat")
    except feedback.FeedbackError as refused:
        return Reply.say(_("Not raised"), str(refused))
    return Reply.say(_("Impediment raised for %(team)s: %(title)s")
                     % {"team": teams[0], "title": item.title},
                     _("It waits on %(holder)s.") % {"holder": item.holder_label})


def _inbox(caller: Caller, access: Access, rest: str) -> Reply:
    items = list(feedback_selectors.inbox(access.person)["waiting_for_me"][:INBOX_LIMIT])
    if not items:
        return Reply.say(_("Nothing waits for you."))
    if len(items) == INBOX_LIMIT:
        title = _("%(count)d items waiting for you (the oldest first; more on the inbox "
                  "page)") % {"count": len(items)}
    else:
        title = ngettext("%(count)d item waiting for you", "%(count)d items waiting for you",
                         len(items)) % {"count": len(items)}
    messages = [Message(title=title)]
    for item in items:
        messages.append(blocks.item_message(item, powers_for(access.person, item),
                                            user=caller.user_id,
                                            link=absolute(item.get_absolute_url())))
    return Reply(ephemeral=messages)


def _today(caller: Caller, access: Access, rest: str) -> Reply:
    return Reply(ephemeral=[today_message(access.programme)])


def today_message(programme) -> Message:
    """The today page in brief: who has posted for the coming Scrum of Scrums."""
    own = posting_tree(programme).own
    if own.meeting is None:
        return Message(title=_("%(programme)s: no Scrum of Scrums coming up.")
                       % {"programme": programme})
    local = own.meeting.scheduled_start.astimezone(programme.tzinfo)
    lines = [_("%(team)s: %(state)s") % {
        "team": team.name, "state": team.update.get_health_display()
        if team.update is not None else _("not posted yet")} for team in own.teams]
    link = absolute(reverse("ceremonies:today", kwargs={"slug": programme.slug}))
    when = f"{date_format(local, 'D')} {date_format(local, 'TIME_FORMAT')}"
    title = ngettext("%(meeting)s at %(when)s: %(posted)d of %(count)d team posted",
                     "%(meeting)s at %(when)s: %(posted)d of %(count)d teams posted",
                     len(own.teams)) % {"meeting": own.meeting.title, "when": when,
                                        "posted": own.posted, "count": len(own.teams)}
    return Message(title=title, text="\n".join(lines), link=link)


COMMANDS = {"help": _help, "update": _update, "impediment": impediment, "inbox": _inbox,
            "today": _today}


# --- buttons ------------------------------------------------------------------------------------

def _thing(value: str, kind: str) -> int | None:
    prefix, _colon, pk = value.partition(":")
    return int(pk) if prefix == kind and pk.isdigit() and len(pk) < 10 else None


@in_their_language
def action(caller: Caller, person: Person, name: str, value: str) -> Reply:
    if name == "update.open":
        team = Team.objects.filter(pk=_thing(value, "team")).select_related("programme").first()
        if team is None or team.programme_id != caller.app.programme_id:
            return Reply.say(_("This team is not in the app's programme."))
        origin = {"response_url": caller.response_url, "post_id": caller.post_id}
        return open_update_dialog(caller, access_for(person, team.programme), team,
                                  origin=origin)
    if name in ("feedback.ack", "feedback.answer", "feedback.close"):
        item = FeedbackItem.objects.filter(pk=_thing(value, "feedback")).first()
        if item is None:
            return Reply.say(_("This item no longer exists."))
        return _feedback(caller, person, name, item)
    return Reply.say(_("This button is not one of ours."))


def _feedback(caller: Caller, person: Person, name: str, item: FeedbackItem) -> Reply:
    powers = powers_for(person, item)
    if not powers.may_view:
        return Reply.say(_("This item is not in a programme of yours."))
    if name == "feedback.answer":
        if not powers.holds:
            return Reply.say(_("Only the current holder answers this item."))
        state = {"item": item.pk, "origin": {"response_url": caller.response_url,
                                             "post_id": caller.post_id}}
        dialog = blocks.answer_dialog(caller.app, item=item, state=state, user=caller.user_id)
        try:
            chat_app.open_dialog(caller.app, trigger_id=caller.trigger_id, dialog=dialog)
        except chat_app.DeliveryError:
            return Reply.say(_("The answer form could not be opened; try again."))
        return Reply()
    try:
        if name == "feedback.ack":
            item = feedback.feedback_acknowledge(item=item, by=person)
            done = _("Acknowledged by %(person)s.") % {"person": person}
        else:
            item = feedback.feedback_close(item=item, by=person)
            done = _("Closed by %(person)s.") % {"person": person}
    except feedback.FeedbackError as refused:
        return Reply.say(_("Not done"), str(refused))
    return Reply(replace=_outcome(item, person, caller, done))


def _outcome(item: FeedbackItem, person: Person, caller: Caller, note: str) -> Message:
    """The message the button was on, now showing what happened and what is left to do."""
    item.refresh_from_db()
    return blocks.item_message(item, powers_for(person, item), user=caller.user_id,
                               link=absolute(item.get_absolute_url()), note=note)


# --- dialogs ------------------------------------------------------------------------------------

@in_their_language
def dialog_submitted(caller: Caller, person: Person, callback: str, state: str, values: dict
                     ) -> tuple[Reply, dict]:
    """Act on a submitted dialog; returns the reply and where the dialog came from (a
    message to update in place)."""
    data = blocks.read_state(caller.app, caller.user_id, state)
    if data is None:
        return Reply.say(_("This form was not opened by metascrum for you.")), {}
    origin = data.get("origin") or {}
    if callback == blocks.UPDATE_DIALOG:
        return _update_submitted(person, data, values), origin
    if callback == blocks.ANSWER_DIALOG:
        return _answer_submitted(caller, person, data, values), origin
    return Reply.say(_("This form is not one of ours.")), {}


def _update_submitted(person: Person, data: dict, values: dict) -> Reply:
    team = Team.objects.filter(pk=data.get("team")).select_related("programme").first()
    meeting = Meeting.objects.filter(pk=data.get("meeting")).first()
    if team is None or meeting is None:
        return Reply(errors={"done": _("This team or meeting no longer exists.")})
    current = updates.update_for(team, meeting)
    form = blocks.update_form(values, team=team, current=current)
    if not form.is_valid():
        return Reply(errors=blocks.form_errors(form))
    try:
        saved = updates.update_save(team=team, by=person, version=data.get("version") or None,
                                    meeting=meeting, **form.update_fields)
    except updates.UpdateError as refused:
        errors = {name if name in values else "done": " ".join(messages)
                  for name, messages in refused.errors.items()}
        return Reply(errors=errors or {"done": str(refused)})
    return Reply(replace=Message(
        title=_("%(team)s's update is posted (version %(version)s)")
        % {"team": team, "version": saved.version},
        text=_("Health: %(health)s. Posted by %(person)s.")
        % {"health": saved.get_health_display(), "person": person},
        link=absolute(reverse("ceremonies:update_history",
                              kwargs={"slug": team.programme.slug, "team_id": team.pk}))))


def _answer_submitted(caller: Caller, person: Person, data: dict, values: dict) -> Reply:
    item = FeedbackItem.objects.filter(pk=data.get("item")).first()
    if item is None:
        return Reply(errors={"answer": _("This item no longer exists.")})
    try:
        item = feedback.feedback_answer(item=item, by=person, text=values.get("answer") or "")
    except feedback.FeedbackError as refused:
        return Reply(errors={"answer": str(refused)})
    return Reply(replace=_outcome(item, person, caller,
                                  _("Answered by %(person)s.") % {"person": person}))

