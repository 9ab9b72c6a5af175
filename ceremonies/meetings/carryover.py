"""What a meeting leaves open comes back at the next occurrence of its series: one mechanism.

Agenda items skipped or not reached are carried into the next scheduled meeting, marked with
how many times they have come back; open action items of earlier occurrences are listed there
for review (`actions_to_review`). It runs when a meeting ends (the next one may exist) and
whenever a meeting's agenda is (re)built (it may be created later): each item is carried once
(`carried_once`), so running it again adds nothing.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from ceremonies.models import ActionItem, ActionReview, AgendaItem, ItemKind, Meeting

State = Meeting.State
REVIEW_LIMIT = 100  # open actions listed for review at most; older ones first


def _key(item: AgendaItem) -> tuple:
    """Items are "the same" across occurrences when their title and seat match (a team's slot
    in the Scrum of Scrums, a steering question), so a skipped slot marks tomorrow's slot
    instead of adding a second one; a backlog walk is the same whatever it is called."""
    if item.kind == ItemKind.BACKLOG_WALK:
        return (item.kind,)
    return item.title.strip().lower(), item.team_id, item.child_programme_id


def next_occurrence(meeting: Meeting) -> Meeting | None:
    """The first meeting of the series after this one that is still to be held."""
    if meeting.series_id is None:
        return None
    return (Meeting.objects.filter(series_id=meeting.series_id, state=State.SCHEDULED,
                                   occurrence__gt=meeting.occurrence)
            .order_by("occurrence").first())


def left_open(meeting: Meeting) -> QuerySet[AgendaItem]:
    """Items of an ended meeting that come back: skipped or never reached, not dropped, and
    not carried yet."""
    carried = AgendaItem.objects.filter(carried_from=OuterRef("pk"))
    return (meeting.items.filter(Q(skipped_at__isnull=False) | Q(started_at__isnull=True),
                                 carry_dropped_at__isnull=True)
            .exclude(Exists(carried)).order_by("position"))


@transaction.atomic
def carry_over(*, source: Meeting) -> list[AgendaItem]:
    """Bring the ended `source`'s skipped and unreached items onto the next occurrence's
    agenda (when it exists and has not started); returns the items marked or added."""
    if source.state != State.ENDED:
        return []
    target = next_occurrence(source)
    if target is None:
        return []
    # Locked before reading what is left open: a second carry-over of the same meeting (its
    # end racing the scheduler) waits here, then finds it all carried.
    target = Meeting.objects.select_for_update().get(pk=target.pk)
    pending = list(left_open(source))
    if not pending or target.state != State.SCHEDULED:
        return []
    try:
        with transaction.atomic():
            changed = _bring_back(pending, target)
    except IntegrityError:  # carried by another run a moment ago (`carried_once`)
        return []
    Meeting.objects.filter(pk=target.pk).update(version=target.version + 1)
    return changed


def _bring_back(pending: list[AgendaItem], target: Meeting) -> list[AgendaItem]:
    """Mark the target's own slot for each pending item, or add the item at the end."""
    items = list(target.items.order_by("position"))
    free = {}
    for item in items:
        if item.carried_from_id is None:
            free.setdefault(_key(item), item)
    last = max((i.position for i in items), default=0)
    changed = []
    for old in pending:
        item = free.pop(_key(old), None)
        if item is None:
            last += 1
            item = AgendaItem(meeting=target, position=last, title=old.title, kind=old.kind,
                              timebox_seconds=old.timebox_seconds, team_id=old.team_id,
                              child_programme_id=old.child_programme_id,
                              person_id=old.person_id, topic=old.topic,
                              added_by_carryover=True)
        item.carried_from, item.carried_times = old, old.carried_times + 1
        item.save()
        changed.append(item)
    return changed


def carry_into(meeting: Meeting) -> list[AgendaItem]:
    """After `meeting`'s agenda was (re)built: bring back what the series' last ended meeting
    left open, if `meeting` is its next occurrence."""
    if meeting.series_id is None or meeting.state != State.SCHEDULED:
        return []
    source = (Meeting.objects.filter(series_id=meeting.series_id, state=State.ENDED,
                                     occurrence__lt=meeting.occurrence)
              .order_by("-occurrence").first())
    return carry_over(source=source) if source is not None else []


def actions_to_review(meeting: Meeting) -> list[ActionItem]:
    """Action items of the series' earlier occurrences that are still open, and those already
    reviewed in this meeting (with `outcome`), oldest first; one query."""
    if meeting.series_id is None:
        return []
    outcome = ActionReview.objects.filter(meeting=meeting, action=OuterRef("pk"))
    actions = (ActionItem.objects
               .filter(meeting__series_id=meeting.series_id,
                       meeting__occurrence__lt=meeting.occurrence)
               .annotate(outcome=Subquery(outcome.values("outcome")[:1]))
               .filter(Q(state=ActionItem.State.OPEN) | Q(outcome__isnull=False))
               .select_related("owner", "meeting__programme")
               .order_by("meeting__occurrence", "at", "pk"))
    return list(actions[:REVIEW_LIMIT])


def reviews_in(meeting: Meeting) -> list[ActionReview]:
    """The review of earlier actions recorded in this meeting, for its minutes."""
    return list(meeting.action_reviews.select_related("action__owner", "action__meeting")
                .order_by("action__meeting__occurrence", "action__at", "action__pk"))
