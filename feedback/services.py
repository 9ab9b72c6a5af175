"""Services that raise feedback items, move them along their loop, and record each step.

Every state change locks the item (`select_for_update`) inside a transaction and checks the
state it finds there, so two people acting at once cannot both win. A refused change raises
`FeedbackError` whose message is meant for the person and whose `status` suits the response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta

from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import levels
from feedback.levels import Rung
from feedback.models import (
    FeedbackAddressee,
    FeedbackEvent,
    FeedbackItem,
    FeedbackSettings,
    level_label,
)
from feedback.permissions import powers_for
from metascrum.lib.links import absolute
from programmes import data_version
from programmes.models import Person, Programme, ProgrammeRole, Sprint, Team, WebhookEvent
from programmes.notifications import webhooks
from programmes.permissions import access_for
from programmes.selectors import people_in
from programmes.services import ServiceError

Item = FeedbackItem
Level = FeedbackItem.Level
State = FeedbackItem.State
WEEKDAYS = (MO, TU, WE, TH, FR)


class FeedbackError(ServiceError):
    """A refused step of a feedback loop: 409 when the state forbids it, 403 for the person."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def forbidden(message: str) -> FeedbackError:
    return FeedbackError(message, status=403)


# --- expectations -----------------------------------------------------------------------------

StakeholderDeadline = Callable[..., datetime | None]
_stakeholder_deadline_hooks: list[StakeholderDeadline] = []


def register_stakeholder_deadline(hook: StakeholderDeadline) -> StakeholderDeadline:
    """Let another app (ceremonies: "the next Steering Committee") set stakeholder deadlines.

    `hook(programme=..., after=...)` returns a datetime, or None to fall back to the setting.
    """
    _stakeholder_deadline_hooks.append(hook)
    return hook


def settings_for(programme: Programme) -> FeedbackSettings:
    """The programme's feedback settings, created with the defaults on first use."""
    found, _ = FeedbackSettings.objects.get_or_create(programme=programme)
    return found


def settings_update(*, programme: Programme, **fields) -> FeedbackSettings:
    found = settings_for(programme)
    for name, value in fields.items():
        setattr(found, name, value)
    found.full_clean()
    found.save()
    return found


def working_days_after(start: datetime, days: int, tz) -> datetime:
    """The same local time `days` working days (Mon–Fri) after `start`."""
    local = timezone.localtime(start, tz).replace(tzinfo=None)
    last = list(rrule(DAILY, dtstart=local + timedelta(days=1), byweekday=WEEKDAYS,
                      count=days))[-1]
    return last.replace(tzinfo=tz)


def working_days_before(end: datetime, days: int, tz) -> datetime:
    """The same local time `days` working days (Mon–Fri) before `end`."""
    local = timezone.localtime(end, tz).replace(tzinfo=None)
    window = rrule(DAILY, dtstart=local - timedelta(days=days * 2 + 7), byweekday=WEEKDAYS,
                   until=local - timedelta(days=1))
    return list(window)[-days].replace(tzinfo=tz)


def _sprint_end(programme: Programme, at: datetime) -> datetime | None:
    day = timezone.localtime(at, programme.tzinfo).date()
    sprint = Sprint.objects.filter(programme=programme, start__lte=day, end__gte=day).first()
    if sprint is None:
        return None
    return datetime.combine(sprint.end + timedelta(days=1), time.min, tzinfo=programme.tzinfo)


def respond_by_for(item: FeedbackItem, at: datetime) -> datetime | None:
    """When the current holder is expected to act, by level and state (None once answered)."""
    if item.state not in Item.WAITING_STATES:
        return None
    conf = settings_for(item.programme)
    holder = item.holder_programme
    if item.level == Level.STAKEHOLDERS:
        for hook in _stakeholder_deadline_hooks:
            deadline = hook(programme=holder, after=at)
            if deadline is not None:
                return deadline
        return at + timedelta(days=conf.stakeholder_answer_within_days)
    if item.state == State.ACKNOWLEDGED:
        if not conf.answer_within_sprint:
            return None
        return _sprint_end(holder, at) or at + timedelta(days=holder.sprint_length_days)
    return working_days_after(at, conf.acknowledge_within_working_days, holder.tzinfo)


# --- helpers ----------------------------------------------------------------------------------

def _event(item, kind, by, at, text="", from_state="", to_state=""):
    # Every step is an event, some (a team's acknowledgement) the only row written.
    data_version.changed(programmes=[item.programme_id, item.holder_programme_id])
    return FeedbackEvent.objects.create(item=item, kind=kind, actor=by, at=at, text=text,
                                        from_state=from_state, to_state=to_state)


