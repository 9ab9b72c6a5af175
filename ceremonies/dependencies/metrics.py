"""Dependency figures next to the loop metrics, over the same whole days: of the dependencies
requested in the period, how long the providing team took to answer, and how many were kept
(delivered by the committed date), late (delivered after it, or still undelivered past it),
dropped or declined; per providing team and per programme (level). Two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from ceremonies.models import Dependency
from feedback.metrics import Period
from programmes.models import Programme

S = Dependency.Status


@dataclass
class Row:
    label: str
    requested: int
    answered: int
    answer_hours: float | None
    kept: int
    late: int
    dropped: int
    declined: int


def _figures(today) -> dict:
    delivered_late = Q(status=S.DELIVERED, delivered_at__date__gt=F("committed_date"))
    still_late = Q(status=S.ACCEPTED, committed_date__lt=today)
    return {
        "requested": Count("pk"),
        "answered": Count("pk", filter=Q(answered_at__isnull=False)),
        "answer_time": Avg(F("answered_at") - F("created_at"),
                           filter=Q(answered_at__isnull=False)),
        "kept": Count("pk", filter=Q(status=S.DELIVERED) & ~delivered_late),
        "late": Count("pk", filter=delivered_late | still_late),
        "dropped": Count("pk", filter=Q(status=S.DROPPED)),
        "declined": Count("pk", filter=Q(status=S.DECLINED)),
    }


def _row(label: str, figures: dict) -> Row:
    time: timedelta | None = figures["answer_time"]
    return Row(label=label, requested=figures["requested"], answered=figures["answered"],
               answer_hours=round(time.total_seconds() / 3600, 1) if time else None,
               kept=figures["kept"], late=figures["late"], dropped=figures["dropped"],
               declined=figures["declined"])


def requested_in(programme: Programme, period: Period) -> QuerySet[Dependency]:
    return Dependency.objects.filter(programme__path__startswith=programme.path,
                                     created_at__gte=period.start, created_at__lt=period.end)


def dependency_metrics(programme: Programme, period: Period) -> dict:
    today = programme.today()
    requested = requested_in(programme, period)
    figures = _figures(today)
    by_level = (requested.values("providing_team__programme__name")
                .annotate(**figures).order_by("providing_team__programme__name"))
    by_team = (requested.values("providing_team__name")
               .annotate(**figures).order_by("providing_team__name"))
    levels = [_row(r["providing_team__programme__name"], r) for r in by_level]
    teams = [_row(r["providing_team__name"], r) for r in by_team]
    return {"levels": levels, "teams": teams, "period": period,
            "total": _total(programme.name, levels)}


def _total(label: str, rows: list[Row]) -> Row:
    answered = sum(r.answered for r in rows)
    hours = (round(sum((r.answer_hours or 0) * r.answered for r in rows) / answered, 1)
             if answered else None)
    return Row(label=_("All of %(programme)s") % {"programme": label},
               requested=sum(r.requested for r in rows),
               answered=answered, answer_hours=hours, kept=sum(r.kept for r in rows),
               late=sum(r.late for r in rows), dropped=sum(r.dropped for r in rows),
               declined=sum(r.declined for r in rows))
