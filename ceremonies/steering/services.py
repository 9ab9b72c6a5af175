"""Services for the Steering Committee's objectives and milestones, with their history.

The MSM edits them; stakeholders read them (`permissions.may_steer`). Every change is kept as
a `SteeringChange` (who, when, which fields went from what to what) and in the audit log; an
edit names the version it started from, so two people editing at once never silently
overwrite each other.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremonies.meetings.permissions import may_steer
from ceremonies.meetings.state import steering_ended
from ceremonies.models import Kind, Meeting, Milestone, Objective, SteeringChange, SteeringSnapshot
from ceremonies.steering.pack import steering_pack
from programmes.audit import audit_record, changed_fields
from programmes.models import Booking, Person, Programme, Resource
from programmes.permissions import access_for
from programmes.services import ServiceError

OBJECTIVE_FIELDS = ("title", "description", "owner", "target_date", "status", "progress")
MILESTONE_FIELDS = ("title", "objective", "due_date", "delivered_on", "booking")


class SteeringError(ServiceError):
    """A refused change: 403 for the person, 409 for a clash, 400 for bad input."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def _check_may_steer(by: Person, programme: Programme) -> None:
    if not may_steer(access_for(by, programme)):
        raise SteeringError(_("Only the Meta Scrum Master changes objectives and milestones."),
                            status=403)


def _values(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _readable(changes: dict) -> dict:
    """The history is read by people: statuses by their label, not their code."""
    readable = dict(changes)
    if "status" in readable:
        readable["status"] = [str(Objective.Status(v).label) if v else v
                              for v in readable["status"]]
    return readable


def _history(*, programme, by, action, subject, changes, objective=None, milestone=None,
             at=None) -> SteeringChange:
    changes = _readable(changes)
    return SteeringChange.objects.create(
        programme=programme, objective=objective, milestone=milestone, subject=str(subject),
        action=action, actor=by, at=at or timezone.now(), changes=changes)


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise SteeringError(_("Someone else changed “%(obj)s” while you were editing; this is "
                              "its latest state.") % {"obj": obj})


@transaction.atomic
def objective_create(*, programme: Programme, by: Person, title: str, target_date: date,
                     description: str = "", owner: Person | None = None,
                     status: str = Objective.Status.ON_TRACK, progress: int = 0,
                     at=None) -> Objective:
    """A new objective of the programme, its creation kept in the history."""
    _check_may_steer(by, programme)
    at = at or timezone.now()
    objective = Objective(programme=programme, title=title.strip(), description=description,
                          owner=owner, target_date=target_date, status=status,
                          progress=progress, created_at=at, updated_at=at)
    objective.full_clean()
    objective.save()
    changes = changed_fields({}, _values(objective, OBJECTIVE_FIELDS))
    _history(programme=programme, by=by, action="created", subject=objective, changes=changes,
             objective=objective, at=at)
    audit_record(programme=programme, actor=by, action="objective.create", obj=objective,
                 summary=f"Objective “{objective}” created", changes=changes)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, by: Person, version: int | None = None,
                     at=None, **fields) -> Objective:
    """Change an objective; a no-op edit records nothing."""
    _check_may_steer(by, objective.programme)
    at = at or timezone.now()
    locked = Objective.objects.select_for_update().select_related("programme").get(
        pk=objective.pk)
    _check_version(locked, version)
    before = _values(locked, OBJECTIVE_FIELDS)
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise SteeringError(f"Unknown fields: {', '.join(sorted(unknown))}.", status=400)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if name == "title" else value)
    locked.full_clean()
    changes = changed_fields(before, _values(locked, OBJECTIVE_FIELDS))
    if changes:
        locked.version += 1
        locked.updated_at = at
        locked.save()
        _history(programme=locked.programme, by=by, action="changed", subject=locked,
                 changes=changes, objective=locked, at=at)
        audit_record(programme=locked.programme, actor=by, action="objective.update",
                     obj=locked, summary=f"Objective “{locked}” changed", changes=changes)
    return locked


def _check_milestone(milestone: Milestone) -> None:
    if milestone.objective_id and milestone.objective.programme_id != milestone.programme_id:
        raise SteeringError(_("Choose an objective of this programme."), status=400)
    booking = milestone.booking
    if booking is not None and (booking.resource.programme_id != milestone.programme_id
                                or booking.resource.kind != Resource.Kind.RELEASE_SLOT):
        raise SteeringError(_("Choose a booking of one of this programme's release slots."),
                            status=400)


@transaction.atomic
def milestone_create(*, programme: Programme, by: Person, title: str, due_date: date,
                     objective: Objective | None = None, delivered_on: date | None = None,
                     booking: Booking | None = None, at=None) -> Milestone:
    _check_may_steer(by, programme)
    at = at or timezone.now()
    milestone = Milestone(programme=programme, title=title.strip(), due_date=due_date,
                          objective=objective, delivered_on=delivered_on, booking=booking,
                          created_at=at, updated_at=at)
    _check_milestone(milestone)
    milestone.full_clean()
    milestone.save()
    changes = changed_fields({}, _values(milestone, MILESTONE_FIELDS))
    _history(programme=programme, by=by, action="created", subject=milestone,
             changes=changes, milestone=milestone, objective=objective, at=at)
    audit_record(programme=programme, actor=by, action="milestone.create", obj=milestone,
                 summary=f"Milestone “{milestone}” created", changes=changes)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: Person, version: int | None = None,
                     at=None, **fields) -> Milestone:
    _check_may_steer(by, milestone.programme)
    at = at or timezone.now()
    locked = Milestone.objects.select_for_update().select_related("programme").get(
        pk=milestone.pk)
    _check_version(locked, version)
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise SteeringError(f"Unknown fields: {', '.join(sorted(unknown))}.", status=400)
    before = _values(locked, MILESTONE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if name == "title" else value)
    _check_milestone(locked)
    locked.full_clean()
    changes = changed_fields(before, _values(locked, MILESTONE_FIELDS))
    if changes:
        locked.version += 1
        locked.updated_at = at
        locked.save()
        _history(programme=locked.programme, by=by, action="changed", subject=locked,
                 changes=changes, milestone=locked, objective=locked.objective, at=at)
        audit_record(programme=locked.programme, actor=by, action="milestone.update",
                     obj=locked, summary=f"Milestone “{locked}” changed", changes=changes)
    return locked


def snapshot_take(*, meeting, at=None) -> SteeringSnapshot | None:
    """Freeze the pack of an ended Steering Committee, once: a second call changes nothing."""
    if meeting.kind != Kind.STEERING:
        return None
    existing = SteeringSnapshot.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    at = at or meeting.ended_at or timezone.now()
    data = steering_pack(programme=meeting.programme, at=at, meeting=meeting)
    snapshot, _created = SteeringSnapshot.objects.get_or_create(
        meeting=meeting, defaults={"programme": meeting.programme, "taken_at": at,
                                   "data": data})
    return snapshot


@receiver(steering_ended)
def snapshot_on_end(sender, *, meeting_id: int, **kwargs) -> None:
    snapshot_take(meeting=Meeting.objects.select_related("programme").get(pk=meeting_id))