def _lock(item: FeedbackItem) -> FeedbackItem:
    return (FeedbackItem.objects.select_for_update(of=("self",))
            .select_related("programme", "holder_programme__parent", "origin_team")
            .get(pk=item.pk))


def _refresh(target: FeedbackItem, source: FeedbackItem) -> FeedbackItem:
    """Copy the locked row's fields back onto the caller's instance."""
    for f in FeedbackItem._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._prefetched_objects_cache = {}
    return target


def _save(item, at, *fields):
    item.respond_by = respond_by_for(item, at)
    item.save(update_fields=[*fields, "respond_by"])


def _check_teams(programme: Programme, teams: Iterable[Team]) -> list[Team]:
    teams = list(dict.fromkeys(teams))
    for team in teams:
        if team.programme_id != programme.pk:
            raise FeedbackError(_("%(team)s is not a team of %(programme)s.") % {
                "team": team, "programme": programme}, status=400)
    return teams


def event_payload(item: FeedbackItem, teams: Iterable[Team] = ()) -> dict:
    """What an outgoing webhook says about an item."""
    return {
        "id": item.pk, "kind": item.kind, "title": item.title, "details": item.details,
        "direction": item.direction, "level": item.level, "state": item.state,
        "programme": item.programme.slug, "holder": item.holder_programme.slug,
        "team": item.origin_team.slug if item.origin_team_id else None,
        "teams": [t.slug for t in teams], "raised_by": str(item.raised_by),
        "raised_at": item.raised_at, "escalated_at": item.escalated_at,
        "url": absolute(item.get_absolute_url()),
    }


def _emit_raised(item: FeedbackItem, teams: list[Team], at: datetime) -> None:
    if item.kind == Item.Kind.IMPEDIMENT:
        event = WebhookEvent.IMPEDIMENT_RAISED
    elif item.kind == Item.Kind.DECISION and item.direction == Item.Direction.DOWN:
        event = WebhookEvent.DECISION_ROUTED
    else:
        return
    webhooks.emit(item.programme, event, event_payload(item, teams), ref=f"feedback:{item.pk}",
                  at=at)


# --- raising ----------------------------------------------------------------------------------

@transaction.atomic
def feedback_raise(*, programme: Programme, kind: str, title: str, details: str = "",
                   direction: str, raised_by: Person, origin_team: Team | None = None,
                   addressed_teams: Iterable[Team] = (), owner: Person | None = None,
                   source: str = "", at: datetime | None = None, to_stakeholders: bool = False,
                   for_programme: bool = False,
                   closes_when_acknowledged: bool = False) -> FeedbackItem:
    """Raise an item and route it at once to the level that can act on it.

    `to_stakeholders` sends the programme's own item up to its stakeholders in one step;
    `for_programme` raises it in the programme's name when the caller has checked that
    `raised_by` acts for it (a meeting's facilitator); `closes_when_acknowledged` closes the
    loop once every addressee has acknowledged (a decision: nothing to answer).
    """
    at = at or timezone.now()
    access = access_for(raised_by, programme)
    teams = _check_teams(programme, addressed_teams)
    if origin_team is not None:
        _check_teams(programme, [origin_team])
        if not (access.member_of(origin_team) or access.may_manage):
            raise forbidden(_("Only people of %(team)s or the MSM raise items for it.")
                            % {"team": origin_team})
        origin = Item.Origin.TEAM
    elif access.may_manage or for_programme:
        origin = Item.Origin.PROGRAMME
    elif access.is_stakeholder:
        origin = Item.Origin.STAKEHOLDER
    elif access.is_team_member:
        raise FeedbackError(_("Choose the team you raise this for."), status=400)
    else:
        raise forbidden(_("You have no role in this programme that raises feedback."))

    if direction == Item.Direction.UP:
        if origin == Item.Origin.STAKEHOLDER:
            raise FeedbackError(_("Stakeholders sit at the top: send items down instead."),
                                status=400)
        if to_stakeholders and origin != Item.Origin.PROGRAMME:
            raise forbidden(_("Only the Meta Scrum Master sends items straight to the "
                            "stakeholders."))
        if origin == Item.Origin.TEAM:
            level, holder = Level.PROGRAMME, programme
        elif programme.parent_id and not to_stakeholders:
            level, holder = Level.PARENT, programme.parent
        else:
            level, holder = Level.STAKEHOLDERS, programme
    elif direction == Item.Direction.DOWN:
        if origin == Item.Origin.TEAM and not teams:
            raise FeedbackError(_("A team sends items up, or down to other named teams."),
                                status=400)
        if teams:
            level, holder = Level.TEAM, programme
        elif origin == Item.Origin.STAKEHOLDER:
            level, holder = Level.PROGRAMME, programme
        else:
            raise FeedbackError(_("Choose the teams this goes down to."), status=400)
    else:
        raise FeedbackError(_("Choose a direction: up or down."), status=400)

    if kind == Item.Kind.IMPEDIMENT and owner is None:
        owner = raised_by
    item = FeedbackItem(
        programme=programme, kind=kind, title=title, details=details, direction=direction,
        origin=origin, origin_team=origin_team, raised_by=raised_by, owner=owner,
        source=source, level=level, holder_programme=holder, state=State.ROUTED,
        raised_at=at, routed_at=at, closes_when_acknowledged=closes_when_acknowledged,
    )
    item.full_clean()
    item.respond_by = respond_by_for(item, at)
    item.save()
    FeedbackAddressee.objects.bulk_create(FeedbackAddressee(item=item, team=t) for t in teams)
    _event(item, FeedbackEvent.Kind.RAISED, raised_by, at, text=details,
           to_state=State.RAISED)
    _event(item, FeedbackEvent.Kind.ROUTED, raised_by, at, text=_to(level, holder, teams),
           from_state=State.RAISED, to_state=State.ROUTED)
    _emit_raised(item, teams, at)
    return item


