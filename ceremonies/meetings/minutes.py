"""Minutes of a meeting, as plain text and HTML, and whom they go to (the reminders send them:
ceremonies/meetings/reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremonies.meetings.lists import meeting_record
from ceremonies.meetings.permissions import invitees
from ceremonies.meetings.state import RoomError
from ceremonies.models import Meeting
from programmes.models import Person


@dataclass
class Minutes:
    text: str
    html: str


def minutes_context(meeting: Meeting) -> dict:
    record = meeting_record(meeting)
    planned = sum(i.timebox_seconds for i in record["items"])
    actual = sum(i.actual_seconds or 0 for i in record["items"])
    return {"meeting": meeting, "planned_seconds": planned, "actual_seconds": actual,
            **record}


def minutes_render(meeting: Meeting) -> Minutes:
    """The minutes as sent by email: dates and times in the programme's time zone."""
    with timezone.override(meeting.programme.tzinfo):
        context = minutes_context(meeting)
        return Minutes(text=render_to_string("ceremonies/minutes.txt", context),
                       html=render_to_string("ceremonies/_minutes.html", context))


def minutes_recipients(meeting: Meeting) -> QuerySet[Person]:
    """Everyone the minutes go to, each once: the invitees whether they came or not, whoever
    came without being invited, and the people the facilitator added."""
    return Person.objects.filter(
        Q(pk__in=invitees(meeting).values("pk"))
        | Q(pk__in=meeting.attendance.values("person"))
        | Q(pk__in=meeting.minutes_also_to.values("pk")),
        is_active=True).order_by("pk")


def _still_open(meeting: Meeting) -> None:
    if meeting.state in (Meeting.State.ENDED, Meeting.State.CANCELLED):
        raise RoomError(_("This meeting is %(state)s: its minutes have gone to the people they "
                          "go to.") % {"state": meeting.get_state_display().lower()})


def minutes_recipient_add(*, meeting: Meeting, person: Person) -> None:
    """`person` gets the minutes too (once, however often they are added)."""
    _still_open(meeting)
    meeting.minutes_also_to.add(person)


def minutes_recipient_remove(*, meeting: Meeting, person: Person) -> None:
    _still_open(meeting)
    meeting.minutes_also_to.remove(person)
