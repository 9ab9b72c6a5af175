"""Selectors for the Meetings tab: upcoming meetings and the history, one query each."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Prefetch, Q, QuerySet

from ceremonies.meetings.carryover import reviews_in
from ceremonies.meetings.decisions import meeting_decisions
from ceremonies.models import Kind, Meeting, MeetingSeries, Note
from programmes.models import Person
from programmes.selectors import people_in

State = Meeting.State
UPCOMING_LIMIT = 40


def _start_of_today(programme) -> datetime:
    return datetime.combine(programme.today(), time.min, tzinfo=programme.tzinfo)


def _of_kind(meetings: QuerySet, kind: str) -> QuerySet:
    return meetings.filter(kind=kind) if kind in Kind.values else meetings


def upcoming_meetings(programme, kind: str = "") -> list[Meeting]:
    """Running meetings, then today's and later ones (cancelled ones too, marked)."""
    today = _start_of_today(programme)
    meetings = Meeting.objects.filter(programme=programme).filter(
        Q(state__in=[State.RUNNING, State.PAUSED])
        | Q(state__in=[State.SCHEDULED, State.CANCELLED], scheduled_start__gte=today))
    return list(_of_kind(meetings, kind).order_by("scheduled_start", "pk")[:UPCOMING_LIMIT])


def past_meetings(programme, kind: str = "") -> QuerySet[Meeting]:
    """Ended meetings, and those of past days that never ran, newest first (for paging)."""
    today = _start_of_today(programme)
    meetings = Meeting.objects.filter(programme=programme).filter(
        Q(state=State.ENDED)
        | Q(state__in=[State.SCHEDULED, State.CANCELLED], scheduled_start__lt=today))
    return _of_kind(meetings, kind).order_by("-scheduled_start", "-pk")


def programme_series(programme) -> list[MeetingSeries]:
    return list(MeetingSeries.objects.filter(programme=programme).order_by("kind"))


def meeting_for_room(programme, pk: int) -> Meeting | None:
    return (Meeting.objects.filter(programme=programme, pk=pk)
            .select_related("programme", "current_item", "current_item__team", "facilitator")
            .first())


def meeting_record(meeting: Meeting) -> dict:
    """Notes, decisions, action items, the review of earlier ones and attendance, for the
    room and the minutes."""
    items = list(meeting.items.order_by("position").prefetch_related(
        Prefetch("notes", queryset=Note.objects.select_related("author"))))
    return {
        "items": items,
        "decisions": meeting_decisions(meeting),
        "actions": list(meeting.actions.select_related("owner", "item")),
        "reviews": reviews_in(meeting),
        "attendance": list(meeting.attendance.select_related("person")),
    }


def programme_people(programme) -> QuerySet[Person]:
    """Everyone with a role in the programme (or above it): who may own an action item."""
    return people_in(programme)
