"""Services for scarce resources and their bookings.

Test environments are booked for any time range. A release slot is a resource whose one fixed
window the MSM defines when creating it; a team's request for it always asks for the whole
window, so "one team per window" is the same rule as "confirmed bookings never overlap".

Scrum Masters request; overlapping requests are allowed (they are the conflicts the Scrum of
Scrums coordinates); the MSM confirms one. A resource is never double-booked: confirmation
checks for a clash first (a clear message on every database) and PostgreSQL's exclusion
constraint `booking_no_overlap` settles two confirmations that race; its violation becomes the
same clear `BookingError` (409), never a server error.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.audit import audit_record, changed_fields
from programmes.models import Booking, Person, Programme, Resource, Team
from programmes.permissions import access_for
from programmes.services import ServiceError

Status = Booking.Status
ACTIVE = (Status.REQUESTED, Status.CONFIRMED)
MAX_LENGTH = timedelta(days=14)
MAX_AHEAD = timedelta(days=366)
# A start typed as "now" is a few seconds old by the time it arrives.
GRACE = timedelta(minutes=5)
OVERLAP_CONSTRAINT = "booking_no_overlap"


class BookingError(ServiceError):
    """A refused booking step: 409 when the state or the calendar forbids it, 403 for the person."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def _forbidden(message: str) -> BookingError:
    return BookingError(message, status=403)


