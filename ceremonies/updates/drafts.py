"""The update form's draft from the team's trackers: what was closed or merged since the
team's previous update ("done"), what is in progress ("next"), what is flagged or labelled
blocked ("blockers"). Read from the stored items in two queries; never a call to a tracker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ceremonies.models import DailyUpdate, Meeting
from programmes.models import ItemState, Team, TrackerItem

PER_LIST = 15  # a draft is a start, not an export; the tracker holds the rest
FALLBACK = timedelta(days=1)  # no previous update: the last day


@dataclass
class Draft:
    since: object = None
    done: list[TrackerItem] = field(default_factory=list)
    next: list[TrackerItem] = field(default_factory=list)
    blockers: list[TrackerItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.done or self.next or self.blockers)

    def initial(self) -> dict[str, str]:
        """The form's starting text: one line per item, its title, reference and link."""
        return {name: "\n".join(line(item) for item in items)
                for name, items in (("done", self.done), ("next", self.next),
                                    ("blockers", self.blockers)) if items}


def line(item: TrackerItem) -> str:
    reference = item.key if item.key[:1] not in "#!" else f"{item.mapping.source}{item.key}"
    return f"{item.title} ({reference}) {item.url}"


def tracker_draft(team: Team, *, meeting: Meeting | None) -> Draft:
    previous = (DailyUpdate.objects.filter(team=team).exclude(meeting=meeting)
                .order_by("-posted_at").values_list("posted_at", flat=True).first())
    since = previous or timezone.now() - FALLBACK
    items = (TrackerItem.objects.filter(team=team)
             .filter(Q(state=ItemState.DONE, closed_at__gte=since)
                     | (~Q(state=ItemState.DONE) & (Q(state=ItemState.IN_PROGRESS)
                                                    | Q(blocked=True))))
             .select_related("mapping").order_by("-updated_at", "pk")[:PER_LIST * 3])
    draft = Draft(since=since)
    for item in items:
        if item.state == ItemState.DONE:
            bucket = draft.done
        elif item.blocked:
            bucket = draft.blockers
        else:
            bucket = draft.next
        if len(bucket) < PER_LIST:
            bucket.append(item)
    return draft
