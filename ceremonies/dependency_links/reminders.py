"""The reminder asking whoever raised a dependency to mark it delivered when the tracker item
linked to it closes (see programmes/notifications/registry.py for the contract)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from ceremonies.dependency_links.services import closed_links_to_tell
from programmes.models import TeamMembership
from programmes.notifications.registry import Reminder, reminder_rule

LOOKBACK = timedelta(days=14)  # older closings are the dependency board's job, not a nudge's


@reminder_rule("dependency_item_closed",
               label="An item linked to your dependency closed in its tracker")
def dependency_item_closed(now: datetime) -> Iterable[Reminder]:
    """Once per closing (reopened and closed again asks again); a dependency raised by nobody
    still known asks the needing team's Scrum Masters."""
    links = closed_links_to_tell(now - LOOKBACK)
    orphaned = {link.dependency.needing_team_id for link in links
                if link.dependency.raised_by is None}
    scrum_masters = defaultdict(list)
    for m in TeamMembership.objects.filter(team_id__in=orphaned, role="scrum_master") \
            .select_related("person"):
        scrum_masters[m.team_id].append(m.person)
    for link in links:
        dependency, closed = link.dependency, link.tracker_item
        asked = ([dependency.raised_by] if dependency.raised_by
                 else scrum_masters[dependency.needing_team_id])
        for person in asked:
            yield Reminder(
                recipient=person, programme=dependency.programme, team=dependency.needing_team,
                object_ref=f"dependency:{dependency.pk}:tracker:{closed.pk}",
                occurrence=closed.closed_at.isoformat(), due_at=closed.closed_at,
                subject=_("%(key)s is closed: is “%(what)s” delivered?")
                % {"key": closed.key, "what": dependency.what},
                text=_("%(key)s “%(title)s”, linked to the dependency of %(needing)s on "
                       "%(providing)s, “%(what)s”, was closed in its tracker. If it gives you "
                       "what you needed, mark the dependency delivered; if not, tell "
                       "%(providing)s what is left.")
                % {"key": closed.key, "title": closed.title, "what": dependency.what,
                   "needing": dependency.needing_team, "providing": dependency.providing_team},
                link=reverse("ceremonies:dependency_tracker_links",
                             kwargs={"slug": dependency.programme.slug,
                                     "dependency_id": dependency.pk}))
