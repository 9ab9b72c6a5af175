"""API endpoints for feedback loops: raise, list, read, and move an item along its loop.

Every change goes through `feedback.services`, so the API follows exactly the rules of the
pages; a refused step (`FeedbackError`) becomes a JSON error with the service's status.
"""

from datetime import date, datetime, timedelta
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from feedback import levels, metrics, selectors, services
from feedback.models import FeedbackAddressee, FeedbackItem
from feedback.permissions import powers_for
from metascrum.lib.api_document import follow
from metascrum.lib.api_errors import ApiError, answers, refusal, unprocessable
from metascrum.lib.api_http import located
from metascrum.lib.api_types import BodyIn, ObjectId, text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Team
from programmes.permissions import Access

router = Router(tags=["feedback"])
ITEM_STEPS = ("feedback_item", "feedback_acknowledge", "feedback_answer", "feedback_close",
              "feedback_reopen", "feedback_escalate", "feedback_comment")
Item = FeedbackItem

KindName = Literal[tuple(Item.Kind.values)]  # type: ignore[valid-type]
StateName = Literal[tuple(Item.State.values)]  # type: ignore[valid-type]
StatusFilter = Literal[("open", "any", *Item.State.values)]  # type: ignore[valid-type]


# --- schemas ------------------------------------------------------------------------------------

ITEM_EXAMPLE = {
    "id": 17, "programme": "payments", "kind": "impediment", "title": "Test environment down",
    "details": "Staging EU has refused deployments since 08:40.", "direction": "up",
    "origin": "Ledger", "origin_team": "ledger", "level": "programme", "holder": "payments",
    "holder_label": "Payments MSM",
    "state": "acknowledged", "raised_by": "Sam SM", "owner": "Maya MSM",
    "addressees": [], "answer": "", "raised_at": "2027-02-01T09:05:00Z",
    "acknowledged_at": "2027-02-01T09:20:00Z", "answered_at": None, "closed_at": None,
    "escalated_at": None, "respond_by": "2027-02-03T17:00:00Z"}

class AddresseeOut(Schema):
    team_id: int
    team: str
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_team(obj: FeedbackAddressee) -> str:
        return obj.team.slug


class FeedbackItemOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [ITEM_EXAMPLE]})

    id: int
    programme: str
    kind: KindName
    title: str
    details: str
    direction: Literal["up", "down"]
    origin: str
    origin_team: str | None
    level: str
    holder: str
    holder_label: str = Field(description="Where the item waits, by name: \"Ledger, Card "
                                          "Gateway\", \"Payments Train MSM\", \"Northwind "
                                          "Digital steering\".")
    state: StateName
    raised_by: str
    owner: str | None
    addressees: list[AddresseeOut]
    answer: str
    raised_at: datetime
    acknowledged_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    escalated_at: datetime | None
    respond_by: datetime | None

    @staticmethod
    def resolve_programme(obj: FeedbackItem) -> str:
        return obj.programme.slug

    @staticmethod
    def resolve_origin_team(obj: FeedbackItem) -> str | None:
        return obj.origin_team.slug if obj.origin_team_id else None

    @staticmethod
    def resolve_holder(obj: FeedbackItem) -> str:
        return obj.holder_programme.slug

    @staticmethod
    def resolve_raised_by(obj: FeedbackItem) -> str:
        return str(obj.raised_by)

    @staticmethod
    def resolve_owner(obj: FeedbackItem) -> str | None:
        return str(obj.owner) if obj.owner_id else None

    @staticmethod
    def resolve_addressees(obj: FeedbackItem) -> list:
        return list(obj.addressees.all())


class ThreadEntryOut(Schema):
    kind: str
    actor: str | None
    at: datetime
    text: str
    from_state: str
    to_state: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class MayOut(Schema):
    """What the token's person may do with the item now."""

    acknowledge: bool
    answer: bool
    close: bool
    reopen: bool
    escalate: bool
    comment: bool


class RungOut(Schema):
    level: Literal["programme", "parent", "stakeholders"]
    holder: str = Field(description="The programme's slug.")
    label: str


class FeedbackDetailOut(FeedbackItemOut):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **ITEM_EXAMPLE,
        "thread": [{"kind": "raised", "actor": "Sam SM", "at": "2027-02-01T09:05:00Z",
                    "text": "", "from_state": "", "to_state": "routed"},
                   {"kind": "acknowledged", "actor": "Maya MSM", "at": "2027-02-01T09:20:00Z",
                    "text": "", "from_state": "routed", "to_state": "acknowledged"}],
        "may": {"acknowledge": False, "answer": True, "close": False, "reopen": False,
                "escalate": True, "comment": True},
        "escalate_to": [
            {"level": "stakeholders", "holder": "payments", "label": "Payments steering"},
            {"level": "parent", "holder": "northwind", "label": "Northwind MSM"},
            {"level": "stakeholders", "holder": "northwind", "label": "Northwind steering"}]}]})

    thread: list[ThreadEntryOut]
    may: MayOut
    escalate_to: list[RungOut] = Field(
        description="The levels above the item that I may escalate it to, lowest first "
                    "(empty unless `may.escalate`); the first is where one level up leads "
                    "unless `escalate` is given a `to`.")

    @staticmethod
    def resolve_thread(obj: FeedbackItem) -> list:
        return list(obj.events.all())


class RaiseIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "kind": "impediment", "title": "Test environment down",
        "details": "Staging EU has refused deployments since 08:40.", "direction": "up",
        "origin_team_id": 5}]})

    kind: KindName = "question"
    title: text(200, required=True)
    details: text(10_000) = ""
    direction: Literal["up", "down"]
    origin_team_id: ObjectId | None = None
    team_ids: list[ObjectId] = []


class AcknowledgeIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{"team_id": 5}]})

    team_id: ObjectId | None = None


class AnswerIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "text": "Staging EU is back; the certificate was renewed."}]})

    text: text(10_000, required=True)


class CommentIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "comment": "Needs the platform budget: for the stakeholders."}]})

    comment: text(10_000) = ""


class RungIn(BodyIn):
    level: Literal["programme", "parent", "stakeholders"] = Field(
        description="`programme`: the MSM of the item's own programme; `parent`: the MSM of a "
                    "programme above it; `stakeholders`: the steering stakeholders of either.")
    holder: text(60, required=True) = Field(description="That programme's slug.")


class EscalateIn(BodyIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"comment": "Needs the platform budget: for the stakeholders."},
        {"comment": "Needs a budget decision.",
         "to": {"level": "stakeholders", "holder": "northwind"}}]})

    comment: text(10_000) = ""
    to: RungIn | None = Field(None, description="Any level above the item (see the item's "
                                                "`escalate_to`); without it, one level up.")


class ReasonIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "comment": "It failed again this morning."}]})

    comment: text(10_000, required=True)


class ThreadTextIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "text": "Ops are on it; expect news by noon."}]})

    text: text(10_000, required=True)


# --- helpers ------------------------------------------------------------------------------------

def _call(step, **kwargs):
    try:
        return step(**kwargs)
    except services.FeedbackError as error:
        raise refusal(error.status, str(error)) from error
    except DjangoValidationError as error:
        raise unprocessable(error.message_dict) from error


def _teams(access: Access, ids: list[int], field: str) -> list[Team]:
    ids = list(dict.fromkeys(ids))
    found = {t.pk: t for t in Team.objects.filter(programme=access.programme, pk__in=ids)}
    if len(found) != len(ids):
        raise unprocessable({field: [_("No such team in this programme.")]})
    return [found[pk] for pk in ids]


def item_url(access: Access, item_id: int) -> str:
    return reverse("api:feedback_item", kwargs={"slug": access.programme.slug,
                                                "item_id": item_id})


def item_detail(request, access: Access, item_id: int) -> FeedbackItem:
    """The item as FeedbackDetailOut answers it, with what the caller may do; 404 if none."""
    item = selectors.item_detail(access.programme, item_id)
    if item is None:
        raise ApiError(404, _("Not found."))

    powers = powers_for(request.user, item, access)
    rungs = (levels.above(item, levels.lineage(item))
             if powers.holds and item.state in Item.WAITING_STATES else [])
    item.escalate_to = [RungOut(level=r.level, holder=r.programme.slug, label=r.label)
                        for r in rungs]
    item.may = MayOut(
        acknowledge=item.state == Item.State.ROUTED and powers.may_acknowledge,
        answer=item.state in (Item.State.ROUTED, Item.State.ACKNOWLEDGED) and powers.holds,
        close=powers.is_originator and (
            item.state == Item.State.ANSWERED
            or item.state == Item.State.ACKNOWLEDGED
            and item.kind in services.CLOSABLE_WHEN_ACKNOWLEDGED),
        reopen=powers.is_originator and item.state in (Item.State.ANSWERED, Item.State.CLOSED),
        escalate=bool(rungs),
        comment=powers.may_view,
    )
    return item


def _filtered(items: QuerySet, *, team: int | None, status: str, kind: str | None,
              direction: str | None) -> QuerySet:
    if team is not None:
        addressed = FeedbackAddressee.objects.filter(team_id=team).values("item_id")
        items = items.filter(Q(origin_team_id=team) | Q(pk__in=addressed))
    if status == "open":
        items = items.exclude(state=Item.State.CLOSED)
    elif status != "any":
        items = items.filter(state=status)
    if kind:
        items = items.filter(kind=kind)
    if direction:
        items = items.filter(direction=direction)
    return items


