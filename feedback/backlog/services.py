"""Ordering a programme's impediment backlog, and a risk's ROAM state.

A move locks every row of the backlog (in primary-key order, so two movers queue rather than
deadlock), renumbers them 1..n in their current order, then moves the one item: two moves at
once run one after the other, and no position is lost or given twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.backlog.selectors import backlog
from feedback.models import FeedbackItem, RoamChange
from programmes import data_version
from programmes.audit import audit_record
from programmes.models import Person, Programme
from programmes.permissions import access_for
from programmes.services import ServiceError

Item = FeedbackItem


class BacklogError(ServiceError):
    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.status = status
        self.field = field


def may_order(by: Person, programme: Programme) -> bool:
    return access_for(by, programme).may_manage


def _locked(programme: Programme) -> list[FeedbackItem]:
    rows = {i.pk: i for i in backlog(programme).order_by("pk").select_for_update(of=("self",))}
    return [rows[pk] for pk in backlog(programme).values_list("pk", flat=True) if pk in rows]


@transaction.atomic
def backlog_move(*, programme: Programme, item_id: int, by: Person, direction: str = "",
                 position: int | None = None) -> list[FeedbackItem]:
    """Move an item one place `up` or `down`, or to `position` (1 is the top; drag and drop).
    Returns the backlog in its new order."""
    if not may_order(by, programme):
        raise BacklogError(_("Only the MSM of %(programme)s orders its backlog.")
                           % {"programme": programme}, status=403)
    items = _locked(programme)
    index = next((n for n, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise BacklogError(_("That item is not in this backlog any more; reload the page."),
                           status=409)
    if position is not None:
        target = min(max(position, 1), len(items)) - 1
    elif direction in ("up", "down"):
        target = max(0, min(len(items) - 1, index + (-1 if direction == "up" else 1)))
    else:
        raise BacklogError(_("Move it up, down, or to a position."), field="direction")
    items.insert(target, items.pop(index))
    changed = []
    for number, item in enumerate(items, start=1):
        if item.backlog_position != number:
            item.backlog_position = number
            changed.append(item)
    Item.objects.bulk_update(changed, ["backlog_position"])
    data_version.changed(programmes=[programme.pk])
    audit_record(programme=programme, actor=by, action="backlog.move", obj=items[target],
                 summary=f"“{items[target]}” to place {target + 1} of {len(items)}")
    return items


@transaction.atomic
def roam_set(*, item: FeedbackItem, by: Person, roam: str, note: str = "",
             at: datetime | None = None) -> FeedbackItem:
    """The holder's MSM says where a risk stands; each change joins its history."""
    at = at or timezone.now()
    locked = Item.objects.select_for_update().select_related("holder_programme").get(
        pk=item.pk)
    if not may_order(by, locked.holder_programme):
        raise BacklogError(_("Only the MSM who holds this risk changes its ROAM state."),
                           status=403)
    if locked.kind != Item.Kind.RISK:
        raise BacklogError(_("ROAM is for risks; an impediment is removed, not roamed."),
                           field="roam")
    if roam not in Item.Roam.values:
        raise BacklogError(_("Choose resolved, owned, accepted or mitigated."), field="roam")
    if roam == locked.roam:
        return locked
    RoamChange.objects.create(item=locked, from_state=locked.roam, to_state=roam, by=by, at=at,
                              note=note.strip()[:300])
    locked.roam = roam
    locked.save(update_fields=["roam"])
    audit_record(programme=locked.holder_programme, actor=by, action="backlog.roam",
                 obj=locked, summary=f"“{locked}”: {roam}")
    return locked


@transaction.atomic
def done_when_set(*, item: FeedbackItem, by: Person, definition_of_done: str) -> FeedbackItem:
    """The holder's MSM writes what will be true once the item is removed."""
    locked = Item.objects.select_for_update().select_related("holder_programme").get(
        pk=item.pk)
    if not may_order(by, locked.holder_programme):
        raise BacklogError(_("Only the MSM who holds this item sets its definition of done."),
                           status=403)
    locked.definition_of_done = definition_of_done.strip()[:300]
    locked.save(update_fields=["definition_of_done"])
    return locked
