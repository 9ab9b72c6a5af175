"""Reminder rules of action items: the day before one is due, and once when it is overdue
(the contract is in programmes/notifications/registry.py; loaded by ceremonies/reminders.py).

Days are the programme's: an action due on the 24th is "due tomorrow" from 09:00 on the 23rd
and overdue from 09:00 on the 25th, in the time zone of the meeting's programme. Only open
actions are reminded: done or dropped ones, never.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.models import ActionItem
from programmes.notifications.registry import Reminder, reminder_rule

AT = time(9, 0)  # programme time
OVERDUE_WINDOW = timedelta(days=14)  # actions overdue for longer are not nudged any more
MARGIN = timedelta(days=2)  # covers every time zone's "today" around the scan's UTC date


def _open_due_between(first: date, last: date):
    return (ActionItem.objects.filter(state=ActionItem.State.OPEN, owner__is_active=True,
                                      due__gte=first, due__lte=last)
            .select_related("owner", "meeting__programme").order_by("due", "pk"))


def _link() -> str:
    return reverse("feedback:inbox") + "#my-actions"


def _about(action: ActionItem) -> str:
    return _("“%(text)s”, an action from %(meeting)s (%(programme)s)") % {
        "text": action.text, "meeting": action.meeting, "programme": action.meeting.programme}


def _day(day) -> str:
    return _("%(weekday)s %(day)s") % {"weekday": date_format(day, "l"),
                                       "day": date_format(day, "MONTH_DAY_FORMAT")}


@reminder_rule("action_due", label=gettext_lazy("An action item of yours is due tomorrow"))
def action_due(now: datetime) -> Iterable[Reminder]:
    """At 09:00 the day before an open action is due, its owner is reminded (not once the
    due day has begun: then it is late for "tomorrow")."""
    for action in _open_due_between(now.date() - MARGIN, now.date() + MARGIN):
        programme = action.meeting.programme
        due_at = datetime.combine(action.due - timedelta(days=1), AT, tzinfo=programme.tzinfo)
        if not due_at <= now < datetime.combine(action.due, time.min, tzinfo=programme.tzinfo):
            continue
        yield Reminder(
            recipient=action.owner, programme=programme, object_ref=f"action:{action.pk}",
            occurrence=action.due.isoformat(), due_at=due_at,
            subject=(_("Due tomorrow: %(text)s") % {"text": action.text})[:200],
            text=_("%(about)s, is due tomorrow, %(day)s. When it is done, mark it done in your "
                   "inbox:") % {"about": _about(action), "day": _day(action.due)},
            link=_link())


@reminder_rule("action_overdue", label=gettext_lazy("An action item of yours is overdue"))
def action_overdue(now: datetime) -> Iterable[Reminder]:
    """At 09:00 the day after its due date, the owner of an action still open is told, once."""
    first = now.date() - OVERDUE_WINDOW - MARGIN
    for action in _open_due_between(first, now.date()):
        programme = action.meeting.programme
        due_at = datetime.combine(action.due + timedelta(days=1), AT, tzinfo=programme.tzinfo)
        if not due_at <= now < due_at + OVERDUE_WINDOW:
            continue
        yield Reminder(
            recipient=action.owner, programme=programme, object_ref=f"action:{action.pk}",
            occurrence=action.due.isoformat(), due_at=due_at,
            subject=(_("Overdue: %(text)s") % {"text": action.text})[:200],
            text=_("%(about)s, was due %(day)s and is still open. Mark it done in your inbox, or "
                   "tell the meeting at its next occurrence:") % {
                "about": _about(action), "day": _day(action.due)},
            link=_link())
