"""What the chat app says: messages for feedback items and the brief pages, and the dialogs
(Slack modals, Mattermost interactive dialogs) for the update and an answer."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ceremonies.models import DailyUpdate, Health
from ceremonies.updates.forms import UpdateForm
from feedback.models import FeedbackItem
from feedback.permissions import ItemPowers
from programmes.models import ChatApp, Team
from programmes.notifications.chat_app import Button, Message, action_signature
from programmes.trackers.drafts import draft_for

Item = FeedbackItem
UPDATE_DIALOG = "update"
ANSWER_DIALOG = "answer"
# The update's fields in a dialog: (name, label, kind, required, max length).
UPDATE_FIELDS = (
    ("health", gettext_lazy("Health"), "select", True, 5),
    ("health_reason", gettext_lazy("Why (needed for amber and red)"), "text", False, 300),
    ("done", gettext_lazy("Done since the last update"), "textarea", False, 3000),
    ("next", gettext_lazy("Doing next"), "textarea", False, 3000),
    ("blockers", gettext_lazy("Slowing us down (one per line)"), "textarea", False, 3000),
    ("resources_needed", gettext_lazy("Shared resources we need"), "textarea", False, 2000),
)
HELP = gettext_lazy(
    "`/metascrum update` posts your team's update · `/metascrum impediment <text>` raises "
    "one for your team · `/metascrum inbox` shows what waits for you · `/metascrum today` "
    "shows who has posted for the Scrum of Scrums · `/metascrum help` shows this.")


def is_decision(item: Item) -> bool:
    return item.kind == Item.Kind.DECISION or item.closes_when_acknowledged


def item_buttons(item: Item, powers: ItemPowers) -> list[Button]:
    """The buttons a person has on the item's page: acknowledge, answer, close (originator)."""
    value = f"feedback:{item.pk}"
    buttons = []
    if item.state == Item.State.ROUTED and powers.may_acknowledge:
        buttons.append(Button(_("Acknowledge"), "feedback.ack", value, "primary"))
    if (not is_decision(item) and powers.holds
            and item.state in (Item.State.ROUTED, Item.State.ACKNOWLEDGED)):
        buttons.append(Button(pgettext("button", "Answer"), "feedback.answer", value))
    if powers.is_originator and item.state == Item.State.ANSWERED:
        buttons.append(Button(pgettext("button", "Close"), "feedback.close", value))
    return buttons


def item_message(item: Item, powers: ItemPowers, *, user: str, link: str, note: str = ""
                 ) -> Message:
    text = f"{item.get_kind_display()} · {item.get_state_display()}"
    if item.answer and item.state in (Item.State.ANSWERED, Item.State.CLOSED):
        text += "\n" + _("Answer: %(answer)s") % {"answer": item.answer}
    if note:
        text = f"{note}\n{text}"
    return Message(title=item.title, text=text, link=link, user=user,
                   buttons=item_buttons(item, powers))


# --- dialogs ------------------------------------------------------------------------------------

def _signed_state(app: ChatApp, user: str, data: dict) -> str:
    """Dialog state we get back on submission, signed with the user it was opened for."""
    body = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return json.dumps({"d": data, "sig": action_signature(app, "dialog", body, user)})


def read_state(app: ChatApp, user: str, state: str) -> dict | None:
    try:
        parsed = json.loads(state)
        data = parsed["d"]
        body = json.dumps(data, separators=(",", ":"), sort_keys=True)
    except (ValueError, KeyError, TypeError):
        return None
    if parsed.get("sig") != action_signature(app, "dialog", body, user):
        return None
    return data


def update_initial(team: Team, current: DailyUpdate | None, previous: DailyUpdate | None
                   ) -> dict:
    """The dialog's values: this meeting's update when there is one; otherwise "done" starts
    from what the previous update said would be next."""
    if current is not None:
        return {name: getattr(current, name) or "" for name, *_ in UPDATE_FIELDS}
    # The same tracker draft as the update form; without one, what was said would be next.
    drafted = draft_for(team, previous.posted_at if previous else None)
    return {"health": "", "done": previous.next if previous else "", **drafted}


