"""Reminder rules of the Brown Bag (see programmes/notifications/registry.py for the contract).

Loaded by ceremonies/reminders.py, the module the registry discovers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.brownbag.services import CALL_CLOSES_AT, call_for
from ceremonies.meetings import leads
from ceremonies.meetings.permissions import invitees
from ceremonies.models import Kind, Meeting
from programmes.models import Person, ProgrammeRole, Sprint, TeamMembership
from programmes.notifications.registry import Reminder, reminder_rule

CALL_AT = time(9, 0)  # programme-local, on the sprint's first day
LOOKBACK = timedelta(days=1)
# The longest lead a series may set, and the day before at 16:00 (under 32 h ahead).
AGENDA_AHEAD = max(leads.AGENDA.scan_ahead, timedelta(days=2))


def _programme_people(programme_ids) -> dict[int, dict[int, Person]]:
    """programme id → its people (team members, MSMs, stakeholders), each once."""
    people: dict[int, dict[int, Person]] = defaultdict(dict)
    for m in TeamMembership.objects.filter(team__programme_id__in=programme_ids,
                                           person__is_active=True).select_related(
            "person", "team"):
        people[m.team.programme_id][m.person_id] = m.person
    for role in ProgrammeRole.objects.filter(programme_id__in=programme_ids,
                                             person__is_active=True).select_related("person"):
        people[role.programme_id][role.person_id] = role.person
    return people


@reminder_rule("brownbag_call", label=gettext_lazy("Brown Bag: the call for talks opens"))
def brownbag_call(now: datetime) -> Iterable[Reminder]:
    """At 09:00 programme time on a sprint's first day, the programme's people are invited to
    propose talks for the sprint's Brown Bag and to vote."""
    today = now.date()
    due = []
    for sprint in (Sprint.objects.filter(start__range=(today - timedelta(days=2),
                                                       today + timedelta(days=1)))
                   .select_related("programme")):
        at = datetime.combine(sprint.start, CALL_AT, tzinfo=sprint.programme.tzinfo)
        if at <= now < at + LOOKBACK:
            due.append((sprint, at))
    if not due:
        return
    people = _programme_people([s.programme_id for s, _ in due])
    for sprint, at in due:
        programme = sprint.programme
        call = call_for(sprint, programme)
        closes = call.closes_at.astimezone(programme.tzinfo)
        when = ""
        if call.meeting is not None:
            starts = call.meeting.scheduled_start.astimezone(programme.tzinfo)
            when = _("The Brown Bag is on %(weekday)s %(day)s at %(time)s. ") % {
                "weekday": date_format(starts, "l"),
                "day": date_format(starts, "MONTH_DAY_FORMAT"), "time": time_format(starts)}
        for person in people[programme.pk].values():
            yield Reminder(
                recipient=person, programme=programme, object_ref=f"talks:{sprint.pk}",
                occurrence="", due_at=at,
                subject=_("%(programme)s: propose a Brown Bag talk for %(sprint)s") % {
                    "programme": programme, "sprint": sprint},
                text=_("%(sprint)s of %(programme)s has started, and with it the call for Brown "
                       "Bag talks: what your team is up to, a problem you solved first, a "
                       "demo. %(when)sPropose and vote until %(weekday)s %(closes)s "
                       "(%(timezone)s).") % {
                    "sprint": sprint, "programme": programme, "when": when,
                    "weekday": date_format(closes, "D"),
                    "closes": f"{date_format(closes, 'MONTH_DAY_FORMAT')} {time_format(closes)}",
                    "timezone": programme.timezone},
                link=reverse("ceremonies:brownbag", kwargs={"slug": programme.slug}))


def _agenda_line(n: int, item) -> str:
    minutes = item.timebox_seconds // 60
    if item.team:
        return _("%(n)s. %(title)s (%(team)s) — %(minutes)s min") % {
            "n": n, "title": item.title, "team": item.team, "minutes": minutes}
    return _("%(n)s. %(title)s — %(minutes)s min") % {
        "n": n, "title": item.title, "minutes": minutes}


def agenda_due(meeting: Meeting) -> datetime:
    """When the agenda goes: its series' lead in hours, else the day before at 16:00 — never
    before the call for talks closed (a meeting moved earlier in its day), as the agenda is
    built from the talks."""
    tz = meeting.programme.tzinfo
    day_before = meeting.scheduled_start.astimezone(tz).date() - timedelta(days=1)
    hours = leads.AGENDA.of(meeting.series)
    if hours is None:
        return datetime.combine(day_before, leads.AGENDA_AT, tzinfo=tz)
    return max(meeting.scheduled_start - timedelta(hours=hours),
               datetime.combine(day_before, CALL_CLOSES_AT, tzinfo=tz))


def _day(local: datetime, now: datetime) -> str:
    days = (local.date() - now.astimezone(local.tzinfo).date()).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return _("on %(weekday)s") % {"weekday": date_format(local, "l")}


@reminder_rule("brownbag_agenda",
               label=gettext_lazy("Brown Bag: its agenda, before it starts"))
def brownbag_agenda(now: datetime) -> Iterable[Reminder]:
    """Before a Brown Bag (the day before at 16:00 programme time, or its series' lead in
    hours), its invitees get the agenda (built then, not earlier, so it is the agenda as it
    stands)."""
    meetings = (Meeting.objects.filter(kind=Kind.BROWN_BAG, state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now,
                                       scheduled_start__lte=now + AGENDA_AHEAD)
                .select_related("programme", "series").prefetch_related("items__team"))
    for meeting in meetings:
        due = agenda_due(meeting)
        if now < due:
            continue
        local = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        day = _day(local, now)
        lines = [_agenda_line(n, item) for n, item in enumerate(meeting.items.all(), start=1)]
        for person in invitees(meeting):
            yield Reminder(
                recipient=person, programme=meeting.programme,
                object_ref=f"meeting:{meeting.pk}",
                occurrence=meeting.scheduled_start.isoformat(),
                due_at=due,
                subject=_("Brown Bag %(day)s (%(programme)s), %(time)s") % {
                    "day": day, "programme": meeting.programme, "time": time_format(local)},
                text=_("The Brown Bag of %(programme)s is %(day)s, %(weekday)s %(date)s at "
                       "%(time)s (%(timezone)s), %(minutes)s minutes. The agenda:\n%(agenda)s") % {
                    "programme": meeting.programme, "day": day,
                    "weekday": date_format(local, "l"),
                    "date": date_format(local, "MONTH_DAY_FORMAT"), "time": time_format(local),
                    "timezone": meeting.programme.timezone, "minutes": meeting.timebox_minutes,
                    "agenda": "\n".join(lines)},
                link=meeting.get_absolute_url())
