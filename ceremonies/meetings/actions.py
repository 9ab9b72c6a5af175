"""Action items after their meeting: the owner (or the MSM) marks one done or reopens it, the
next occurrence reviews the open ones; and the lists of them for the inbox and a team's page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.meetings.state import RoomError
from ceremonies.models import ActionItem, ActionReview, Meeting
from programmes.audit import audit_record

State = ActionItem.State
Outcome = ActionReview.Outcome
OPEN_LIMIT = 50  # open actions listed on a page; more are counted, not listed
RECENTLY = timedelta(days=14)  # closed actions stay listed this long, to undo by mistake
CLOSED_LIMIT = 10
REVIEWING = (Meeting.State.SCHEDULED, Meeting.State.RUNNING, Meeting.State.PAUSED)


def _locked(action: ActionItem) -> ActionItem:
    return (ActionItem.objects.select_for_update(of=("self",))
            .select_related("meeting__programme", "owner").get(pk=action.pk))


def _save(action: ActionItem, *, by, verb: str) -> ActionItem:
    action.full_clean(exclude=["meeting", "item", "owner", "recorded_by"])
    action.save(update_fields=["state", "done_at", "done_by", "dropped_at", "dropped_by"])
    audit_record(programme=action.meeting.programme, actor=by, action=f"action.{verb}",
                 obj=action, summary=f"{verb.capitalize()}: action “{action}” of "
                                     f"{action.owner}, from {action.meeting}")
    return action


@transaction.atomic
def action_complete(*, action: ActionItem, by, at: datetime | None = None) -> ActionItem:
    """Mark the action done, with who and when; marking a done action again changes nothing."""
    action = _locked(action)
    if action.state == State.DONE:
        return action
    action.state, action.done_at, action.done_by = State.DONE, at or now(), by
    action.dropped_at = action.dropped_by = None
    return _save(action, by=by, verb="done")


@transaction.atomic
def action_reopen(*, action: ActionItem, by, at: datetime | None = None) -> ActionItem:
    """Undo done or dropped: the action is open again (and reminded of again if due)."""
    action = _locked(action)
    if action.state == State.OPEN:
        return action
    action.state = State.OPEN
    action.done_at = action.done_by = action.dropped_at = action.dropped_by = None
    return _save(action, by=by, verb="reopen")


@transaction.atomic
def action_drop(*, action: ActionItem, by, at: datetime | None = None) -> ActionItem:
    """Nobody will do it: the action is closed without being done, and no longer reminded."""
    action = _locked(action)
    if action.state == State.DROPPED:
        return action
    action.state, action.dropped_at, action.dropped_by = State.DROPPED, at or now(), by
    action.done_at = action.done_by = None
    return _save(action, by=by, verb="drop")


APPLY = {Outcome.DONE: action_complete, Outcome.OPEN: action_reopen,
         Outcome.DROPPED: action_drop}


@transaction.atomic
def action_review(*, meeting: Meeting, action: ActionItem, outcome: str, by,
                  at: datetime | None = None) -> ActionReview:
    """At the next occurrence of a series, record what became of an earlier occurrence's
    action (done, still open, dropped) and give the action that state; a second answer in the
    same meeting replaces the first."""
    at = at or now()
    if outcome not in Outcome.values:
        raise RoomError(_("Say whether it is done, still open or dropped."), status=400)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in REVIEWING:
        raise RoomError(_("The meeting is over; its review is kept as it was."))
    earlier = action.meeting
    if meeting.series_id is None or earlier.series_id != meeting.series_id \
            or earlier.occurrence >= meeting.occurrence:
        raise RoomError(_("That action is not from an earlier meeting of this series."),
                        status=400)
    APPLY[outcome](action=action, by=by, at=at)
    # The meeting's version stays: the live state does not show the review, and a bump would
    # turn the facilitator's next click on the controls into a "someone else changed it".
    review, _created = ActionReview.objects.update_or_create(
        meeting=meeting, action=action, defaults={"outcome": outcome, "by": by, "at": at})
    return review


# --- lists ------------------------------------------------------------------------------------

def _listed(actions: QuerySet[ActionItem], at: datetime) -> dict:
    """Open actions (soonest due first, undated last), then those closed in the last two
    weeks (newest first), each knowing whether it is overdue in its programme's time zone;
    one query (two when more are open than listed)."""
    recently = Q(done_at__gte=at - RECENTLY) | Q(dropped_at__gte=at - RECENTLY)
    rows = list(actions.filter(Q(state=State.OPEN) | recently)
                .select_related("meeting__programme", "owner")
                .annotate(closed=Case(When(state=State.OPEN, then=0), default=1),
                          open_due=Case(When(state=State.OPEN, then=F("due"))),
                          closed_at=Coalesce("done_at", "dropped_at"))
                .order_by("closed", F("open_due").asc(nulls_last=True),
                          F("closed_at").desc(nulls_last=True), "at", "pk")
                [:OPEN_LIMIT + 1 + CLOSED_LIMIT])
    open_ = [a for a in rows if a.is_open]
    for action in open_:
        action.overdue = action.is_overdue(action.meeting.programme.today())
    listed = {"open": open_, "closed": [a for a in rows if not a.is_open],
              "open_count": len(open_), "overdue_count": sum(a.overdue for a in open_)}
    if len(open_) > OPEN_LIMIT:  # the overdue ones past the limit are not known: not said
        listed.update(open=open_[:OPEN_LIMIT], overdue_count=None,
                      open_count=actions.filter(state=State.OPEN).count())
    return listed


def actions_of_person(person, *, at: datetime | None = None) -> dict:
    """The person's own action items, from every meeting: for "My actions" in their inbox."""
    return _listed(ActionItem.objects.filter(owner=person), at or now())


def actions_of_team(team, *, at: datetime | None = None) -> dict:
    """Action items owned by the team's people, from its programme's meetings (what anyone who
    sees the team's page may see)."""
    owned = ActionItem.objects.filter(meeting__programme_id=team.programme_id,
                                      owner__team_memberships__team=team)
    return _listed(owned, at or now())
