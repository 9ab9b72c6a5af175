"""A team's draft update from its stored tracker items: what was closed or merged since `since`
("done"), what is in progress ("next"), what is flagged or labelled blocked ("blockers"). One
query, never a call to a tracker; items gone from their tracker are left out. The update form
and the chat app's update dialog both start from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from programmes.models import ItemState, Team, TrackerItem

PER_LIST = 15  # a draft is a start, not an export; the tracker holds the rest
FALLBACK = timedelta(days=1)  # no previous update: the last day


@dataclass
class Draft:
    since: datetime | None = None
    done: list[TrackerItem] = field(default_factory=list)
    next: list[TrackerItem] = field(default_factory=list)
    blockers: list[TrackerItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.done or self.next or self.blockers)

    def initial(self) -> dict[str, str]:
        """The starting text: one line per item, its title, reference and link."""
        return {name: "\n".join(line(item) for item in items)
                for name, items in (("done", self.done), ("next", self.next),
                                    ("blockers", self.blockers)) if items}


def line(item: TrackerItem) -> str:
    reference = item.key if item.key[:1] not in "#!" else f"{item.mapping.source}{item.key}"
    return f"{item.title} ({reference}) {item.url}"


def team_draft(team: Team, since: datetime | None) -> Draft:
    since = since or timezone.now() - FALLBACK
    items = (TrackerItem.objects.filter(team=team, gone_at__isnull=True)
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


def draft_for(team: Team, since: datetime | None) -> dict[str, str]:
    """{"done": …, "next": …, "blockers": …} as text, only the lists that have items; since
    None means the last day."""
    return team_draft(team, since).initial()
