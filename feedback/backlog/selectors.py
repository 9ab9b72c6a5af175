"""The impediment backlog of a programme: its open impediments and risks that wait on its MSM
(or its steering), in the order the MSM gave them; the ones not placed yet come last, oldest
first, until the MSM places them."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from feedback.models import FeedbackItem, RoamChange
from programmes.models import Programme

Item = FeedbackItem
KINDS = (Item.Kind.IMPEDIMENT, Item.Kind.RISK)
LEVELS = (Item.Level.PROGRAMME, Item.Level.PARENT, Item.Level.STAKEHOLDERS)


def backlog(programme: Programme) -> QuerySet[FeedbackItem]:
    return (Item.objects.filter(holder_programme=programme, level__in=LEVELS, kind__in=KINDS)
            .exclude(state=Item.State.CLOSED)
            .order_by(F("backlog_position").asc(nulls_last=True), "raised_at", "pk"))


def backlog_page(programme: Programme) -> list[FeedbackItem]:
    """The whole backlog with what its page shows: three queries whatever its length."""
    return list(backlog(programme)
                .select_related("owner", "origin_team", "programme")
                .prefetch_related(Prefetch("roam_changes",
                                           queryset=RoamChange.objects.select_related("by"))))


def top(programme: Programme, count: int = 5) -> list[FeedbackItem]:
    """The top of the backlog, as the Scrum of Scrums' closing slot and the steering pack show
    it."""
    return list(backlog(programme).select_related("owner", "origin_team")[:count])