def impediment_raise(*, programme: Programme, team: Team, title: str, details: str = "",
                     raised_by: Person, owner: Person | None = None, source: str = "",
                     at: datetime | None = None) -> FeedbackItem:
    """A team's impediment, routed up to the programme's MSM."""
    return feedback_raise(programme=programme, kind=Item.Kind.IMPEDIMENT, title=title,
                          details=details, direction=Item.Direction.UP, origin_team=team,
                          raised_by=raised_by, owner=owner, source=source, at=at)


def impediment_place(*, programme: Programme, holder: Programme, team: Team, title: str,
                     details: str, raised_by: Person, source: str,
                     at: datetime | None = None) -> FeedbackItem:
    """A team's impediment that the system raises in its name (a dependency past its grace),
    held straight by `holder`, the programme itself or one above it; the caller decided."""
    at = at or timezone.now()
    level = Level.PROGRAMME if holder.pk == programme.pk else Level.PARENT
    item = FeedbackItem.objects.create(
        programme=programme, kind=Item.Kind.IMPEDIMENT, title=title, details=details,
        direction=Item.Direction.UP, origin=Item.Origin.TEAM, origin_team=team,
        raised_by=raised_by, owner=raised_by, source=source, level=level,
        holder_programme=holder, state=State.ROUTED, raised_at=at, routed_at=at,
        escalated_at=at if level == Level.PARENT else None)
    _event(item, FeedbackEvent.Kind.RAISED, raised_by, at, text=details, to_state=State.RAISED)
    _event(item, FeedbackEvent.Kind.ESCALATED, None, at, text=_to(level, holder),
           from_state=State.RAISED, to_state=State.ROUTED)
    _emit_raised(item, [], at)
    return item


def decision_route_down(*, programme: Programme, title: str, details: str = "",
                        teams: Iterable[Team], by: Person, source: str = "steering",
                        at: datetime | None = None, for_programme: bool = False,
                        closes_when_acknowledged: bool = False) -> FeedbackItem:
    """A decision sent down to several teams; each team acknowledges it for itself."""
    teams = list(teams)
    if not teams:
        raise FeedbackError(_("Choose the teams this decision goes down to."), status=400)
    return feedback_raise(programme=programme, kind=Item.Kind.DECISION, title=title,
                          details=details, direction=Item.Direction.DOWN,
                          addressed_teams=teams, raised_by=by, source=source, at=at,
                          for_programme=for_programme,
                          closes_when_acknowledged=closes_when_acknowledged)


def has_stakeholders(programme: Programme) -> bool:
    """Whether anyone would see an item held by the stakeholders of `programme` (theirs, or
    those of a programme above it)."""
    return ProgrammeRole.objects.filter(
        programme_id__in=[*programme.ancestor_ids, programme.pk],
        role=ProgrammeRole.Role.STAKEHOLDER).exists()


