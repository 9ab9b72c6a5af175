"""What a person may do with one feedback item; asks `programmes.permissions`, never re-derives."""

from __future__ import annotations

from dataclasses import dataclass, field

from feedback.models import FeedbackItem
from programmes.models import Person, Team
from programmes.permissions import Access, access_for


@dataclass(frozen=True)
class ItemPowers:
    may_view: bool = False
    holds: bool = False
    is_originator: bool = False
    may_delegate_to_teams: bool = False
    ack_teams: list[Team] = field(default_factory=list)

    @property
    def may_acknowledge(self) -> bool:
        return self.holds or bool(self.ack_teams)


def holds_item(item: FeedbackItem, holder_access: Access) -> bool:
    """Whether the person behind `holder_access` (for item.holder_programme) holds the item."""
    level = item.level
    if level == FeedbackItem.Level.TEAM:
        return any(holder_access.member_of(a.team) for a in item.addressees.all())
    if level in (FeedbackItem.Level.PROGRAMME, FeedbackItem.Level.PARENT):
        return holder_access.may_manage
    if level == FeedbackItem.Level.STAKEHOLDERS:
        return holder_access.is_stakeholder
    return False


def is_originator(item: FeedbackItem, access: Access) -> bool:
    """The person who raised it, or for a team-origin item that team's Scrum Master."""
    if item.raised_by_id == access.person.pk:
        return True
    return item.origin_team_id is not None and access.scrum_master_of(item.origin_team)


def powers_for(person: Person, item: FeedbackItem, access: Access | None = None) -> ItemPowers:
    """Everything the item page needs to know about `person`; at most four queries."""
    if access is None or access.programme.pk != item.programme_id:
        access = access_for(person, item.programme)
    if not access.may_view:
        return ItemPowers()
    if item.holder_programme_id == item.programme_id:
        holder_access = access
    else:
        holder_access = access_for(person, item.holder_programme)
    ack_teams = []
    if item.level == FeedbackItem.Level.TEAM:
        ack_teams = [a.team for a in item.addressees.all()
                     if a.acknowledged_at is None and holder_access.member_of(a.team)]
    return ItemPowers(
        may_view=True,
        holds=holds_item(item, holder_access),
        is_originator=is_originator(item, access),
        may_delegate_to_teams=holder_access.may_manage,
        ack_teams=ack_teams,
    )
