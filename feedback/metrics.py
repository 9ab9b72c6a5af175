"""Loop metrics per programme and level over a period: the one answer behind every loop figure
(the loop metrics page, the steering pack and dashboard, the API).

A period is whole days in the programme's time zone (`period`, `last_days`), so a figure says
which days it counts and the pack's "last 30 days" are the metrics page's default 30 days.
Two questions are kept apart: of the loops *raised* in the period, how many are closed (the
share), and how many loops were *closed* in the period, whenever raised.

Percentiles are computed in Python over a bounded list of durations (linear interpolation, as
PostgreSQL's `percentile_cont`), so the same code runs on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.models import FeedbackItem
from programmes.models import Programme

Item = FeedbackItem
SAMPLE_LIMIT = 10_000
DEFAULT_DAYS = 30
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)  # the days a period may cover

AGE_BUCKETS = [
    (gettext_lazy("under 1 day"), timedelta(0), timedelta(days=1)),
    (gettext_lazy("1–3 days"), timedelta(days=1), timedelta(days=3)),
    (gettext_lazy("3–7 days"), timedelta(days=3), timedelta(days=7)),
    (gettext_lazy("7–30 days"), timedelta(days=7), timedelta(days=30)),
    (gettext_lazy("over 30 days"), timedelta(days=30), None),
]



def percentile(values: list[float], fraction: float) -> float | None:
    """Linear-interpolated percentile of `values` (fraction in 0..1), None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Period:
    """The days `first` to `last` (inclusive) in a programme's time zone, as [start, end)."""

    first: date
    last: date
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def period(programme: Programme, first: date, last: date) -> Period:
    """Whole local days; `first` and `last` must lie within EARLIEST..LATEST."""
    if not EARLIEST <= first <= last <= LATEST:
        raise ValueError(_("A period runs forward, between %(first)s and %(last)s.") % {
            "first": EARLIEST.isoformat(), "last": LATEST.isoformat()})
    tz = programme.tzinfo
    return Period(first, last, datetime.combine(first, time.min, tzinfo=tz),
                  datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz))


def last_days(programme: Programme, days: int = DEFAULT_DAYS,
              at: datetime | None = None) -> Period:
    """The `days` days up to and including the programme's today (at `at`)."""
    today = timezone.localtime(at or timezone.now(), programme.tzinfo).date()
    return period(programme, today - timedelta(days=days - 1), today)


@dataclass
class LoopMetrics:
    programme: Programme
    start: datetime
    end: datetime
    level: str | None
    raised: int = 0
    raised_up: int = 0
    raised_down: int = 0
    closed: int = 0  # of those raised in the period, closed now
    open_total: int = 0  # of those raised in the period, not closed
    overdue: int = 0  # of those raised in the period, waiting past their expected time
    closed_in_period: int = 0  # closed in the period, whenever raised
    ack_median_hours: float | None = None
    ack_p90_hours: float | None = None
    close_median_hours: float | None = None
    close_p90_hours: float | None = None
    open_by_age: list[tuple[str, int]] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        """The level as people read it ("Parent programme"), or all levels together."""
        return str(Item.Level(self.level).label) if self.level else _("All levels")


    @property
    def closed_share(self) -> float | None:

        """Share of the loops raised in the period that are closed (0..1)."""
        return self.closed / self.raised if self.raised else None


def _hours(durations) -> list[float]:
    return [d.total_seconds() / 3600 for d in durations if d is not None]


def loop_metrics(*, programme: Programme, start: datetime, end: datetime,
                 level: str | None = None, at: datetime | None = None) -> LoopMetrics:
    """Metrics of items raised in [start, end) in the programme and its children, and the
    count of items closed in [start, end) whenever raised.

    `level` narrows to items currently held at that level; overdue and open ages are as of
    `at` (default now). Five queries.
    """
    at = at or timezone.now()
    tree = Item.objects.filter(programme__path__startswith=programme.path)
    if level:
        tree = tree.filter(level=level)
    raised_then = Q(raised_at__gte=start, raised_at__lt=end)
    closed_then = Q(closed_at__gte=start, closed_at__lt=end)
    items = tree.filter(raised_then)
    counts = tree.filter(raised_then | closed_then).aggregate(
        raised=Count("pk", filter=raised_then),
        up=Count("pk", filter=raised_then & Q(direction=Item.Direction.UP)),
        down=Count("pk", filter=raised_then & Q(direction=Item.Direction.DOWN)),
        closed=Count("pk", filter=raised_then & Q(state=Item.State.CLOSED)),
        open=Count("pk", filter=raised_then & ~Q(state=Item.State.CLOSED)),
        overdue=Count("pk", filter=raised_then & Q(state__in=Item.WAITING_STATES,
                                                     respond_by__lt=at)),
        closed_in_period=Count("pk", filter=closed_then),
    )
    ack = _hours(items.filter(acknowledged_at__isnull=False)
                 .annotate(d=F("acknowledged_at") - F("raised_at"))
                 .values_list("d", flat=True)[:SAMPLE_LIMIT])
    close = _hours(items.filter(closed_at__isnull=False)
                   .annotate(d=F("closed_at") - F("raised_at"))
                   .values_list("d", flat=True)[:SAMPLE_LIMIT])
    ages = [at - raised for raised in items.exclude(state=Item.State.CLOSED)
            .values_list("raised_at", flat=True)[:SAMPLE_LIMIT]]
    buckets = [(str(label), sum(1 for a in ages if a >= low and (high is None or a < high)))
               for label, low, high in AGE_BUCKETS]
    return LoopMetrics(
        programme=programme, start=start, end=end, level=level,
        raised=counts["raised"], raised_up=counts["up"], raised_down=counts["down"],
        closed=counts["closed"], open_total=counts["open"], overdue=counts["overdue"],
        closed_in_period=counts["closed_in_period"],
        ack_median_hours=percentile(ack, 0.5), ack_p90_hours=percentile(ack, 0.9),
        close_median_hours=percentile(close, 0.5), close_p90_hours=percentile(close, 0.9),
        open_by_age=buckets,
    )


def loop_metrics_by_level(*, programme: Programme, start: datetime, end: datetime,
                          at: datetime | None = None) -> list[LoopMetrics]:
    """All levels together first, then one row per level."""
    rows = [loop_metrics(programme=programme, start=start, end=end, at=at)]
    for level in Item.Level.values:
        rows.append(loop_metrics(programme=programme, start=start, end=end, level=level, at=at))
    return rows