def decision_route_up(*, programme: Programme, title: str, details: str = "", by: Person,
                      source: str = "", at: datetime | None = None,
                      for_programme: bool = False) -> FeedbackItem:
    """A programme's decision sent straight to its stakeholders, who acknowledge it; the loop
    closes with their acknowledgement."""
    if not has_stakeholders(programme):
        raise FeedbackError(_("%(programme)s has no stakeholders to send this to.")
                            % {"programme": programme}, status=400)
    return feedback_raise(programme=programme, kind=Item.Kind.DECISION, title=title,
                          details=details, direction=Item.Direction.UP, raised_by=by,
                          source=source, at=at, to_stakeholders=True,
                          for_programme=for_programme, closes_when_acknowledged=True)


def _to(level: str, holder: Programme, teams: Iterable[Team] = ()) -> str:
    """The thread's note of where a move sent the item: "To Northwind Digital steering"."""
    return _("To %(holder)s") % {"holder": level_label(level, holder.name,
                                                        [t.name for t in teams])}


# --- the loop ---------------------------------------------------------------------------------

@transaction.atomic
def feedback_acknowledge(*, item: FeedbackItem, by: Person, team: Team | None = None,
                         at: datetime | None = None) -> FeedbackItem:
    """The holder (or one addressed team) says "we have it"; all teams make it acknowledged."""
    at = at or timezone.now()
    locked = _lock(item)
    if locked.state == State.ACKNOWLEDGED:
        raise FeedbackError(_("This item is already acknowledged."))
    if locked.state != State.ROUTED:
        raise FeedbackError(_("An item that is %(state)s cannot be acknowledged.")
                            % {"state": locked.get_state_display().lower()})
    powers = powers_for(by, locked)
    if locked.level == Level.TEAM:
        addressed = {a.team_id: a for a in locked.addressees.select_related("team")}
        if team is None and len(powers.ack_teams) == 1:
            team = powers.ack_teams[0]
        if team is None or team.pk not in addressed:
            raise forbidden(_("Choose one of the teams this item is addressed to."))
        if team not in powers.ack_teams:
            if addressed[team.pk].acknowledged_at is not None:
                raise FeedbackError(_("%(team)s has already acknowledged this item.")
                                    % {"team": team})
            raise forbidden(_("Only people of %(team)s acknowledge for %(team)s.")
                            % {"team": team})
        claimed = FeedbackAddressee.objects.filter(
            item=locked, team=team, acknowledged_at__isnull=True
        ).update(acknowledged_at=at, acknowledged_by=by)
        if claimed != 1:
            raise FeedbackError(_("%(team)s has already acknowledged this item.")
                                % {"team": team})
        _event(locked, FeedbackEvent.Kind.ACKNOWLEDGED, by, at,
               text=_("For %(team)s") % {"team": team})
        if FeedbackAddressee.objects.filter(item=locked, acknowledged_at__isnull=True).exists():
            return _refresh(item, locked)
    elif not powers.holds:
        raise forbidden(_("Only the current holder acknowledges this item."))
    else:
        _event(locked, FeedbackEvent.Kind.ACKNOWLEDGED, by, at)
    locked.state = State.ACKNOWLEDGED
    locked.acknowledged_at = locked.acknowledged_at or at
    _save(locked, at, "state", "acknowledged_at")
    if locked.level == Level.TEAM:
        _event(locked, FeedbackEvent.Kind.ACKNOWLEDGED, None, at,
               text=_("Every addressed team has acknowledged."),
               from_state=State.ROUTED, to_state=State.ACKNOWLEDGED)
    if locked.closes_when_acknowledged:
        locked.state, locked.closed_at = State.CLOSED, at
        _save(locked, at, "state", "closed_at")
        _event(locked, FeedbackEvent.Kind.CLOSED, None, at,
               text=_("Nothing to answer: acknowledged by everyone it was sent to."),
               from_state=State.ACKNOWLEDGED, to_state=State.CLOSED)
    return _refresh(item, locked)


@transaction.atomic
def feedback_answer(*, item: FeedbackItem, by: Person, text: str,
                    at: datetime | None = None) -> FeedbackItem:
    """The holder answers (or reports the action taken); the originator then closes."""
    at = at or timezone.now()
    if not text.strip():
        raise FeedbackError(_("Write the answer or the action taken."), status=400)
    locked = _lock(item)
    if locked.state not in (State.ROUTED, State.ACKNOWLEDGED):
        raise FeedbackError(_("An item that is %(state)s cannot be answered.")
                            % {"state": locked.get_state_display().lower()})
    if not powers_for(by, locked).holds:
        raise forbidden(_("Only the current holder answers this item."))
    before = locked.state
    locked.state, locked.answer = State.ANSWERED, text.strip()
    locked.acknowledged_at = locked.acknowledged_at or at
    locked.answered_at = at
    _save(locked, at, "state", "answer", "acknowledged_at", "answered_at")
    _event(locked, FeedbackEvent.Kind.ANSWERED, by, at, text=locked.answer,
           from_state=before, to_state=State.ANSWERED)
    return _refresh(item, locked)


