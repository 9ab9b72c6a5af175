"""API endpoints of the impediment backlog: read it in order, move an item, set a risk's ROAM
state (its history comes with each item) and an item's definition of done."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import ConfigDict

from feedback.backlog import selectors, services
from feedback.models import FeedbackItem
from metascrum.lib.api_errors import ApiError, answers, refusal, unprocessable
from metascrum.lib.api_types import BodyIn, ObjectId, text
from programmes.api import api_access

router = Router(tags=["impediment backlog"])
Item = FeedbackItem
RoamName = Literal[tuple(Item.Roam.values)]  # type: ignore[valid-type]


class RoamChangeOut(Schema):
    from_state: str
    to_state: str
    by: str | None
    at: datetime
    note: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return str(obj.by) if obj.by_id else None


class BacklogItemOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 17, "position": 1, "kind": "risk", "title": "Card scheme deadline",
        "owner": "Maya MSM", "definition_of_done": "Certified by the scheme", "roam": "owned",
        "roam_history": [{"from_state": "", "to_state": "owned", "by": "Maya MSM",
                          "at": "2027-02-01T09:05:00Z", "note": "Maya takes it"}]}]})

    id: int
    position: int | None
    kind: str
    title: str
    owner: str | None
    definition_of_done: str
    roam: str
    roam_history: list[RoamChangeOut]

    @staticmethod
    def resolve_position(obj: FeedbackItem) -> int | None:
        return obj.backlog_position

    @staticmethod
    def resolve_owner(obj: FeedbackItem) -> str | None:
        return str(obj.owner) if obj.owner_id else None

    @staticmethod
    def resolve_roam_history(obj: FeedbackItem) -> list:
        return list(obj.roam_changes.all())


class BacklogOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "programme": "payments", "items": BacklogItemOut.model_config["json_schema_extra"][
            "examples"]}]})

    programme: str
    items: list[BacklogItemOut]


def _backlog(programme) -> dict:
    return {"programme": programme.slug, "items": selectors.backlog_page(programme)}


class BacklogMoveIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{"direction": "up"},
                                                              {"position": 1}]})

    direction: Literal["up", "down"] | None = None
    position: int | None = None


class BacklogRoamIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "roam": "mitigated", "note": "A second supplier is signed."}]})

    roam: RoamName
    note: text(300) = ""


class BacklogDoneIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "definition_of_done": "The card sandbox answers within a second, all week."}]})

    definition_of_done: text(300) = ""


def _call(step, **kwargs):
    try:
        return step(**kwargs)
    except services.BacklogError as error:
        if error.status == 400:
            raise unprocessable({error.field or "__all__": [str(error)]}) from error
        raise refusal(error.status, str(error)) from error


@router.get("/programmes/{slug}/backlog", response=answers(BacklogOut),
            summary="The programme's impediment backlog, in its order",
            description="Open impediments and risks waiting on the programme's MSM (or its "
                        "steering); those not placed yet (`position` null) come last.")
def backlog(request, slug: str):
    return _backlog(api_access(request, slug).programme)


@router.post("/programmes/{slug}/backlog/{item_id}/move",
             response=answers(BacklogOut, refuses=(403, 409)),
             summary="Move an item of the backlog up, down, or to a position (1 is the top)")
def backlog_move(request, slug: str, item_id: ObjectId, payload: BacklogMoveIn):
    access = api_access(request, slug)
    if payload.direction is None and payload.position is None:
        raise unprocessable({"direction": [gettext("Give a direction or a position.")]})
    if payload.position is not None and payload.position < 1:
        raise unprocessable({"position": [gettext("Positions start at 1.")]})
    _call(services.backlog_move, programme=access.programme, item_id=item_id,
          by=request.user, direction=payload.direction or "", position=payload.position)
    return _backlog(access.programme)


def _item(programme, item_id: int) -> FeedbackItem:
    item = selectors.backlog(programme).filter(pk=item_id).first()
    if item is None:
        raise ApiError(404, gettext("Not found."))
    return item


def _as_listed(programme, item_id: int) -> FeedbackItem:
    return next(i for i in selectors.backlog_page(programme) if i.pk == item_id)


@router.post("/programmes/{slug}/backlog/{item_id}/roam",
             response=answers(BacklogItemOut, refuses=(403,)),
             summary="Set a risk's ROAM state (resolved, owned, accepted, mitigated)")
def backlog_roam(request, slug: str, item_id: ObjectId, payload: BacklogRoamIn):
    access = api_access(request, slug)
    _call(services.roam_set, item=_item(access.programme, item_id), by=request.user,
          roam=payload.roam, note=payload.note)
    return _as_listed(access.programme, item_id)


@router.post("/programmes/{slug}/backlog/{item_id}/definition-of-done",
             response=answers(BacklogItemOut, refuses=(403,)),
             summary="Write an item's definition of done",
             description="What will be true once the impediment or risk is removed (at most "
                         "300 characters; empty clears it). Only the MSM who holds the item "
                         "writes it, as on the backlog page.")
def backlog_done(request, slug: str, item_id: ObjectId, payload: BacklogDoneIn):
    access = api_access(request, slug)
    _call(services.done_when_set, item=_item(access.programme, item_id), by=request.user,
          definition_of_done=payload.definition_of_done)
    return _as_listed(access.programme, item_id)