def update_dialog(app: ChatApp, *, team: Team, initial: dict, state: dict, user: str) -> dict:
    title = (_("%(team)s update") % {"team": team.name})[:24]
    if app.platform == ChatApp.Platform.SLACK:
        return _slack_modal(UPDATE_DIALOG, title, _slack_update_blocks(initial),
                            _signed_state(app, user, state))
    elements = []
    for name, label, kind, required, length in UPDATE_FIELDS:
        element = {"display_name": str(label), "name": name, "optional": not required,
                   "default": initial.get(name, "") or ""}
        if kind == "select":
            element.update(type="select", options=[{"text": str(t), "value": v}
                                                   for v, t in Health.choices])
        else:  # Mattermost's one-line fields hold at most 150 characters
            element.update(type="textarea" if kind == "textarea" or length > 150 else "text",
                           max_length=length)
        elements.append(element)
    return {"callback_id": UPDATE_DIALOG, "title": title, "submit_label": _("Post"),
            "elements": elements, "state": _signed_state(app, user, state)}


def _slack_modal(callback: str, title: str, blocks: list, metadata: str) -> dict:
    return {"type": "modal", "callback_id": callback, "private_metadata": metadata,
            "title": {"type": "plain_text", "text": title},
            "submit": {"type": "plain_text", "text": _("Post")},
            "close": {"type": "plain_text", "text": _("Cancel")}, "blocks": blocks}


def _slack_update_blocks(initial: dict) -> list:
    blocks = []
    for name, label, kind, required, length in UPDATE_FIELDS:
        if kind == "select":
            options = [{"text": {"type": "plain_text", "text": str(t)}, "value": v}
                       for v, t in Health.choices]
            element = {"type": "static_select", "action_id": name, "options": options}
            chosen = [o for o in options if o["value"] == initial.get(name)]
            if chosen:
                element["initial_option"] = chosen[0]
        else:
            element = {"type": "plain_text_input", "action_id": name,
                       "multiline": kind == "textarea", "max_length": length}
            if initial.get(name):
                element["initial_value"] = initial[name]
        blocks.append({"type": "input", "block_id": name, "optional": not required,
                       "label": {"type": "plain_text", "text": str(label)},
                       "element": element})
    return blocks


def answer_dialog(app: ChatApp, *, item: Item, state: dict, user: str) -> dict:
    title = pgettext("dialog title", "Answer")
    label = _("The answer or the action taken")
    if app.platform == ChatApp.Platform.SLACK:
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": item.title}},
                  {"type": "input", "block_id": "answer",
                   "label": {"type": "plain_text", "text": label},
                   "element": {"type": "plain_text_input", "action_id": "answer",
                               "multiline": True, "max_length": 3000}}]
        return _slack_modal(ANSWER_DIALOG, title, blocks, _signed_state(app, user, state))
    return {"callback_id": ANSWER_DIALOG, "title": title,
            "submit_label": pgettext("button", "Answer"),
            "introduction_text": item.title,
            "elements": [{"display_name": label, "name": "answer",
                          "type": "textarea", "max_length": 3000}],
            "state": _signed_state(app, user, state)}


def slack_values(view: dict) -> dict:
    """A submitted Slack view's values by block id (ours are the field names)."""
    values = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for action in actions.values():
            selected = action.get("selected_option")
            values[block_id] = selected["value"] if selected else (action.get("value") or "")
    return values


def update_form(data: dict, *, team: Team, current: DailyUpdate | None) -> UpdateForm:
    """The page's own form, bound to what the dialog sent, so the same rules refuse."""
    fields = {name: data.get(name) or "" for name, *_ in UPDATE_FIELDS}
    return UpdateForm(fields, instance=current or DailyUpdate(team=team), team=team)


def form_errors(form) -> dict[str, str]:
    """A form's errors on the dialog's fields; one not on a field goes on the first."""
    errors = {}
    for field, messages in form.errors.items():
        name = field if field in {n for n, *_ in UPDATE_FIELDS} else "done"
        errors[name] = " ".join(messages)
    return errors
