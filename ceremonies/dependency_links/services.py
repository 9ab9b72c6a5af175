"""Links from a dependency to the work-tracker item that delivers it. When that item closes,
whoever raised the dependency (the needing team's Scrum Master) is asked to mark it delivered;
it is never marked delivered for them."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremonies.dependencies.services import may_close
from ceremonies.models import Dependency, DependencyTrackerLink
from feedback.tracker_links import tracker_item_find
from programmes.models import ItemState, Person


def may_link(by: Person, dependency: Dependency) -> bool:
    """Whoever may close it (either team, or the needing programme's MSM), while it is open."""
    return dependency.is_open and may_close(by, dependency)


def dependency_links(dependency: Dependency) -> list[DependencyTrackerLink]:
    return list(dependency.tracker_links.select_related("tracker_item__mapping", "linked_by")
                .order_by("linked_at", "pk"))


def dependency_link_add(*, dependency: Dependency, reference: str, by: Person
                        ) -> DependencyTrackerLink:
    """Link by the item's link or key, found in the trackers of either team's programme."""
    if not may_link(by, dependency):
        raise PermissionDenied(_("Only the two teams of an open dependency (or the MSM) link "
                                 "it to a tracker item."))
    programmes = {dependency.programme, dependency.providing_team.programme}
    tracker_item = tracker_item_find(list(programmes), reference)
    try:
        with transaction.atomic():
            return DependencyTrackerLink.objects.create(
                dependency=dependency, tracker_item=tracker_item, linked_by=by,
                linked_at=timezone.now())
    except IntegrityError as exc:
        raise ValidationError(_("Already linked to %(key)s.") % {"key": tracker_item.key}
                              ) from exc


def closed_links_to_tell(since: datetime) -> list[DependencyTrackerLink]:
    """Links of open dependencies whose tracker item closed after `since`."""
    return list(DependencyTrackerLink.objects.filter(
        dependency__status__in=Dependency.OPEN_STATUSES, tracker_item__state=ItemState.DONE,
        tracker_item__gone_at__isnull=True, tracker_item__closed_at__gte=since)
        .select_related("dependency__programme", "dependency__raised_by",
                        "dependency__needing_team", "dependency__providing_team",
                        "tracker_item"))
