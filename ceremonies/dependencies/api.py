"""API endpoints for dependencies: list and read them, request one, answer it (accept,
counter, decline), take a counter, deliver or drop it; and the stop notices of the daily
updates. Every change goes through `ceremonies.dependencies.services`, so the API follows the
rules of the pages."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from ceremonies.dependencies import selectors
from ceremonies.dependencies import services as deps
from ceremonies.models import Dependency, StopNotice
from metascrum.lib.api_errors import ApiError, answers, refusal, unprocessable
from metascrum.lib.api_http import located
from metascrum.lib.api_types import BodyIn, ObjectId, text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Team
from programmes.permissions import Access

router = Router(tags=["dependencies"])
S = Dependency.Status
StatusName = Literal[tuple(S.values)]  # type: ignore[valid-type]


class DependencyTeamOut(Schema):
    id: int
    name: str


class DependencyOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 4, "needing_team": {"id": 5, "name": "Checkout"},
        "providing_team": {"id": 6, "name": "Card API"}, "what": "Card API v2 sandbox",
        "needed_by": "2027-03-01", "status": "accepted", "committed_date": "2027-02-26",
        "answer": "", "late": False, "escalated": False,
        "answered_at": "2027-02-02T10:00:00Z", "created_at": "2027-02-01T09:00:00Z"}]})

    id: int
    needing_team: DependencyTeamOut
    providing_team: DependencyTeamOut
    what: str
    needed_by: date | None
    status: StatusName
    committed_date: date | None
    answer: str
    late: bool
    escalated: bool
    answered_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_late(obj: Dependency) -> bool:
        return obj.is_late(obj.programme.today())

    @staticmethod
    def resolve_escalated(obj: Dependency) -> bool:
        return obj.escalated_at is not None


class StopNoticeOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 9, "team": {"id": 5, "name": "Ledger"},
        "stopped_team": {"id": 6, "name": "Card Gateway"},
        "what": "We freeze the card schema on Friday", "meeting_id": 31,
        "occurrence": "2027-02-02", "posted_at": "2027-02-01T16:20:00Z"}]})

    id: int
    team: DependencyTeamOut
    stopped_team: DependencyTeamOut
    what: str
    meeting_id: int
    occurrence: date
    posted_at: datetime

    @staticmethod
    def resolve_team(obj: StopNotice) -> Team:
        return obj.update.team

    @staticmethod
    def resolve_stopped_team(obj: StopNotice) -> Team:
        return obj.team

    @staticmethod
    def resolve_meeting_id(obj: StopNotice) -> int:
        return obj.update.meeting_id

    @staticmethod
    def resolve_occurrence(obj: StopNotice) -> date:
        return obj.update.meeting.occurrence

    @staticmethod
    def resolve_posted_at(obj: StopNotice) -> datetime:
        return obj.update.posted_at


class DependencyRequestIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "needing_team_id": 5, "providing_team_id": 6, "what": "Card API v2 sandbox",
        "needed_by": "2027-03-01"}]})

    needing_team_id: ObjectId
    providing_team_id: ObjectId
    what: text(300, required=True)
    needed_by: date | None = None


class DependencyAnswerIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"answer": "accepted", "committed_date": "2027-02-26"},
        {"answer": "declined", "reason": "Not on our roadmap this quarter."}]})

    answer: Literal["accepted", "countered", "declined"]
    committed_date: date | None = None
    reason: text(500) = ""


class DependencyStepIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{}]})


def _call(step, **kwargs) -> Dependency:
    try:
        return step(**kwargs)
    except deps.DependencyError as error:
        if error.status == 400:
            raise unprocessable({error.field or "__all__": [str(error)]}) from error
        raise refusal(error.status, str(error)) from error


def _dependency(access: Access, dependency_id: int) -> Dependency:
    found = (Dependency.objects.select_related("programme", "needing_team__programme",
                                               "providing_team__programme")
             .filter(Q(programme=access.programme)
                     | Q(providing_team__programme=access.programme), pk=dependency_id)
             .first())
    if found is None:
        raise ApiError(404, gettext("Not found."))
    return found


def _url(access: Access, dependency_id: int) -> str:
    return reverse("api:dependency", kwargs={"slug": access.programme.slug,
                                             "dependency_id": dependency_id})


@router.get("/programmes/{slug}/dependencies", response=answers(list[DependencyOut]),
            summary="Dependencies of a programme's teams (both ways; dropped ones left out)")
@paginate(Pagination)
def dependencies(request, slug: str, status: StatusName | None = None):
    access = api_access(request, slug)
    found = selectors.programme_dependencies(access.programme).select_related("programme")
    if status == S.DROPPED:
        found = Dependency.objects.filter(programme=access.programme, status=S.DROPPED)
    elif status:
        found = found.filter(status=status)
    return found.select_related("programme", "needing_team", "providing_team")


@router.get("/programmes/{slug}/dependencies/{dependency_id}", response=answers(DependencyOut),
            summary="One dependency", url_name="dependency")
def dependency(request, slug: str, dependency_id: ObjectId):
    return _dependency(api_access(request, slug), dependency_id)


@router.post("/programmes/{slug}/dependencies",
             response=answers(DependencyOut, 201, refuses=(403,)),
             summary="Request a dependency: what a team needs from another, by when",
             description="Sends `dependency.requested`. The same open request again answers "
                         "the one already open.")
def dependency_request(request, slug: str, payload: DependencyRequestIn, response: HttpResponse):
    access = api_access(request, slug)
    needing = Team.objects.filter(programme=access.programme,
                                  pk=payload.needing_team_id).first()
    providing = Team.objects.select_related("programme").filter(
        pk=payload.providing_team_id).first()
    if needing is None:
        raise unprocessable({"needing_team_id": [gettext("No such team in this programme.")]})
    if providing is None:
        raise unprocessable({"providing_team_id": [gettext("No such team.")]})
    made = _call(deps.dependency_request, needing_team=needing, by=request.user,
                 need=deps.Need(providing_team=providing, what=payload.what,
                                needed_by=payload.needed_by))
    located(request, response, _url(access, made.pk))
    return Status(201, _dependency(access, made.pk))


STEP = answers(DependencyOut, refuses=(403, 409))


def _step(request, slug: str, dependency_id: int, step, **kwargs) -> Dependency:
    """One step of a dependency's life by the caller, answered with the dependency after it."""
    access = api_access(request, slug)
    _call(step, dependency=_dependency(access, dependency_id), by=request.user, **kwargs)
    return _dependency(access, dependency_id)


