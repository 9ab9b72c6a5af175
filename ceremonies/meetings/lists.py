"""Selectors for the Meetings tab: upcoming meetings and the history, one query each."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q, QuerySet

from ceremonies.models import Kind, Meeting, MeetingSeries

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
