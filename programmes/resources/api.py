"""API endpoints for shared resources and bookings: list, read, request, confirm, decline,
cancel, reinstate.

A request names its resource and team (both required in the schema); one that is not in the
programme, or times the resource cannot take, is a 422 naming the field, as on the web form.
Datetimes without an offset are read as UTC.
"""

from datetime import UTC, datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from metascrum.lib.api_document import follow
from metascrum.lib.api_errors import answers, refusal, unprocessable
from metascrum.lib.api_http import located
from metascrum.lib.api_types import BodyIn, ObjectId, text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Booking, Resource
from programmes.resources import selectors
from programmes.resources import services as bookings

router = Router(tags=["resources"])
BOOKING_STEPS = ("booking_detail", "booking_confirm", "booking_decline", "booking_cancel",
                 "booking_reinstate")


class ResourceOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 3, "kind": "test_environment", "name": "Staging EU",
        "description": "The shared pre-production cluster.", "archived": False,
        "window_starts_at": None, "window_ends_at": None}]})

    id: int
    kind: str
    name: str
    description: str
    archived: bool
    window_starts_at: datetime | None
    window_ends_at: datetime | None


class BookingOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 42, "resource": 3, "resource_name": "Staging EU", "team": "ledger",
        "starts_at": "2027-02-03T09:00:00Z", "ends_at": "2027-02-03T13:00:00Z",
        "purpose": "Load test of the new ledger", "status": "requested",
        "requested_by": "sam@example.com", "decided_by": None,
        "requested_at": "2027-02-01T09:12:00Z", "decided_at": None}]})

    id: int
    resource: int
    resource_name: str
    team: str
    starts_at: datetime
    ends_at: datetime
    purpose: str
    status: str
    requested_by: str | None
    decided_by: str | None
    requested_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_resource(obj: Booking) -> int:
        return obj.resource_id

    @staticmethod
    def resolve_resource_name(obj: Booking) -> str:
        return obj.resource.name

    @staticmethod
    def resolve_team(obj: Booking) -> str:
        return obj.team.slug

    @staticmethod
    def resolve_requested_by(obj: Booking) -> str | None:
        return obj.requested_by.email if obj.requested_by_id else None

    @staticmethod
    def resolve_decided_by(obj: Booking) -> str | None:
        return obj.decided_by.email if obj.decided_by_id else None


class BookingIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "resource": 3, "team": "ledger", "starts_at": "2027-02-03T09:00:00Z",
        "ends_at": "2027-02-03T13:00:00Z", "purpose": "Load test of the new ledger"}]})

    resource: ObjectId = Field(description="A resource id of the programme.")
    team: text(60, required=True) = Field(description="The slug of one of my teams.")
    starts_at: datetime | None = Field(
        None, description="Required, except for a release slot (it takes its window).")
    ends_at: datetime | None = Field(
        None, description="Required, except for a release slot; after `starts_at`.")
    purpose: text(300) = ""


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _field_errors(error: ValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {"request": error.messages}
    return {("request" if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()}


def _refused(refused: bookings.BookingError):
    return refusal(refused.status, str(refused))


@router.get("/programmes/{slug}/resources", response=answers(list[ResourceOut]),
            summary="Shared resources of a programme")
@paginate(Pagination)
def resource_list(request, slug: str, archived: bool = False):
    return selectors.resources_of(api_access(request, slug).programme, archived=archived)


@router.get("/programmes/{slug}/bookings", response=answers(list[BookingOut]),
            summary="Bookings and requests of a programme, soonest first",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "booking_id": "$response.body#/items/0/id"}, *BOOKING_STEPS))
@paginate(Pagination)
def booking_list(request, slug: str, resource: ObjectId | None = None,
                 team: text(60) | None = None,
                 status: Booking.Status | None = None):
    rows = selectors.bookings_of(api_access(request, slug).programme)
    if resource is not None:
        rows = rows.filter(resource_id=resource)
    if team:
        rows = rows.filter(team__slug=team)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("starts_at", "pk")


@router.get("/programmes/{slug}/bookings/{booking_id}", response=answers(BookingOut),
            summary="One booking or request")
