"""In the chat app, feedback reaches the person who acts on it with its buttons: an item or a
decision routed to them (Acknowledge, Answer), and an answer to what they raised (Close).
Only to people linked to the programme's app: nobody gets mail from this rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ceremonies.chat import blocks
from feedback.models import FeedbackItem
from feedback.permissions import powers_for
from feedback.reminders import holders_of
from programmes.models import ChatApp, ChatIdentity
from programmes.notifications.chat_app import language_of
from programmes.notifications.registry import Reminder, reminder_rule

Item = FeedbackItem
ROUTED_DECISION = gettext_noop("Decision: %(title)s")
ROUTED = gettext_noop("For you: %(title)s")
ANSWERED = gettext_noop("Answered: %(title)s")
WINDOW = timedelta(days=2)  # what moved longer ago is the inbox's, not a direct message's


def _linked_people() -> set[tuple[int, int]]:
    """Who can get a direct message from their programme's app (Teams' webhook cannot)."""
    return set(ChatIdentity.objects.exclude(app__platform=ChatApp.Platform.TEAMS)
               .values_list("app__programme_id", "person_id"))


@reminder_rule("chat_feedback",
               label=gettext_lazy("In chat: feedback and decisions to act on, with buttons"))
def feedback_in_chat(now: datetime) -> Iterable[Reminder]:
    linked = _linked_people()
    if not linked:
        return
    routed = list(Item.objects.filter(state=Item.State.ROUTED, routed_at__gt=now - WINDOW,
                                      routed_at__lte=now)
                  .select_related("programme", "holder_programme", "origin_team")
                  .prefetch_related("addressees__team"))
    holders = holders_of(routed)
    for item in routed:
        for person, team in holders[item.pk]:
            if (item.holder_programme_id, person.pk) in linked:
                yield _reminder(item, person, team, item.holder_programme, item.routed_at,
                                ROUTED_DECISION if blocks.is_decision(item) else ROUTED)
    answered = (Item.objects.filter(state=Item.State.ANSWERED, answered_at__gt=now - WINDOW,
                                    answered_at__lte=now)
                .select_related("programme", "raised_by", "origin_team"))
    for item in answered:
        if (item.programme_id, item.raised_by_id) in linked:
            yield _reminder(item, item.raised_by, None, item.programme, item.answered_at,
                            ANSWERED)


def _reminder(item: Item, person, team, programme, moved_at: datetime, subject: str
              ) -> Reminder:
    """In the person's language: the message is written now and sent as it is."""
    with translation.override(language_of(person)):
        subject = _(subject) % {"title": item.title}
        buttons = blocks.item_buttons(item, powers_for(person, item))
        text = item.details[:500] if item.state == Item.State.ROUTED \
            else _("Answer: %(answer)s") % {"answer": item.answer}
    return Reminder(recipient=person, programme=programme, team=team,
                    object_ref=f"feedback:{item.pk}",
                    occurrence=f"{item.state}:{int(moved_at.timestamp())}", due_at=moved_at,
                    subject=subject[:200], text=text, link=item.get_absolute_url(),
                    buttons=tuple(buttons), app_only=True)
