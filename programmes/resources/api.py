"""API endpoints for shared resources and bookings: list, request, confirm, decline.

The request body's fields are all optional in the schema on purpose: the caller's access is
checked first (404 outside the programme, 403 without the right), and only then are missing or
wrong fields reported as a 400 with one message per field, as on the web form.
Datetimes without an offset are read as UTC.
"""

from datetime import UTC, datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from metascrum.lib.api_errors import ApiError, answers
from metascrum.lib.api_types import text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Booking, Resource
from programmes.resources import selectors
from programmes.resources import services as bookings

router = Router(tags=["resources"])


class ResourceOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    archived: bool
    window_starts_at: datetime | None
    window_ends_at: datetime | None


class BookingOut(Schema):
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


class BookingIn(Schema):
    resource: int | None = Field(None, ge=1, le=2**62, description="Resource id.")
    team: text(60) | None = Field(None, description="Team slug.")
    starts_at: datetime | None = Field(None, description="Not needed for a release slot.")
    ends_at: datetime | None = Field(None, description="Not needed for a release slot.")
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


def _invalid(errors: dict) -> ApiError:
    return ApiError(400, "The request is not valid.", errors)


def _refused(refused: bookings.BookingError) -> ApiError:
    return ApiError(refused.status, str(refused))


@router.get("/programmes/{slug}/resources", response=answers(list[ResourceOut]),
            summary="Shared resources of a programme")
@paginate(Pagination)
def resource_list(request, slug: str, archived: bool = False):
    return selectors.resources_of(api_access(request, slug).programme, archived=archived)


@router.get("/programmes/{slug}/bookings", response=answers(list[BookingOut]),
            summary="Bookings and requests of a programme, soonest first")
@paginate(Pagination)
def booking_list(request, slug: str, resource: int | None = Query(None, ge=1, le=2**62),
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


@router.post("/programmes/{slug}/bookings", response=answers(BookingOut, 201),
             summary="Request a booking for one of my teams")
def booking_request(request, slug: str, payload: BookingIn):
    access = api_access(request, slug)
    if not access.may_book_resources:
        raise PermissionDenied("Only a Scrum Master or the Meta Scrum Master books resources.")
    errors = {}
    resource = team = None
    if payload.resource is None:
        errors["resource"] = ["This field is required."]
    else:
        resource = Resource.objects.filter(programme=access.programme,
                                           pk=payload.resource).first()
        if resource is None:
            errors["resource"] = ["No such resource in this programme."]
    if not payload.team:
        errors["team"] = ["This field is required."]
    else:
        team = access.programme.teams.filter(slug=payload.team).first()
        if team is None:
            errors["team"] = ["No such team in this programme."]
    if errors:
        raise _invalid(errors)
    try:
        booking = bookings.booking_request(
            resource=resource, team=team, by=request.user, starts_at=_aware(payload.starts_at),
            ends_at=_aware(payload.ends_at), purpose=payload.purpose)
    except bookings.BookingError as refused:
        raise _refused(refused) from refused
    except ValidationError as error:
        raise _invalid(_field_errors(error)) from error
    return Status(201, selectors.bookings_of(access.programme).get(pk=booking.pk))


def _act(request, slug: str, booking_id: int, service, *, may, refusal: str):
    """Apply `service` to one booking of the programme if `may(access, booking)`."""
    access = api_access(request, slug)
    booking = selectors.bookings_of(access.programme).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    if not may(access, booking):
        raise PermissionDenied(refusal)
    try:
        service(booking=booking, by=request.user)
    except bookings.BookingError as refused:
        raise _refused(refused) from refused
    return selectors.bookings_of(access.programme).get(pk=booking.pk)


def _decide(request, slug: str, booking_id: int, service):
    return _act(request, slug, booking_id, service, may=lambda access, _: access.may_manage,
                refusal="Only the Meta Scrum Master decides on bookings.")


@router.post("/programmes/{slug}/bookings/{booking_id}/confirm", response=answers(BookingOut),
             summary="Confirm a request (MSM); 409 if the resource is taken at that time")
def booking_confirm(request, slug: str, booking_id: int = Path(..., ge=1, le=2**62)):
    return _decide(request, slug, booking_id, bookings.booking_confirm)


@router.post("/programmes/{slug}/bookings/{booking_id}/decline", response=answers(BookingOut),
             summary="Decline a request or take back a booking (MSM)")
def booking_decline(request, slug: str, booking_id: int = Path(..., ge=1, le=2**62)):
    return _decide(request, slug, booking_id, bookings.booking_decline)


@router.post("/programmes/{slug}/bookings/{booking_id}/cancel", response=answers(BookingOut),
             summary="Withdraw my team's request or booking (requester, Scrum Master or MSM)")
def booking_cancel(request, slug: str, booking_id: int = Path(..., ge=1, le=2**62)):
    return _act(request, slug, booking_id, bookings.booking_cancel, may=bookings.may_cancel,
                refusal="Only whoever asked, the team's Scrum Master or the Meta Scrum Master "
                        "cancels a booking.")