CLOSABLE_WHEN_ACKNOWLEDGED = (Item.Kind.DECISION, Item.Kind.INFORMATION)


@transaction.atomic
def feedback_close(*, item: FeedbackItem, by: Person, comment: str = "",
                   at: datetime | None = None) -> FeedbackItem:
    """Only the originator closes the loop, confirming the answer reached them."""
    at = at or timezone.now()
    locked = _lock(item)
    if not powers_for(by, locked).is_originator:
        raise forbidden(_("Only the person who raised this item (or their team's Scrum Master) "
                        "closes the loop."))
    if locked.state == State.CLOSED:
        raise FeedbackError(_("This loop is already closed."))
    closable = locked.state == State.ANSWERED or (
        locked.state == State.ACKNOWLEDGED and locked.kind in CLOSABLE_WHEN_ACKNOWLEDGED)
    if not closable:
        raise FeedbackError(_("This item has no answer yet: it can be closed once answered."))
    before = locked.state
    locked.state, locked.closed_at = State.CLOSED, at
    _save(locked, at, "state", "closed_at")
    _event(locked, FeedbackEvent.Kind.CLOSED, by, at, text=comment.strip(),
           from_state=before, to_state=State.CLOSED)
    return _refresh(item, locked)


@transaction.atomic
def feedback_reopen(*, item: FeedbackItem, by: Person, comment: str,
                    at: datetime | None = None) -> FeedbackItem:
    """The originator sends an answered or closed item back to its holder, saying why."""
    at = at or timezone.now()
    if not comment.strip():
        raise FeedbackError(_("Say why you reopen it."), status=400)
    locked = _lock(item)
    if not powers_for(by, locked).is_originator:
        raise forbidden(_("Only the person who raised this item reopens it."))
    if locked.state not in (State.ANSWERED, State.CLOSED):
        raise FeedbackError(_("Only an answered or closed item can be reopened."))
    before = locked.state
    locked.state = State.ACKNOWLEDGED
    locked.answered_at = locked.closed_at = None
    _save(locked, at, "state", "answered_at", "closed_at")
    _event(locked, FeedbackEvent.Kind.REOPENED, by, at, text=comment.strip(),
           from_state=before, to_state=State.ACKNOWLEDGED)
    return _refresh(item, locked)


def _move(locked: FeedbackItem, level: str, holder: Programme, by, at, kind, text) -> None:
    before = locked.state
    locked.level, locked.holder_programme = level, holder
    locked.state, locked.routed_at = State.ROUTED, at
    locked.backlog_position = None  # the new holder's MSM places it in their backlog
    fields = ["level", "holder_programme", "state", "routed_at", "backlog_position"]
    if kind == FeedbackEvent.Kind.ESCALATED:
        locked.escalated_at = at
        fields.append("escalated_at")
    _save(locked, at, *fields)
    _event(locked, kind, by, at, text=text, from_state=before, to_state=State.ROUTED)


@transaction.atomic
def feedback_escalate(*, item: FeedbackItem, by: Person, to: Rung | str | None = None,
                      comment: str = "", at: datetime | None = None) -> FeedbackItem:
    """The holder sends the item up: to the level `to` (a rung, or its key such as
    "stakeholders:northwind") if it is above the item, or one level up (the default)."""
    at = at or timezone.now()
    locked = _lock(item)
    if locked.state not in Item.WAITING_STATES:
        raise FeedbackError(_("An item that is %(state)s cannot be escalated.")
                            % {"state": locked.get_state_display().lower()})
    if not powers_for(by, locked).holds:
        raise forbidden(_("Only the current holder escalates this item."))
    programmes = levels.lineage(locked)
    rungs_above = levels.above(locked, programmes)
    if to is None:
        target = levels.one_step(locked, programmes)
    elif isinstance(to, str):
        target = levels.rung_named(to, programmes)
    else:
        target = to
    _check_above(locked, target, rungs_above)
    text = _to(target.level, target.programme) + (
        f" — {comment.strip()}" if comment.strip() else "")
    _move(locked, target.level, target.programme, by, at, FeedbackEvent.Kind.ESCALATED, text)
    if locked.kind == Item.Kind.IMPEDIMENT:
        webhooks.emit(locked.programme, WebhookEvent.IMPEDIMENT_ESCALATED,
                      event_payload(locked), ref=f"feedback:{locked.pk}:{at.isoformat()}",
                      at=at)
    return _refresh(item, locked)


