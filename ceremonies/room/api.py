"""API endpoints for meetings: what is coming up, one meeting, and a meeting's live state."""

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from django.utils.timezone import now
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from ceremonies.meetings.upcoming import invited_meetings, upcoming
from ceremonies.models import AgendaItem, Kind, Meeting
from ceremonies.room.live import live_state
from ceremonies.room.selectors import agenda, meeting_for_room
from metascrum.lib.api_document import follow
from metascrum.lib.api_errors import answers
from metascrum.lib.api_types import ObjectId, text
from metascrum.lib.links import absolute
from metascrum.lib.pagination import Pagination
from programmes.api import api_access

router = Router(tags=["meetings"])
KindName = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
StateName = Literal[tuple(Meeting.State.values)]  # type: ignore[valid-type]


MEETING_EXAMPLE = {
    "id": 311, "programme": "payments", "kind": "scrum_of_scrums", "title": "Scrum of Scrums",
    "state": "running", "occurrence": "2027-02-01", "scheduled_start": "2027-02-01T09:30:00Z",
    "scheduled_end": "2027-02-01T09:45:00Z", "timebox_minutes": 15,
    "started_at": "2027-02-01T09:31:00Z", "ended_at": None, "version": 4,
    "url": "https://metascrum.example.com/p/payments/meetings/311/"}


class MeetingOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [MEETING_EXAMPLE]})

    id: int
    programme: str
    kind: KindName
    title: str
    state: StateName
    occurrence: date
    scheduled_start: datetime
    scheduled_end: datetime
    timebox_minutes: int
    started_at: datetime | None
    ended_at: datetime | None
    version: int
    url: str

    @staticmethod
    def resolve_programme(obj: Meeting) -> str:
        return obj.programme.slug

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return absolute(obj.get_absolute_url())


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    topic: str
    timebox_seconds: int
    extended_seconds: int
    team: str | None
    started_at: datetime | None
    ended_at: datetime | None
    actual_seconds: int | None

    @staticmethod
    def resolve_team(obj: AgendaItem) -> str | None:
        return obj.team.slug if obj.team_id else None


class MeetingDetailOut(MeetingOut):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **MEETING_EXAMPLE, "facilitator": "Maya MSM",
        "agenda": [{"id": 901, "position": 1, "title": "Ledger", "topic": "",
                    "timebox_seconds": 120, "extended_seconds": 0, "team": "ledger",
                    "started_at": "2027-02-01T09:31:00Z", "ended_at": None,
                    "actual_seconds": None}]}]})

    facilitator: str | None
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_facilitator(obj: Meeting) -> str | None:
        return str(obj.facilitator) if obj.facilitator_id else None


class ComingItemOut(Schema):
    id: int
    title: str
    timebox_seconds: int


class CurrentItemOut(ComingItemOut):
    topic: str
    allowed_seconds: int
    started_at: datetime | None
    deadline: datetime | None
    remaining_seconds: int | None = None


class LiveOut(Schema):
    """The room's live fragment as data. Countdowns come from server timestamps: a client
    corrects its clock by `server_now`; while paused, `frozen_at` is the moment they stopped.
    A negative remaining time is an overrun."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "meeting_id": 311, "state": "running", "version": 4,
        "server_now": "2027-02-01T09:32:10Z", "frozen_at": None,
        "current": {"id": 901, "title": "Ledger", "timebox_seconds": 120, "topic": "",
                    "allowed_seconds": 120, "started_at": "2027-02-01T09:31:00Z",
                    "deadline": "2027-02-01T09:33:00Z", "remaining_seconds": 50},
        "next": {"id": 902, "title": "Card Gateway", "timebox_seconds": 120},
        "coming": [{"id": 902, "title": "Card Gateway", "timebox_seconds": 120}],
        "meeting_deadline": "2027-02-01T09:46:00Z", "meeting_remaining_seconds": 830,
        "elapsed_seconds": 70, "planned_seconds": 900}]})

    meeting_id: int
    state: StateName
    version: int
    server_now: datetime
    frozen_at: datetime | None
    current: CurrentItemOut | None
    next: ComingItemOut | None
    coming: list[ComingItemOut]
    meeting_deadline: datetime | None
    meeting_remaining_seconds: int | None
    elapsed_seconds: int
    planned_seconds: int


def _remaining(deadline: datetime | None, at: datetime) -> int | None:
    return None if deadline is None else round((deadline - at).total_seconds())


def _meeting(request, slug: str, meeting_id: int) -> Meeting:
    meeting = meeting_for_room(api_access(request, slug).programme, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


@router.get("/meetings", response=answers(list[MeetingOut]),
            summary="Upcoming meetings I am invited to",
            openapi_extra=follow({"slug": "$response.body#/items/0/programme",
                                  "meeting_id": "$response.body#/items/0/id"},
                                 "meeting_detail", "meeting_live"),
            description="Live meetings and scheduled ones not yet past their planned end, "
                        "soonest first.")
@paginate(Pagination)
def my_meetings(request, programme: text(60) | None = None, kind: KindName | None = None):
    meetings = invited_meetings(request.user).select_related("programme")
    if programme:
        meetings = meetings.filter(programme__slug=programme)
    if kind:
        meetings = meetings.filter(kind=kind)
    return upcoming(meetings, now())


@router.get("/programmes/{slug}/meetings", response=answers(list[MeetingOut]),
            summary="Upcoming meetings of a programme",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "meeting_id": "$response.body#/items/0/id"},
                                 "meeting_detail", "meeting_live"))
@paginate(Pagination)
def programme_meetings(request, slug: str, kind: KindName | None = None):
    programme = api_access(request, slug).programme
    meetings = Meeting.objects.filter(programme=programme).select_related("programme")
    if kind:
        meetings = meetings.filter(kind=kind)
    return upcoming(meetings, now())


@router.get("/programmes/{slug}/meetings/{meeting_id}", response=answers(MeetingDetailOut),
            summary="One meeting with its agenda")
def meeting_detail(request, slug: str, meeting_id: ObjectId):
    meeting = _meeting(request, slug, meeting_id)
    meeting.agenda = agenda(meeting)
    return meeting


@router.get("/programmes/{slug}/meetings/{meeting_id}/live", response=answers(LiveOut),
            summary="A meeting's live state, as the room shows it")
def meeting_live(request, slug: str, meeting_id: ObjectId):
    meeting = _meeting(request, slug, meeting_id)
    live = live_state(meeting, agenda(meeting))
    at = live.frozen_at or live.server_now
    current = None
    if live.current is not None:
        current = CurrentItemOut(
            id=live.current.pk, title=live.current.title, topic=live.current.topic,
            timebox_seconds=live.current.timebox_seconds,
            allowed_seconds=live.current.allowed_seconds, started_at=live.current.started_at,
            deadline=live.item_deadline, remaining_seconds=_remaining(live.item_deadline, at))
    coming = [ComingItemOut(id=i.pk, title=i.title, timebox_seconds=i.timebox_seconds)
              for i in live.coming]
    if meeting.state in (Meeting.State.ENDED, Meeting.State.CANCELLED):
        coming = []
    return LiveOut(
        meeting_id=meeting.pk, state=meeting.state, version=meeting.version,
        server_now=live.server_now, frozen_at=live.frozen_at, current=current,
        next=coming[0] if coming else None, coming=coming,
        meeting_deadline=live.meeting_deadline,
        meeting_remaining_seconds=_remaining(live.meeting_deadline, at),
        elapsed_seconds=meeting.elapsed_seconds(live.server_now),
        planned_seconds=live.planned_seconds)
