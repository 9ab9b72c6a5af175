"""Services for meeting series: create, edit, pause and resume, and schedule them all.

Editing or pausing a series reschedules only the upcoming meetings nobody has touched: still
scheduled, not moved by hand. Running any of these twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from datetime import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from ceremonies.meetings import leads
from ceremonies.meetings.leads import CALL_CLOSES_AT
from ceremonies.meetings.schedule import (
    agenda_reset,
    horizon_end,
    local_start,
    occurrences,
    series_schedule,
)
from ceremonies.models import Kind, Meeting, MeetingSeries
from programmes.audit import audit_record, changed_fields
from programmes.models import Person, Programme

logger = logging.getLogger(__name__)
SCHEDULE_FIELDS = ("title", "rrule", "sprint_day", "start_time", "duration_minutes")
FIELDS = (*SCHEDULE_FIELDS, *leads.FIELDS)


def _validate_sprint_day(series: MeetingSeries) -> None:
    if series.rrule:
        series.sprint_day = None
    elif series.sprint_day and series.sprint_day > series.programme.sprint_length_days:
        raise ValidationError({"sprint_day": _(
            "Sprints of %(programme)s last %(days)s days; pick a day from 1 to %(days)s.") % {
            "programme": series.programme, "days": series.programme.sprint_length_days}})


def _validate_update_leads(series: MeetingSeries) -> None:
    """The "missing" warning must come after the call to post, site defaults included."""
    call, missing = leads.UPDATE_CALL.of(series), leads.UPDATE_MISSING.of(series)
    if not (series.update_call_minutes or series.update_missing_minutes) or missing < call:
        return
    if series.update_missing_minutes:
        if series.update_call_minutes:
            message = _("The missing-update warning comes after the call for updates, so it "
                        "must be fewer minutes before the meeting than the call (%(call)s).")
        else:
            message = _("The missing-update warning comes after the call for updates, so it "
                        "must be fewer minutes before the meeting than the call (%(call)s, the "
                        "site default).")
        raise ValidationError({"update_missing_minutes": message % {"call": call}})
    raise ValidationError({"update_call_minutes": _(
        "The call for updates comes before the missing-update warning, so it must be more "
        "minutes before the meeting than the warning (%(missing)s, the site default).") % {
        "missing": missing}})


def latest_agenda_lead(start: time) -> int:
    """The most whole hours before a Brown Bag starting at `start` that fall after the call
    for talks closed (noon the day before): the agenda is built from it."""
    def minutes(at: time) -> int:
        return at.hour * 60 + at.minute

    return (24 * 60 + minutes(start) - minutes(CALL_CLOSES_AT)) // 60


def _validate_agenda_lead(series: MeetingSeries) -> None:
    if not series.agenda_lead_hours or series.start_time is None:
        return
    latest = latest_agenda_lead(series.start_time)
    if series.agenda_lead_hours > latest:
        raise ValidationError({"agenda_lead_hours": _(
            "The call for talks closes at %(closes)s the day before, so for a Brown Bag at "
            "%(starts)s the agenda can go at most %(latest)s hours before.") % {
            "closes": time_format(CALL_CLOSES_AT), "starts": time_format(series.start_time),
            "latest": latest}})


def _clean(series: MeetingSeries) -> None:
    _validate_sprint_day(series)
    _validate_update_leads(series)
    _validate_agenda_lead(series)
    if not series.rrule and not series.sprint_day:
        raise ValidationError({"sprint_day": _("Pick the day of the sprint the meeting is on.")})
    series.full_clean(exclude=["programme"], validate_constraints=False)


@transaction.atomic
def series_create(*, programme: Programme, by: Person | None, kind: str, title: str,
                  rrule: str, sprint_day: int | None, start_time: time,
                  duration_minutes: int) -> MeetingSeries:
    """One series per kind per programme; its upcoming meetings exist when this returns."""
    if MeetingSeries.objects.filter(programme=programme, kind=kind).exists():
        raise ValidationError({"kind": _("%(programme)s already has a %(kind)s series; edit that "
                                         "one instead.") % {
            "programme": programme, "kind": Kind(kind).label}})
    series = MeetingSeries(programme=programme, kind=kind, title=title, rrule=rrule,
                           sprint_day=sprint_day, start_time=start_time,
                           duration_minutes=duration_minutes)
    _clean(series)
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError:  # a second MSM created the same kind a moment ago
        raise ValidationError({"kind": _("%(programme)s already has a %(kind)s series.") % {
            "programme": programme, "kind": Kind(kind).label}}) from None
    audit_record(programme=programme, actor=by, action="series.create", obj=series,
                 summary=f"Set up the {series.get_kind_display()} series “{series}”")
    series_schedule(series=series)
    return series


@transaction.atomic
def series_update(*, series: MeetingSeries, by: Person | None, **fields) -> dict:
    """Save the series and move its untouched upcoming meetings to match; returns counts."""
    locked = MeetingSeries.objects.select_for_update().select_related("programme").get(
        pk=series.pk)
    before = {name: getattr(locked, name) for name in FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    _clean(locked)
    locked.save()
    changes = changed_fields(before, {name: getattr(locked, name) for name in FIELDS})
    if not changes:
        return {"updated": 0, "removed": 0, "created": 0}
    audit_record(programme=locked.programme, actor=by, action="series.update", obj=locked,
                 summary=f"Changed {', '.join(changes)} of the series “{locked}”",
                 changes=changes)
    if not set(changes) & set(SCHEDULE_FIELDS):  # only reminder leads: no meeting moves
        return {"updated": 0, "removed": 0, "created": 0}
    counts = _reschedule(locked)
    counts["created"] = len(series_schedule(series=locked))
    return counts


@transaction.atomic
def series_pause(*, series: MeetingSeries, by: Person | None) -> int:
    """Stop the series: untouched upcoming meetings go; returns how many."""
    locked = MeetingSeries.objects.select_for_update().select_related("programme").get(
        pk=series.pk)
    if locked.paused:
        return 0
    locked.paused = True
    locked.save(update_fields=["paused"])
    audit_record(programme=locked.programme, actor=by, action="series.pause", obj=locked,
                 summary=f"Paused the series “{locked}”")
    return _reschedule(locked)["removed"]


@transaction.atomic
def series_resume(*, series: MeetingSeries, by: Person | None) -> int:
    """Restart the series; returns how many upcoming meetings it created."""
    locked = MeetingSeries.objects.select_for_update().select_related("programme").get(
        pk=series.pk)
    if not locked.paused:
        return 0
    locked.paused = False
    locked.save(update_fields=["paused"])
    audit_record(programme=locked.programme, actor=by, action="series.resume", obj=locked,
                 summary=f"Resumed the series “{locked}”")
    return len(series_schedule(series=locked))


def _reschedule(series: MeetingSeries) -> dict:
    """Untouched upcoming meetings follow the series; those it no longer holds go (cancelled
    instead when something was already recorded in them)."""
    today = series.programme.today()
    upcoming = list(series.meetings.select_for_update().filter(
        state=Meeting.State.SCHEDULED, moved=False, occurrence__gte=today))
    last = max([horizon_end(series, today), *(m.occurrence for m in upcoming)])
    wanted = set() if series.paused else set(occurrences(series, today, last))
    counts = {"updated": 0, "removed": 0}
    for meeting in upcoming:
        if meeting.occurrence not in wanted:
            _drop(meeting)
            counts["removed"] += 1
        elif _follow(meeting, series):
            counts["updated"] += 1
    return counts


def _drop(meeting: Meeting) -> None:
    if meeting.decisions.exists() or meeting.actions.exists():
        meeting.state = Meeting.State.CANCELLED
        meeting.sequence += 1
        meeting.version += 1
        meeting.save(update_fields=["state", "sequence", "version"])
    else:
        meeting.delete()


def _follow(meeting: Meeting, series: MeetingSeries) -> bool:
    start = local_start(series, meeting.occurrence)
    retimed = meeting.timebox_minutes != series.duration_minutes
    if not retimed and meeting.scheduled_start == start and meeting.title == series.title:
        return False
    meeting.scheduled_start, meeting.title = start, str(series.title)
    meeting.timebox_minutes = series.duration_minutes
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["scheduled_start", "title", "timebox_minutes", "sequence",
                                "version"])
    if retimed:  # the default agenda is cut to the timebox
        agenda_reset(meeting=meeting)
    return True


def schedule_all(*, days: int | None = None) -> int:
    """Create the upcoming meetings of every unpaused series; returns how many were new."""
    created = 0
    for series in MeetingSeries.objects.filter(paused=False).order_by("pk"):
        try:
            created += len(series_schedule(series=series, days=days))
        except Exception:  # one broken series must not stop the others
            logger.exception("Could not schedule the meetings of series %s", series.pk)
    return created
