"""What the pages read about trackers: stored rows only, never a call to a tracker."""

from __future__ import annotations

from django.db.models import Count

from programmes.models import Programme, TrackerConnection


def programme_connections(programme: Programme) -> list[TrackerConnection]:
    """The programme's trackers with their mappings (and teams) and item counts, by name."""
    return list(TrackerConnection.objects.filter(programme=programme)
                .annotate(item_count=Count("mappings__items"))
                .prefetch_related("mappings__team").order_by("name"))


def integrations_panel(programme: Programme) -> dict:
    return {"programme": programme, "connections": programme_connections(programme)}
