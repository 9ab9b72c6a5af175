"""Pages for shared resources: the list, the MSM's management, requests, conflicts, calendar."""

from __future__ import annotations

from copy import copy
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from metascrum.lib.forms import apply_errors
from programmes.access.decorators import with_programme
from programmes.models import Booking, Resource
from programmes.permissions import Access
from programmes.resources import selectors
from programmes.resources import services as bookings
from programmes.resources.forms import BookingRequestForm, ResourceForm

CALENDAR_WEEKS = 4
MAX_CALENDAR_WEEKS = 8


def _context(access: Access, **extra) -> dict:
    return {"access": access, "programme": access.programme, "tab": "resources", **extra}


@with_programme()
@require_safe
def resources(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    rows = list(selectors.resources_of(programme, archived=None if access.may_manage else False))
    upcoming = selectors.upcoming_bookings(programme)
    cancelled = selectors.cancelled_ahead(programme)
    for booking in (*upcoming, *cancelled):
        booking.cancellable = bookings.may_cancel(access, booking)
    for booking in cancelled:
        booking.was = Booking.Status(bookings.status_before_cancel(booking)).label
    return render(request, "programmes/resources/list.html", _context(
        access, resources=[r for r in rows if not r.archived],
        archived=[r for r in rows if r.archived], upcoming=upcoming, cancelled=cancelled))


def _resource_form(request, access: Access, resource: Resource | None) -> HttpResponse:
    instance = copy(resource) if resource else None
    form = ResourceForm(request.POST or None, instance=instance, programme=access.programme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in bookings.RESOURCE_FIELDS}
            try:
                if resource is None:
                    saved = bookings.resource_create(programme=access.programme,
                                                     by=request.user, **data)
                else:
                    saved = bookings.resource_update(resource=resource, by=request.user,
                                                     **data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("“%(resource)s” saved.") % {"resource": saved})
                return redirect("programmes:resources", slug=access.programme.slug)
        status = 400
    return render(request, "programmes/resources/resource_form.html",
                  _context(access, form=form, resource=resource), status=status)


@with_programme(require="may_manage")
def resource_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _resource_form(request, access, None)


@with_programme(require="may_manage")
def resource_edit(request: HttpRequest, access: Access, resource_id: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=resource_id, programme=access.programme)
    return _resource_form(request, access, resource)


@require_POST
@with_programme(require="may_manage")
def resource_archive(request: HttpRequest, access: Access, resource_id: int) -> HttpResponse:
    resource = get_object_or_404(Resource, pk=resource_id, programme=access.programme)
    archived = request.POST.get("archived", "1") != "0"
    bookings.resource_set_archived(resource=resource, by=request.user, archived=archived)
    done = _("“%(resource)s” archived.") if archived else _("“%(resource)s” restored.")
    messages.success(request, done % {"resource": resource})
    return redirect("programmes:resources", slug=access.programme.slug)


@with_programme(require="may_book_resources")
def booking_new(request: HttpRequest, access: Access) -> HttpResponse:
    initial = {}
    if request.GET.get("resource", "").isdigit():
        initial["resource"] = request.GET["resource"]
    form = BookingRequestForm(request.POST or None, access=access, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = bookings.booking_request(
                    resource=data["resource"], team=data["team"], by=request.user,
                    starts_at=data["starts_at"], ends_at=data["ends_at"],
                    purpose=data["purpose"])
            except bookings.BookingError as refused:
                form.add_error(None, str(refused))
                status = refused.status
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(team)s asked for %(resource)s; the Meta Scrum "
                                            "Master confirms it.") % {
                    "team": booking.team, "resource": booking.resource})
                return redirect("programmes:resources", slug=access.programme.slug)
    return render(request, "programmes/resources/booking_form.html", _context(access, form=form),
                  status=status)


def _coordination_context(access: Access, **extra) -> dict:
    conflicts, lone = selectors.coordination(access.programme)
    return _context(access, conflicts=conflicts, lone=lone, **extra)


