"""The Meetings tab, the MSM's series pages, and moving or cancelling one meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ceremonies.meetings import moves
from ceremonies.meetings.lists import past_meetings, programme_series, upcoming_meetings
from ceremonies.meetings.recurrence import describe
from ceremonies.meetings.state import RoomError
from ceremonies.models import Kind, Meeting, MeetingSeries
from ceremonies.series import services as series
from ceremonies.series.forms import MoveForm, SeriesForm
from metascrum.lib.pagination import paginate
from programmes.access.decorators import with_programme
from programmes.permissions import Access


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(access: Access, **context) -> dict:
    return {"access": access, "programme": access.programme, **context}


@with_programme()
@require_safe
def meetings_view(request: HttpRequest, access: Access) -> HttpResponse:
    """Upcoming meetings and the paged history with planned against actual time."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    page = paginate(request, past_meetings(access.programme, kind), per_page=20)
    return render(request, "ceremonies/meetings.html", _page(
        access, kind=kind, kinds=Kind.choices, page=page,
        upcoming=upcoming_meetings(access.programme, kind)))


@with_programme(require="may_manage")
@require_safe
def series_list_view(request: HttpRequest, access: Access) -> HttpResponse:
    rows = programme_series(access.programme)
    for row in rows:
        row.recurrence = describe(row.rrule, row.sprint_day)
    missing = [(value, label) for value, label in Kind.choices
               if value not in {row.kind for row in rows}]
    return render(request, "ceremonies/series_list.html",
                  _page(access, series_rows=rows, missing=missing))


def _back(access: Access):
    return redirect("ceremonies:series_list", slug=access.programme.slug)


@with_programme(require="may_manage")
def series_new_view(request: HttpRequest, access: Access) -> HttpResponse:
    form = SeriesForm(request.POST or None, programme=access.programme,
                      kind=request.GET.get("kind"))
    if request.method == "POST" and form.is_valid():
        try:
            created = series.series_create(programme=access.programme, by=request.user,
                                           kind=form.cleaned_data["kind"], **form.series_fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("“%(series)s” is set up; its upcoming meetings are "
                                        "scheduled.") % {"series": created})
            return _back(access)
    return render(request, "ceremonies/series_form.html", _page(access, form=form))


@with_programme(require="may_manage")
def series_edit_view(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    current = get_object_or_404(MeetingSeries, programme=access.programme, pk=series_id)
    form = SeriesForm(request.POST or None, programme=access.programme, series=current)
    if request.method == "POST" and form.is_valid():
        try:
            counts = series.series_update(series=current, by=request.user, **form.series_fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _(
                "“%(title)s” saved: %(updated)s upcoming meetings moved, %(removed)s removed, "
                "%(created)s added.") % {"title": form.cleaned_data["title"], **counts})
            return _back(access)
    return render(request, "ceremonies/series_form.html",
                  _page(access, form=form, series=current))


@require_POST
@with_programme(require="may_manage")
def series_pause_view(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    current = get_object_or_404(MeetingSeries, programme=access.programme, pk=series_id)
    removed = series.series_pause(series=current, by=request.user)
    messages.success(request, _("“%(series)s” is paused; %(removed)s upcoming meetings were "
                                "taken off the calendar.")
                                    % {"series": current, "removed": removed})
    return _back(access)


@require_POST
@with_programme(require="may_manage")
def series_resume_view(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    current = get_object_or_404(MeetingSeries, programme=access.programme, pk=series_id)
    created = series.series_resume(series=current, by=request.user)
    messages.success(request, _("“%(series)s” is running again; %(created)s upcoming "
                                "meetings were scheduled.")
                                    % {"series": current, "created": created})
    return _back(access)


def _meeting(access: Access, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("programme"),
                             programme=access.programme, pk=pk)


def _to_meetings(access: Access):
    return redirect("ceremonies:meetings", slug=access.programme.slug)


@with_programme(require="may_manage")
def meeting_move_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """Move one meeting (this page is also where it is cancelled)."""
    meeting = _meeting(access, pk)
    form = MoveForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            moves.meeting_move(meeting=meeting, by=request.user, start=form.cleaned_data["start"])
        except RoomError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(meeting)s of %(day)s moved.") % _named(meeting))
            return _to_meetings(access)
    return render(request, "ceremonies/meeting_move.html", _page(
        access, form=form, meeting=meeting, movable=meeting.state == Meeting.State.SCHEDULED),
        status=400 if form.errors and form.non_field_errors() else 200)


def _named(meeting: Meeting) -> dict:
    return {"meeting": meeting.title, "day": date_format(meeting.occurrence, "MONTH_DAY_FORMAT")}


def _meeting_step(request, access: Access, pk: int, step, done: str) -> HttpResponse:
    """Cancel or reinstate one meeting, then back to the list with what happened."""
    meeting = _meeting(access, pk)
    try:
        step(meeting=meeting, by=request.user)
    except RoomError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done % _named(meeting))
    return _to_meetings(access)


@require_POST
@with_programme(require="may_manage")
def meeting_cancel_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _meeting_step(request, access, pk, moves.meeting_cancel,
                         _("%(meeting)s of %(day)s cancelled."))


@require_POST
@with_programme(require="may_manage")
def meeting_reinstate_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _meeting_step(request, access, pk, moves.meeting_reinstate,
                         _("%(meeting)s of %(day)s is back on the calendar."))