# --- reading ------------------------------------------------------------------------------------

@router.get("/feedback", response=answers(list[FeedbackItemOut]),
            summary="My feedback inbox",
            openapi_extra=follow({"slug": "$response.body#/items/0/programme",
                                  "item_id": "$response.body#/items/0/id"}, *ITEM_STEPS),
            description="`waiting_for_me`: items I hold, must acknowledge for my team, or must "
                        "close; `waiting_on_others`: items I (or my team) raised that others "
                        "still hold.")
@paginate(Pagination)
def feedback_inbox(request, box: Literal["waiting_for_me", "waiting_on_others"] = "waiting_for_me",
                   programme: text(60) | None = None, team: ObjectId | None = None,
                   status: StatusFilter = "open", kind: KindName | None = None,
                   direction: Literal["up", "down"] | None = None):
    items = selectors.inbox(request.user)[box]
    if programme:
        items = items.filter(programme__slug=programme)
    return _filtered(items, team=team, status=status, kind=kind, direction=direction)


@router.get("/programmes/{slug}/feedback", response=answers(list[FeedbackItemOut]),
            summary="Feedback items of a programme (and the programmes inside it)",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "item_id": "$response.body#/items/0/id"}, *ITEM_STEPS))
@paginate(Pagination)
def programme_feedback(request, slug: str, team: ObjectId | None = None,
                       status: StatusFilter = "open", kind: KindName | None = None,
                       direction: Literal["up", "down"] | None = None):
    access = api_access(request, slug)
    items = selectors.programme_flow(access.programme, include_closed=True)
    return _filtered(items, team=team, status=status, kind=kind,
                     direction=direction).order_by("-raised_at", "-pk")


@router.get("/programmes/{slug}/feedback/{item_id}", response=answers(FeedbackDetailOut),
            summary="One feedback item with its thread")
def feedback_item(request, slug: str, item_id: ObjectId):
    return item_detail(request, api_access(request, slug), item_id)


# --- changing -----------------------------------------------------------------------------------

STEP = answers(FeedbackDetailOut, refuses=(403, 409))  # the holder's or the originator's
NEXT_STEPS = follow({"slug": "$request.path.slug", "item_id": "$request.path.item_id"},
                    *ITEM_STEPS)


@router.post("/programmes/{slug}/feedback",
             response=answers(FeedbackDetailOut, 201, refuses=(403,)),
             summary="Raise a feedback item",
             openapi_extra=follow({"slug": "$request.path.slug", "item_id": "$response.body#/id"},
                                  *ITEM_STEPS, statuses=(201,)),
             description="Up: to the programme's MSM (from a team: give `origin_team_id`), and "
                         "beyond. Down: to the teams in `team_ids` (stakeholders may send "
                         "down to the MSM without teams).")
def feedback_raise(request, slug: str, payload: RaiseIn, response: HttpResponse):
    access = api_access(request, slug)
    origin = (_teams(access, [payload.origin_team_id], "origin_team_id")[0]
              if payload.origin_team_id else None)
    teams = _teams(access, payload.team_ids, "team_ids")
    item = _call(services.feedback_raise, programme=access.programme, kind=payload.kind,
                 title=payload.title, details=payload.details, direction=payload.direction,
                 origin_team=origin, addressed_teams=teams, raised_by=request.user,
                 source="api")
    located(request, response, item_url(access, item.pk))
    return Status(201, item_detail(request, access, item.pk))


def _step(request, slug: str, item_id: int, step, **kwargs) -> FeedbackItem:
    access = api_access(request, slug)
    item = item_detail(request, access, item_id)
    _call(step, item=item, by=request.user, **kwargs)
    return item_detail(request, access, item_id)


@router.post("/programmes/{slug}/feedback/{item_id}/acknowledge", response=STEP,
             openapi_extra=NEXT_STEPS,
             summary="Acknowledge an item I hold",
             description="For an item addressed to several teams, `team_id` says which of my "
                         "teams acknowledges.")
def feedback_acknowledge(request, slug: str, item_id: ObjectId, payload: AcknowledgeIn):
    access = api_access(request, slug)
    item = item_detail(request, access, item_id)  # a missing item is a 404, whatever the team
    team = _teams(access, [payload.team_id], "team_id")[0] if payload.team_id else None
    _call(services.feedback_acknowledge, item=item, by=request.user, team=team)
    return item_detail(request, access, item_id)


@router.post("/programmes/{slug}/feedback/{item_id}/answer", response=STEP,
             openapi_extra=NEXT_STEPS,
             summary="Answer an item I hold")
def feedback_answer(request, slug: str, item_id: ObjectId, payload: AnswerIn):
    return _step(request, slug, item_id, services.feedback_answer, text=payload.text)