def when(value: datetime) -> str:
    """A moment in the active time zone (the viewer's on a page), for messages."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _require_manager(by: Person, programme: Programme, refusal: str) -> None:
    if not access_for(by, programme).may_manage:
        raise _forbidden(refusal)


# --- resources ----------------------------------------------------------------------------------

RESOURCE_FIELDS = ("kind", "name", "description", "window_starts_at", "window_ends_at")


def _check_window(resource: Resource, at: datetime) -> None:
    """A new or moved release window lies ahead, and no further than bookings may."""
    start, end = resource.window_starts_at, resource.window_ends_at
    if start is None or end is None or end <= start:
        return  # the model's own validation names what is missing
    errors = {}
    if end <= at:
        errors["window_ends_at"] = _("This window is already over.")
    elif end - start > MAX_LENGTH:
        errors["window_ends_at"] = ngettext(
            "A release window lasts at most %(days)d day.",
            "A release window lasts at most %(days)d days.", MAX_LENGTH.days) % {
            "days": MAX_LENGTH.days}
    if start - at > MAX_AHEAD:
        errors["window_starts_at"] = _("Release windows open at most a year ahead.")
    if errors:
        raise ValidationError(errors)


def _save_resource(resource: Resource, *, window_moved: bool = True) -> None:
    resource.full_clean()
    if resource.is_release_slot and window_moved:
        _check_window(resource, timezone.now())
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("This programme already has a resource with that name.")}) from None


@transaction.atomic
def resource_create(*, programme: Programme, by: Person, **fields) -> Resource:
    """A new resource of the programme; only its MSM adds one."""
    _require_manager(by, programme, _("Only the Meta Scrum Master adds shared resources."))
    resource = Resource(programme=programme, **fields)
    _save_resource(resource)
    audit_record(programme=programme, actor=by, action="resource.create", obj=resource,
                 summary=f"Added {resource.get_kind_display().lower()} {resource}")
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, by: Person, **fields) -> Resource:
    _require_manager(by, resource.programme,
                     _("Only the Meta Scrum Master changes shared resources."))
    before = Resource.objects.filter(pk=resource.pk).values(*fields).get()
    for name, value in fields.items():
        setattr(resource, name, value)
    window = ("window_starts_at", "window_ends_at")
    _save_resource(resource, window_moved=any(
        name in fields and before[name] != fields[name] for name in window))
    changes = changed_fields(before, {name: getattr(resource, name) for name in fields})
    if changes:
        audit_record(programme=resource.programme, actor=by, action="resource.update",
                     obj=resource, summary=f"Changed {', '.join(changes)} of {resource}",
                     changes=changes)
    return resource


@transaction.atomic
def resource_set_archived(*, resource: Resource, by: Person, archived: bool) -> Resource:
    """Archive (no new requests, hidden from the calendar) or restore a resource."""
    _require_manager(by, resource.programme,
                     _("Only the Meta Scrum Master archives shared resources."))
    if resource.archived != archived:
        resource.archived = archived
        resource.save(update_fields=["archived"])
        audit_record(programme=resource.programme, actor=by,
                     action="resource.archive" if archived else "resource.restore",
                     obj=resource,
                     summary=f"{'Archived' if archived else 'Restored'} {resource}")
    return resource


# --- requests -----------------------------------------------------------------------------------

def _times_for(resource: Resource, starts_at, ends_at, at: datetime) -> tuple:
    """The range asked for, or per-field errors: a release slot always takes its window."""
    errors = {}
    if resource.is_release_slot:
        if resource.window_ends_at <= at:
            raise ValidationError({"resource": _("This release window is over.")})
        if resource.window_starts_at < at - GRACE:
            raise ValidationError({"resource": _("This release window has already started.")})
        return resource.window_starts_at, resource.window_ends_at
    if starts_at is None:
        errors["starts_at"] = _("Say when you need it from.")
    if ends_at is None:
        errors["ends_at"] = _("Say until when you need it.")
    if errors:
        raise ValidationError(errors)
    if ends_at <= starts_at:
        errors["ends_at"] = _("The booking must end after it starts.")
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = ngettext(
            "A booking lasts at most %(days)d day; ask for a longer need in several requests.",
            "A booking lasts at most %(days)d days; ask for a longer need in several requests.",
            MAX_LENGTH.days) % {"days": MAX_LENGTH.days}
    if starts_at < at - GRACE:
        errors["starts_at"] = _("That start is in the past.")
    elif starts_at - at > MAX_AHEAD:
        errors["starts_at"] = _("Bookings open at most a year ahead.")
    if errors:
        raise ValidationError(errors)
    return starts_at, ends_at


def booking_request(*, resource: Resource, team: Team, by: Person, starts_at=None,
                    ends_at=None, purpose: str = "", at: datetime | None = None) -> Booking:
    """A team's request; it may overlap other teams' requests (a conflict to coordinate)."""
    at = at or timezone.now()
    if not access_for(by, team.programme).may_book_for(team):
        raise _forbidden(_("Only the team's Scrum Master or the Meta Scrum Master books for it."))
    if resource.programme_id != team.programme_id:
        raise ValidationError({"resource": _("That resource belongs to another programme.")})
    if resource.archived:
        raise ValidationError({"resource": _("This resource is archived; it takes no bookings.")})
    starts_at, ends_at = _times_for(resource, starts_at, ends_at, at)
    with transaction.atomic():
        if Booking.objects.filter(resource=resource, team=team, status__in=ACTIVE,
                                  starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
            raise ValidationError({NON_FIELD_ERRORS: [
                _("%(team)s already asked for %(resource)s at an overlapping time.") % {
                    "team": team, "resource": resource}]})
        booking = Booking(resource=resource, team=team, starts_at=starts_at, ends_at=ends_at,
                          purpose=purpose, requested_by=by, requested_at=at)
        booking.full_clean()
        booking.save()
        audit_record(programme=team.programme, actor=by, action="booking.request", obj=booking,
                     summary=f"{team} asked for {resource} from {when(starts_at)} "
                             f"to {when(ends_at)}")
    return booking


# --- decisions ----------------------------------------------------------------------------------

def clash_for(booking: Booking) -> Booking | None:
    """The confirmed booking of the same resource that overlaps `booking`, if any."""
    return (Booking.objects.filter(resource_id=booking.resource_id, status=Status.CONFIRMED,
                                   starts_at__lt=booking.ends_at, ends_at__gt=booking.starts_at)
            .exclude(pk=booking.pk).select_related("team").first())


def _clash_message(booking: Booking, clash: Booking | None) -> str:
    if clash is None:  # the winner of a race was undone meanwhile; the refusal still stands
        return _("%(resource)s was just booked by someone else at that time; reload.") % {
            "resource": booking.resource}
    return _("%(resource)s is already booked by %(team)s from %(start)s to %(end)s. Decline "
             "this request or ask %(asking)s to pick another time.") % {
        "resource": booking.resource, "team": clash.team, "start": when(clash.starts_at),
        "end": when(clash.ends_at), "asking": booking.team}


def _is_overlap(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    return name == OVERLAP_CONSTRAINT or OVERLAP_CONSTRAINT in str(error)


def _locked(booking: Booking) -> Booking:
    # The booking and its resource: two bookings of one resource confirmed (or reinstated) at
    # once queue here, and the second meets the first as a clash. Left to the exclusion
    # constraint alone, when both rows are written before either is checked, each waits for
    # the other's and PostgreSQL ends one with a deadlock error, not an exclusion violation.
    return (Booking.objects.select_for_update(of=("self", "resource"))
            .select_related("resource__programme", "team").get(pk=booking.pk))


def booking_confirm(*, booking: Booking, by: Person, at: datetime | None = None) -> Booking:
    """Give the resource to this request; refused with a clear message if it would overlap."""
    at = at or timezone.now()
    _require_manager(by, booking.resource.programme,
                     _("Only the Meta Scrum Master confirms bookings."))
    with transaction.atomic():
        locked = _locked(booking)
        if locked.status != Status.REQUESTED:
            raise BookingError(_("This request is already %(status)s.") % {
                "status": locked.get_status_display().lower()})
        if locked.resource.archived:
            raise BookingError(_("%(resource)s is archived; it takes no bookings.") % {
                "resource": locked.resource})
        if locked.ends_at <= at:
            raise BookingError(_("This request's time has passed; decline it instead."))
        clash = clash_for(locked)
        if clash is not None:
            raise BookingError(_clash_message(locked, clash))
        locked.status, locked.decided_by, locked.decided_at = Status.CONFIRMED, by, at
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "decided_by", "decided_at"])
        except IntegrityError as error:
            if not _is_overlap(error):
                raise
            raise BookingError(_clash_message(locked, clash_for(locked))) from None
        audit_record(programme=locked.resource.programme, actor=by, action="booking.confirm",
                     obj=locked, summary=f"Confirmed {locked.resource} for {locked.team} from "
                                         f"{when(locked.starts_at)} to {when(locked.ends_at)}")
    return locked


def booking_decline(*, booking: Booking, by: Person, at: datetime | None = None) -> Booking:
    """Refuse a request, or take back a confirmed booking."""
    at = at or timezone.now()
    _require_manager(by, booking.resource.programme,
                     _("Only the Meta Scrum Master declines bookings."))
    with transaction.atomic():
        locked = _locked(booking)
        if locked.status not in ACTIVE:
            raise BookingError(_("This request is already %(status)s.") % {
                "status": locked.get_status_display().lower()})
        was = locked.get_status_display().lower()
        locked.status, locked.decided_by, locked.decided_at = Status.DECLINED, by, at
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(programme=locked.resource.programme, actor=by, action="booking.decline",
                     obj=locked, summary=f"Declined the {was} booking of {locked.resource} for "
                                         f"{locked.team} from {when(locked.starts_at)}")
    return locked


def may_cancel(access, booking: Booking) -> bool:
    return booking.requested_by_id == access.person.pk or access.may_book_for(booking.team)


def booking_cancel(*, booking: Booking, by: Person, at: datetime | None = None) -> Booking:
    """The requester (or the team's Scrum Master, or the MSM) withdraws a request or booking."""
    at = at or timezone.now()
    if not may_cancel(access_for(by, booking.team.programme), booking):
        raise _forbidden(_("Only whoever asked, the team's Scrum Master or the Meta Scrum "
                           "Master cancels a booking."))
    with transaction.atomic():
        locked = _locked(booking)
        if locked.status not in ACTIVE:
            raise BookingError(_("This request is already %(status)s.") % {
                "status": locked.get_status_display().lower()})
        locked.status, locked.decided_at = Status.CANCELLED, at
        locked.save(update_fields=["status", "decided_at"])
        audit_record(programme=locked.resource.programme, actor=by, action="booking.cancel",
                     obj=locked, summary=f"Cancelled {locked.team}'s booking of "
                                         f"{locked.resource} from {when(locked.starts_at)}")
    return locked


def status_before_cancel(booking: Booking) -> str:
    """What a cancelled booking was: a cancelled booking that had been confirmed still names
    who confirmed it (only a decision sets `decided_by`; cancelling leaves it)."""
    return Status.CONFIRMED if booking.decided_by_id is not None else Status.REQUESTED


def booking_reinstate(*, booking: Booking, by: Person, at: datetime | None = None) -> Booking:
    """Undo a cancellation while the booking's time has not come: a request comes back as a
    request, a confirmed booking as confirmed if the resource is still free then."""
    at = at or timezone.now()
    if not may_cancel(access_for(by, booking.team.programme), booking):
        raise _forbidden(_("Only whoever asked, the team's Scrum Master or the Meta Scrum "
                           "Master reinstates a booking."))
    with transaction.atomic():
        locked = _locked(booking)
        if locked.status != Status.CANCELLED:
            raise BookingError(_("Only a cancelled booking can be reinstated; this one is "
                                 "%(status)s.") % {"status": locked.get_status_display().lower()})
        if locked.starts_at <= at:
            raise BookingError(_("Its time has come: ask for the resource again instead."))
        if locked.resource.archived:
            raise BookingError(_("%(resource)s is archived; it takes no bookings.") % {
                "resource": locked.resource})
        if Booking.objects.filter(resource_id=locked.resource_id, team_id=locked.team_id,
                                  status__in=ACTIVE, starts_at__lt=locked.ends_at,
                                  ends_at__gt=locked.starts_at).exists():
            raise BookingError(_("%(team)s has asked for %(resource)s at an overlapping time "
                                 "since; cancel that request first.") % {
                "team": locked.team, "resource": locked.resource})
        confirmed = status_before_cancel(locked) == Status.CONFIRMED
        if confirmed:
            _refuse_clash(locked)
        locked.status = Status.CONFIRMED if confirmed else Status.REQUESTED
        # A request is undecided again; a booking keeps who confirmed it and says when it
        # came back.
        locked.decided_at = at if confirmed else None
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "decided_at"])
        except IntegrityError as error:
            if not _is_overlap(error):
                raise
            _refuse_clash(locked)  # the booking that won the race, named
            raise BookingError(_clash_message(locked, None)) from None
        audit_record(programme=locked.resource.programme, actor=by, action="booking.reinstate",
                     obj=locked, summary=f"Reinstated {locked.team}'s "
                                         f"{'booking' if confirmed else 'request'} of "
                                         f"{locked.resource} from {when(locked.starts_at)}",
                     changes={"status": [Status.CANCELLED, locked.status]})
    return locked


def _refuse_clash(booking: Booking) -> None:
    clash = clash_for(booking)
    if clash is not None:
        raise BookingError(_("%(resource)s has been booked by %(team)s from %(start)s to "
                             "%(end)s since; this booking cannot come back. Ask for another "
                             "time.") % {
            "resource": booking.resource, "team": clash.team, "start": when(clash.starts_at),
            "end": when(clash.ends_at)})