def booking_detail(request, slug: str, booking_id: ObjectId):
    booking = selectors.bookings_of(api_access(request, slug).programme).filter(
        pk=booking_id).first()
    if booking is None:
        raise Http404
    return booking


@router.post("/programmes/{slug}/bookings", response=answers(BookingOut, 201, refuses=(403,)),
             summary="Request a booking for one of my teams",
             openapi_extra=follow({"slug": "$request.path.slug",
                                   "booking_id": "$response.body#/id"}, *BOOKING_STEPS,
                                  statuses=(201,)))
def booking_request(request, slug: str, payload: BookingIn, response: HttpResponse):
    access = api_access(request, slug)
    if not access.may_book_resources:
        raise PermissionDenied(
            _("Only a Scrum Master or the Meta Scrum Master books resources."))
    errors = {}
    resource = Resource.objects.filter(programme=access.programme, pk=payload.resource).first()
    if resource is None:
        errors["resource"] = [_("No such resource in this programme.")]
    team = access.programme.teams.filter(slug=payload.team).first()
    if team is None:
        errors["team"] = [_("No such team in this programme.")]
    if errors:
        raise unprocessable(errors)
    try:
        booking = bookings.booking_request(
            resource=resource, team=team, by=request.user, starts_at=_aware(payload.starts_at),
            ends_at=_aware(payload.ends_at), purpose=payload.purpose)
    except bookings.BookingError as refused:
        raise _refused(refused) from refused
    except ValidationError as error:
        raise unprocessable(_field_errors(error)) from error
    located(request, response, reverse("api:booking_detail", kwargs={
        "slug": access.programme.slug, "booking_id": booking.pk}))
    return Status(201, selectors.bookings_of(access.programme).get(pk=booking.pk))


def _act(request, slug: str, booking_id: int, service, *, may, denied: str):
    """Apply `service` to one booking of the programme if `may(access, booking)`."""
    access = api_access(request, slug)
    booking = selectors.bookings_of(access.programme).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    if not may(access, booking):
        raise PermissionDenied(denied)
    try:
        service(booking=booking, by=request.user)
    except bookings.BookingError as refused:
        raise _refused(refused) from refused
    return selectors.bookings_of(access.programme).get(pk=booking.pk)


def _decide(request, slug: str, booking_id: int, service):
    return _act(request, slug, booking_id, service, may=lambda access, _booking: access.may_manage,
                denied=_("Only the Meta Scrum Master decides on bookings."))


@router.post("/programmes/{slug}/bookings/{booking_id}/confirm",
             response=answers(BookingOut, refuses=(403, 409)),
             summary="Confirm a request (MSM); 409 if the resource is taken at that time")
def booking_confirm(request, slug: str, booking_id: ObjectId):
    return _decide(request, slug, booking_id, bookings.booking_confirm)


@router.post("/programmes/{slug}/bookings/{booking_id}/decline",
             response=answers(BookingOut, refuses=(403, 409)),
             summary="Decline a request or take back a booking (MSM)")
def booking_decline(request, slug: str, booking_id: ObjectId):
    return _decide(request, slug, booking_id, bookings.booking_decline)


@router.post("/programmes/{slug}/bookings/{booking_id}/cancel",
             response=answers(BookingOut, refuses=(403, 409)),
             summary="Withdraw my team's request or booking (requester, Scrum Master or MSM)")
def booking_cancel(request, slug: str, booking_id: ObjectId):
    return _act(request, slug, booking_id, bookings.booking_cancel, may=bookings.may_cancel,
                denied=_("Only whoever asked, the team's Scrum Master or the Meta Scrum "
                         "Master cancels a booking."))


@router.post("/programmes/{slug}/bookings/{booking_id}/reinstate",
             response=answers(BookingOut, refuses=(403, 409)),
             summary="Undo a cancellation while the booking's time has not come (requester, "
                     "Scrum Master or MSM); 409 if the resource is taken at that time")
def booking_reinstate(request, slug: str, booking_id: ObjectId):
    return _act(request, slug, booking_id, bookings.booking_reinstate, may=bookings.may_cancel,
                denied=_("Only whoever asked, the team's Scrum Master or the Meta Scrum "
                         "Master reinstates a booking."))