@with_programme()
@require_safe
def booking_conflicts(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "programmes/resources/conflicts.html", _coordination_context(access))


DECISIONS = {
    "confirm": (bookings.booking_confirm, gettext_lazy("Confirmed %(resource)s for %(team)s.")),
    "decline": (bookings.booking_decline,
                gettext_lazy("Declined %(team)s's request for %(resource)s.")),
}


def _decide(request, access: Access, booking_id: int, decision: str) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related("resource", "team"),
                                pk=booking_id, resource__programme=access.programme)
    service, done = DECISIONS[decision]
    error = status = None
    try:
        service(booking=booking, by=request.user)
    except bookings.BookingError as refused:
        error, status = str(refused), refused.status
    done = str(done) % {"resource": booking.resource, "team": booking.team}
    if request.htmx:
        # htmx swaps only 2xx answers: a refusal is shown inside the fragment instead.
        response = render(request, "programmes/resources/conflicts.html#coordination",
                          _coordination_context(access, error=error,
                                                done=None if error else done))
        if status:
            response["X-Booking-Refused"] = str(status)
        return response
    if error:
        return render(request, "programmes/resources/conflicts.html",
                      _coordination_context(access, error=error), status=status)
    messages.success(request, done)
    return redirect("programmes:booking_conflicts", slug=access.programme.slug)


@require_POST
@with_programme(require="may_manage")
def booking_confirm(request: HttpRequest, access: Access, booking_id: int) -> HttpResponse:
    return _decide(request, access, booking_id, "confirm")


@require_POST
@with_programme(require="may_manage")
def booking_decline(request: HttpRequest, access: Access, booking_id: int) -> HttpResponse:
    return _decide(request, access, booking_id, "decline")


def _booking_step(request, access: Access, booking_id: int, step, done: str) -> HttpResponse:
    """Cancel or reinstate one booking, then back to the list with what happened."""
    booking = get_object_or_404(Booking.objects.select_related("resource", "team"),
                                pk=booking_id, resource__programme=access.programme)
    if not bookings.may_cancel(access, booking):
        raise PermissionDenied(_("Only whoever asked, the team's Scrum Master or the MSM "
                                 "cancels or reinstates a booking."))
    try:
        step(booking=booking, by=request.user)
    except bookings.BookingError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done % {"team": booking.team, "resource": booking.resource})
    return redirect("programmes:resources", slug=access.programme.slug)


@require_POST
@with_programme()
def booking_cancel(request: HttpRequest, access: Access, booking_id: int) -> HttpResponse:
    return _booking_step(request, access, booking_id, bookings.booking_cancel,
                         _("Cancelled %(team)s's booking of %(resource)s."))


@require_POST
@with_programme()
def booking_reinstate(request: HttpRequest, access: Access, booking_id: int) -> HttpResponse:
    return _booking_step(request, access, booking_id, bookings.booking_reinstate,
                         _("%(team)s's booking of %(resource)s is back."))


def _first_day(request, today: date) -> date:
    try:
        asked = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        asked = today
    if abs((asked - today).days) > 366:
        asked = today
    return asked - timedelta(days=asked.weekday())


def _weeks(request) -> int:
    value = request.GET.get("weeks", "")
    return min(max(int(value), 1), MAX_CALENDAR_WEEKS) if value.isdigit() else CALENDAR_WEEKS


@with_programme()
@require_safe
def resource_calendar(request: HttpRequest, access: Access) -> HttpResponse:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    first_day, weeks = _first_day(request, today), _weeks(request)
    rows = selectors.calendar(access.programme, first_day=first_day, weeks=weeks, tz=tz)
    return render(request, "programmes/resources/calendar.html", _context(
        access, rows=rows, today=today, first_day=first_day, weeks=weeks,
        last_day=first_day + timedelta(days=weeks * 7 - 1),
        previous=first_day - timedelta(days=weeks * 7),
        next=first_day + timedelta(days=weeks * 7), tz=tz))