@router.post("/programmes/{slug}/feedback/{item_id}/close", response=STEP,
             openapi_extra=NEXT_STEPS,
             summary="Close the loop of an item I raised")
def feedback_close(request, slug: str, item_id: ObjectId, payload: CommentIn):
    return _step(request, slug, item_id, services.feedback_close, comment=payload.comment)


@router.post("/programmes/{slug}/feedback/{item_id}/reopen", response=STEP,
             openapi_extra=NEXT_STEPS,
             summary="Send an answered or closed item I raised back, saying why")
def feedback_reopen(request, slug: str, item_id: ObjectId, payload: ReasonIn):
    return _step(request, slug, item_id, services.feedback_reopen, comment=payload.comment)


@router.post("/programmes/{slug}/feedback/{item_id}/escalate",
             response=answers(FeedbackDetailOut, refuses=(403, 409, 422)),
             openapi_extra=NEXT_STEPS,
             summary="Send an item I hold up: one level, or to any level above (`to`)",
             description="`to` names a level above the item, as the item's `escalate_to` "
                         "lists them: e.g. `{\"level\": \"stakeholders\", \"holder\": "
                         "\"northwind\"}`. A level below or beside it, or outside its "
                         "programme's line of parents, is a 422.")
def feedback_escalate(request, slug: str, item_id: ObjectId, payload: EscalateIn):
    to = f"{payload.to.level}:{payload.to.holder}" if payload.to else None
    return _step(request, slug, item_id, services.feedback_escalate, to=to,
                 comment=payload.comment)


@router.post("/programmes/{slug}/feedback/{item_id}/comments",
             response=answers(FeedbackDetailOut, refuses=(403,)), openapi_extra=NEXT_STEPS,
             summary="Add to an item's thread")
def feedback_comment(request, slug: str, item_id: ObjectId, payload: ThreadTextIn):
    return _step(request, slug, item_id, services.feedback_comment, text=payload.text)


# --- loop figures -------------------------------------------------------------------------------

class LoopsOut(Schema):
    """The loop figures the loop metrics page, the steering pack and the dashboard show, over
    whole days in the programme's time zone, for the programme and every programme below it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "programme": "payments", "timezone": "Europe/London", "first": "2027-01-03",
        "last": "2027-02-01", "raised": 12, "raised_up": 9, "raised_down": 3, "closed": 7,
        "open": 5, "overdue": 1, "closed_in_period": 8, "ack_median_hours": 3.5,
        "close_median_hours": 52.0}]})

    programme: str = Field(description="The programme asked about (its slug).")
    timezone: str = Field(description="The programme's time zone, in which days are counted.")
    first: date = Field(description="The first day counted.")
    last: date = Field(description="The last day counted (inclusive).")
    raised: int = Field(description="Loops raised in these days.")
    raised_up: int
    raised_down: int
    closed: int = Field(description="Of the loops raised in these days, how many are closed now.")
    open: int = Field(description="Of the loops raised in these days, how many are not closed.")
    overdue: int = Field(description="Of the loops raised in these days, how many wait past "
                                     "their expected time now.")
    closed_in_period: int = Field(description="Loops closed in these days, whenever raised.")
    ack_median_hours: float | None = Field(description="Median hours from raised to "
                                                       "acknowledged, of those raised.")
    close_median_hours: float | None = Field(description="Median hours from raised to closed, "
                                                         "of those raised.")


class DaysIn(Schema):
    start: date | None = Field(None, description="The first day; by default 29 days before "
                                                 "`end` (and never before 2000-01-01).")
    end: date | None = Field(None, description="The last day, inclusive; by default the "
                                               "programme's today.")


@router.get("/programmes/{slug}/loops", response=answers(LoopsOut, refuses=(422,)),
            url_name="programme_loops",
            summary="Loop figures over whole days (by default the last 30, as the pack)")
def programme_loops(request, slug: str, days: Query[DaysIn]):
    programme = api_access(request, slug).programme
    end = days.end or programme.today()
    try:
        start = days.start or max(end - timedelta(days=metrics.DEFAULT_DAYS - 1),
                                  metrics.EARLIEST)
        chosen = metrics.period(programme, start, end)
    except (ValueError, OverflowError) as refused:
        raise unprocessable({"end": [str(refused)]}) from refused
    m = metrics.loop_metrics(programme=programme, start=chosen.start, end=chosen.end)
    return LoopsOut(programme=programme.slug, timezone=programme.timezone, first=chosen.first,
                    last=chosen.last, raised=m.raised, raised_up=m.raised_up,
                    raised_down=m.raised_down, closed=m.closed, open=m.open_total,
                    overdue=m.overdue, closed_in_period=m.closed_in_period,
                    ack_median_hours=m.ack_median_hours,
                    close_median_hours=m.close_median_hours)
