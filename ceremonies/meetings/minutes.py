"""Minutes of a meeting, as plain text and HTML (the reminders send them by email)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from ceremonies.meetings.lists import meeting_record
from ceremonies.models import Meeting


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