@router.post("/programmes/{slug}/dependencies/{dependency_id}/answer", response=STEP,
             summary="Answer a dependency asked of my team",
             description="Accepted and countered need `committed_date` (not in the past); "
                         "declined needs `reason`. Sends `dependency.answered`.")
def dependency_answer(request, slug: str, dependency_id: ObjectId, payload: DependencyAnswerIn):
    return _step(request, slug, dependency_id, deps.dependency_answer, answer=payload.answer,
                 committed_date=payload.committed_date, reason=payload.reason)


@router.post("/programmes/{slug}/dependencies/{dependency_id}/take-counter", response=STEP,
             summary="Take the other date the providing team countered with")
def dependency_take_counter(request, slug: str, dependency_id: ObjectId, payload: DependencyStepIn):
    return _step(request, slug, dependency_id, deps.dependency_take_counter)


@router.post("/programmes/{slug}/dependencies/{dependency_id}/deliver", response=STEP,
             summary="Mark an accepted dependency delivered")
def dependency_deliver(request, slug: str, dependency_id: ObjectId, payload: DependencyStepIn):
    return _step(request, slug, dependency_id, deps.dependency_close, status=S.DELIVERED)


@router.post("/programmes/{slug}/dependencies/{dependency_id}/drop", response=STEP,
             summary="Drop a dependency that is still open")
def dependency_drop(request, slug: str, dependency_id: ObjectId, payload: DependencyStepIn):
    return _step(request, slug, dependency_id, deps.dependency_close, status=S.DROPPED)


@router.get("/programmes/{slug}/stop-notices", response=answers(list[StopNoticeOut]),
            summary="What teams said may stop another team",
            description="Each daily update's answers to “Is my team doing anything that will "
                        "stop another team?”: `team` may stop `stopped_team`. Both ways: what "
                        "the programme's teams said, and what other teams said about them; "
                        "the newest update first. `team_id` keeps those a team said or was "
                        "named in; `meeting_id` those posted for one meeting.")
@paginate(Pagination)
def stop_notices(request, slug: str, team_id: ObjectId | None = None,
                 meeting_id: ObjectId | None = None):
    found = selectors.stop_notices(api_access(request, slug).programme)
    if team_id is not None:
        found = found.filter(Q(team_id=team_id) | Q(update__team_id=team_id))
    if meeting_id is not None:
        found = found.filter(update__meeting_id=meeting_id)
    return found
