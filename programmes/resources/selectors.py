"""Reads for resources and bookings: lists, conflicts to coordinate, and the calendar.

Each selector makes a fixed number of queries whatever the number of bookings, and returns
rows already shaped for the page, so templates never query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from programmes.models import Booking, Programme, Resource
from programmes.resources.services import ACTIVE

Status = Booking.Status
CONFLICT_HORIZON = timedelta(days=14)
MAX_ROWS = 500  # a page shows at most this many bookings; more is not a plan but a backlog


def resources_of(programme: Programme, *, archived: bool | None = False) -> QuerySet[Resource]:
    rows = Resource.objects.filter(programme=programme)
    if archived is not None:
        rows = rows.filter(archived=archived)
    return rows.order_by("kind", "window_starts_at", "name")


def bookings_of(programme: Programme) -> QuerySet[Booking]:
    return (Booking.objects.filter(resource__programme=programme)
            .select_related("resource", "team", "requested_by", "decided_by"))


def upcoming_bookings(programme: Programme, *, team_ids=None, since: datetime | None = None,
                      limit: int = 50) -> list[Booking]:
    """Requests and bookings that have not ended yet, of some teams or of all."""
    rows = bookings_of(programme).filter(status__in=ACTIVE,
                                         ends_at__gt=since or timezone.now())
    if team_ids is not None:
        rows = rows.filter(team_id__in=list(team_ids))
    return list(rows.order_by("starts_at", "pk")[:limit])


def cancelled_ahead(programme: Programme, *, limit: int = 20) -> list[Booking]:
    """Cancelled bookings whose time has not come (they may still be reinstated), soonest
    first, of resources still in use."""
    rows = bookings_of(programme).filter(status=Status.CANCELLED, resource__archived=False,
                                         starts_at__gt=timezone.now())
    return list(rows.order_by("starts_at", "pk")[:limit])


@dataclass
class Conflict:
    """Active bookings of one resource whose times overlap, at least one of them a request."""

    resource: Resource
    bookings: list[Booking] = field(default_factory=list)
    ends_at: datetime | None = None

    @property
    def starts_at(self) -> datetime:
        return self.bookings[0].starts_at

    @property
    def confirmed(self) -> Booking | None:
        return next((b for b in self.bookings if b.status == Status.CONFIRMED), None)

    @property
    def teams(self) -> list:
        return sorted({b.team.name for b in self.bookings})


def _clusters(rows: list[Booking]) -> list[Conflict]:
    """Group bookings, sorted by resource then start, into runs of overlapping time."""
    clusters: list[Conflict] = []
    current: Conflict | None = None
    for booking in rows:
        if (current is None or booking.resource_id != current.resource.pk
                or booking.starts_at >= current.ends_at):
            current = Conflict(resource=booking.resource, ends_at=booking.ends_at)
            clusters.append(current)
        current.bookings.append(booking)
        current.ends_at = max(current.ends_at, booking.ends_at)
    return clusters


def coordination(programme: Programme, *, since: datetime | None = None,
                 until: datetime | None = None) -> tuple[list[Conflict], list[Booking]]:
    """(conflicts to coordinate, requests that clash with nothing), in one query."""
    rows = bookings_of(programme).filter(status__in=ACTIVE, resource__archived=False,
                                         ends_at__gt=since or timezone.now())
    if until is not None:
        rows = rows.filter(starts_at__lt=until)
    rows = rows.order_by("resource__kind", "resource__name", "resource_id", "starts_at", "pk")
    conflicts, lone = [], []
    for cluster in _clusters(list(rows[:MAX_ROWS])):
        if len(cluster.bookings) > 1:
            conflicts.append(cluster)
        else:
            lone.extend(b for b in cluster.bookings if b.status == Status.REQUESTED)
    conflicts.sort(key=lambda c: (c.starts_at, c.resource.name))
    lone.sort(key=lambda b: (b.starts_at, b.pk))
    return conflicts, lone


def resource_conflicts(programme: Programme, day: date) -> list[Conflict]:
    """Conflicts from the start of `day` (programme time) over the next two weeks, for the
    Scrum of Scrums to coordinate."""
    since = datetime.combine(day, time.min, tzinfo=programme.tzinfo)
    conflicts, _ = coordination(programme, since=since, until=since + CONFLICT_HORIZON)
    return conflicts


# --- calendar ------------------------------------------------------------------------------------

@dataclass
class Entry:
    booking: Booking
    label: str  # the part of the booking on that day: "10:00–12:00", "from 10:00", "all day"


@dataclass
class Day:
    date: date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class ResourceRow:
    resource: Resource
    weeks: list[list[Day]]

    @property
    def empty(self) -> bool:
        return not any(day.entries for week in self.weeks for day in week)


def _label(booking: Booking, day: date, tz) -> str:
    start, end = timezone.localtime(booking.starts_at, tz), timezone.localtime(booking.ends_at, tz)
    last_day = (end - timedelta(microseconds=1)).date()
    starts_today, ends_today = start.date() == day, last_day == day
    if starts_today and ends_today:
        return f"{time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
    if starts_today:
        return _("from %(time)s") % {"time": time_format(start, "TIME_FORMAT")}
    if ends_today:
        return _("until %(time)s") % {"time": time_format(end, "TIME_FORMAT")}
    return _("all day")


def calendar(programme: Programme, *, first_day: date, weeks: int, tz) -> list[ResourceRow]:
    """Per resource, `weeks` rows of seven days from `first_day` (in `tz`), with the active
    bookings of each day; two queries whatever the number of bookings."""
    days = [first_day + timedelta(days=n) for n in range(weeks * 7)]
    start = datetime.combine(days[0], time.min, tzinfo=tz)
    end = datetime.combine(days[-1] + timedelta(days=1), time.min, tzinfo=tz)
    resources = list(resources_of(programme).filter(
        ~Q(kind=Resource.Kind.RELEASE_SLOT) | Q(window_starts_at__lt=end,
                                                 window_ends_at__gt=start)))
    by_day: dict[tuple[int, date], list[Entry]] = {}
    rows = (bookings_of(programme).filter(status__in=ACTIVE, resource__archived=False,
                                          starts_at__lt=end, ends_at__gt=start)
            .order_by("starts_at", "pk")[:MAX_ROWS])
    for booking in rows:
        first = max(timezone.localtime(booking.starts_at, tz).date(), days[0])
        last = min((timezone.localtime(booking.ends_at, tz) - timedelta(microseconds=1)).date(),
                   days[-1])
        day = first
        while day <= last:
            by_day.setdefault((booking.resource_id, day), []).append(
                Entry(booking=booking, label=_label(booking, day, tz)))
            day += timedelta(days=1)
    return [
        ResourceRow(resource=resource, weeks=[
            [Day(date=d, entries=by_day.get((resource.pk, d), [])) for d in days[w:w + 7]]
            for w in range(0, len(days), 7)])
        for resource in resources
    ]