def _check_above(item: FeedbackItem, target: Rung | None, rungs_above: list[Rung]) -> None:
    """A level below, beside or outside the item's line of programmes is refused, naming
    where the item is and where it may go."""
    if target is not None and target in rungs_above:
        return
    if not rungs_above:
        raise FeedbackError(_("This item is already with the stakeholders, the top level."))
    choices = ", ".join(rung.label for rung in rungs_above)
    if target is None:
        message = _("That is not a level above this item, which is with %(holder)s: "
                    "choose %(choices)s.")
    else:
        message = _("%(level)s is not a level above this item, which is with %(holder)s: "
                    "choose %(choices)s.")
    raise FeedbackError(message % {"level": getattr(target, "label", ""),
                                   "holder": item.holder_label, "choices": choices},
                        status=400)


@transaction.atomic
def feedback_delegate(*, item: FeedbackItem, by: Person, teams: Iterable[Team] = (),
                      comment: str = "", at: datetime | None = None) -> FeedbackItem:
    """The holder hands the item one level down (to named teams from programme level)."""
    at = at or timezone.now()
    locked = _lock(item)
    if locked.state not in Item.WAITING_STATES:
        raise FeedbackError(_("An item that is %(state)s cannot be delegated.")
                            % {"state": locked.get_state_display().lower()})
    if not powers_for(by, locked).holds:
        raise forbidden(_("Only the current holder delegates this item."))
    holder = locked.holder_programme
    teams = list(teams)
    if locked.level == Level.STAKEHOLDERS and holder.pk != locked.programme_id:
        level = Level.PARENT
    elif locked.level in (Level.STAKEHOLDERS, Level.PARENT):
        level, holder = Level.PROGRAMME, locked.programme
    elif locked.level == Level.PROGRAMME:
        if not teams:
            raise FeedbackError(_("Choose the teams to delegate to."), status=400)
        teams = _check_teams(holder, teams)
        level = Level.TEAM
        locked.addressees.all().delete()
        FeedbackAddressee.objects.bulk_create(
            FeedbackAddressee(item=locked, team=t) for t in teams)
    else:
        raise FeedbackError(_("A team is the lowest level: escalate it or answer it."))
    text = _to(level, holder, teams) + (f" — {comment.strip()}" if comment.strip() else "")
    _move(locked, level, holder, by, at, FeedbackEvent.Kind.DELEGATED, text)
    return _refresh(item, locked)


@transaction.atomic
def feedback_assign_owner(*, item: FeedbackItem, by: Person, owner: Person,
                          at: datetime | None = None) -> FeedbackItem:
    """Whoever holds or raised an open item (or the MSM) names who works on it."""
    locked = _lock(item)
    if locked.state == State.CLOSED:
        raise FeedbackError(_("A closed item has no owner to change; reopen it first."))
    powers = powers_for(by, locked)
    if not (powers.holds or powers.is_originator or powers.may_delegate_to_teams):
        raise forbidden(_("Only the holder, the originator or the MSM changes the owner."))
    if not people_in(locked.programme).filter(pk=owner.pk).exists():
        raise FeedbackError(_("The owner must be someone in this programme."), status=400)
    if locked.owner_id == owner.pk:
        raise FeedbackError(_("%(person)s already owns this item.") % {"person": owner},
                            status=400)

    locked.owner = owner
    locked.save(update_fields=["owner"])
    _event(locked, FeedbackEvent.Kind.OWNER, by, at or timezone.now(), text=str(owner))
    return _refresh(item, locked)


def feedback_comment(*, item: FeedbackItem, by: Person, text: str,
                     at: datetime | None = None) -> FeedbackEvent:
    """Anyone who sees the item may add to its thread."""
    if not text.strip():
        raise FeedbackError(_("Write a comment first."), status=400)
    if not powers_for(by, item).may_view:
        raise forbidden(_("You cannot comment on this item."))
    return _event(item, FeedbackEvent.Kind.COMMENT, by, at or timezone.now(), text=text.strip())
