"""Dependencies that are promised: requested, answered by the providing team, then delivered
or dropped; late past the committed date, escalated past the programme's grace.

Every change locks the dependency row, so two answers cannot cross. Each answer goes to the
needing team's Scrum Masters through the notification outbox (as a feedback item reaches its
addressees) and out as a `dependency.answered` webhook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.models import DailyUpdate, Dependency, ScrumOfScrumsSettings
from feedback.services import impediment_place
from metascrum.lib.languages import speaking_to
from metascrum.lib.links import absolute
from programmes.audit import audit_record
from programmes.models import Person, Programme, Team, TeamMembership, WebhookEvent
from programmes.notifications import webhooks
from programmes.notifications.outbox import Reminder, notifications_record
from programmes.permissions import access_for
from programmes.services import ServiceError

S = Dependency.Status
ANSWERS = (S.ACCEPTED, S.COUNTERED, S.DECLINED)
ANSWERABLE = (S.REQUESTED, S.COUNTERED)


class DependencyError(ServiceError):
    """A refused change: 403 for the wrong person, 400 for bad input, 409 for a wrong state."""

    def __init__(self, message: str, status: int = 409, field: str = ""):
        super().__init__(message)
        self.status = status
        self.field = field


@dataclass(frozen=True)
class Need:
    """What a team needs from another team of its programme tree, and by when."""

    providing_team: Team
    what: str
    needed_by: date | None = None


# --- reads ------------------------------------------------------------------------------------

def same_tree(a: Programme, b: Programme) -> bool:
    root = (a.ancestor_ids or [a.pk])[0]
    return root == (b.ancestor_ids or [b.pk])[0]


def settings_for(programme: Programme) -> ScrumOfScrumsSettings:
    found, _created = ScrumOfScrumsSettings.objects.get_or_create(programme=programme)
    return found


def may_request(by: Person, team: Team) -> bool:
    access = access_for(by, team.programme)
    return access.member_of(team) or access.may_manage


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def may_answer(by: Person, dependency: Dependency) -> bool:
    """Only the providing team answers what it is asked."""
    return access_for(by, dependency.providing_team.programme).member_of(
        dependency.providing_team)


def may_close(by: Person, dependency: Dependency) -> bool:
    """Either team, or the needing programme's MSM, marks it delivered or drops it."""
    needing = access_for(by, dependency.programme)
    return (needing.may_manage or needing.member_of(dependency.needing_team)
            or may_answer(by, dependency))


def team_dependencies(team: Team):
    """Both directions: what the team needs, and what others need from it."""
    return (Dependency.objects.filter(Q(needing_team=team) | Q(providing_team=team))
            .select_related("needing_team", "providing_team").order_by("status", "needed_by"))


def common_programme(a: Programme, b: Programme) -> Programme:
    """The lowest programme both sit in: where a dependency between them is escalated."""
    lineage_b = {*b.ancestor_ids, b.pk}
    for pk in [a.pk, *reversed(a.ancestor_ids)]:
        if pk in lineage_b:
            return a if pk == a.pk else Programme.objects.get(pk=pk)
    raise DependencyError(_("The two teams are in different programme trees."), status=400)


# --- writes -----------------------------------------------------------------------------------

def _lock(dependency: Dependency) -> Dependency:
    return (Dependency.objects.select_for_update(of=("self",))
            .select_related("programme", "needing_team__programme",
                            "providing_team__programme")
            .get(pk=dependency.pk))


def _check_date(value: date | None, programme: Programme, field: str) -> None:
    if value is not None and value < programme.today():
        raise DependencyError(_("Choose a date that is not in the past."), status=400,
                              field=field)


@transaction.atomic
def dependency_request(*, needing_team: Team, need: Need, by: Person,
                       update: DailyUpdate | None = None, at: datetime | None = None,
                       check_access: bool = True) -> Dependency:
    """The needing team asks; the same open request again returns the one already open."""
    at = at or now()
    providing = need.providing_team
    if check_access and not may_request(by, needing_team):
        raise DependencyError(_("Only people of %(team)s (or the MSM) ask for what it needs.")
                              % {"team": needing_team}, status=403)
    if providing.pk == needing_team.pk:
        raise DependencyError(_("A team does not depend on itself."), status=400,
                              field="providing_team")
    if not same_tree(providing.programme, needing_team.programme):
        raise DependencyError(_("Choose a team of this programme or of one next to it."),
                              status=400, field="providing_team")
    what = need.what.strip()
    if not what:
        raise DependencyError(_("Say what you need from this team."), status=400, field="what")
    _check_date(need.needed_by, needing_team.programme, "needed_by")
    same = Dependency.objects.filter(needing_team=needing_team, providing_team=providing,
                                     what=what, status__in=Dependency.OPEN_STATUSES).first()
    if same is not None:
        return same
    dependency = Dependency.objects.create(
        programme_id=needing_team.programme_id, needing_team=needing_team,
        providing_team=providing, what=what[:300], needed_by=need.needed_by, update=update,
        raised_by=by, created_at=at, updated_at=at)
    audit_record(programme=needing_team.programme, actor=by, action="dependency.request",
                 obj=dependency, summary=str(dependency))
    _notify(dependency, providing, at, lambda: _request_words(dependency))
    _emit(dependency, WebhookEvent.DEPENDENCY_REQUESTED, at)
    return dependency


@transaction.atomic
def dependency_answer(*, dependency: Dependency, by: Person, answer: str,
                      committed_date: date | None = None, reason: str = "",
                      at: datetime | None = None) -> Dependency:
    """The providing team accepts (with a committed date), counters (with another date) or
    declines (with a reason); the needing team hears of it."""
    at = at or now()
    locked = _lock(dependency)
    if not may_answer(by, locked):
        raise DependencyError(_("Only %(team)s answers what it is asked.")
                              % {"team": locked.providing_team}, status=403)
    if answer not in ANSWERS:
        raise DependencyError(_("Answer accepted, countered or declined."), status=400,
                              field="answer")
    if locked.status not in ANSWERABLE:
        raise DependencyError(_("This dependency is %(status)s: there is nothing to answer.")
                              % {"status": locked.get_status_display().lower()})
    reason = reason.strip()
    if answer in (S.ACCEPTED, S.COUNTERED):
        if committed_date is None:
            raise DependencyError(_("Give the date your team commits to."), status=400,
                                  field="committed_date")
        _check_date(committed_date, locked.providing_team.programme, "committed_date")
    elif not reason:
        raise DependencyError(_("Say why your team declines."), status=400, field="reason")
    locked.status, locked.answer = answer, reason[:500]
    locked.committed_date = committed_date if answer != S.DECLINED else None
    locked.answered_at, locked.answered_by, locked.updated_at = at, by, at
    locked.save()
    audit_record(programme=locked.programme, actor=by, action="dependency.answer", obj=locked,
                 summary=f"{locked}: {answer}")
    _notify(locked, locked.needing_team, at, lambda: (
        _("%(team)s answered: %(status)s") % {
            "team": locked.providing_team, "status": locked.get_status_display().lower()},
        _answer_said(locked) + (f" {reason}" if reason else "")))
    _emit(locked, WebhookEvent.DEPENDENCY_ANSWERED, at)
    return locked


def _answer_said(answered: Dependency) -> str:
    names = {"team": answered.providing_team, "what": answered.what}
    if answered.status == S.ACCEPTED:
        return _("%(team)s accepted “%(what)s”, committed for %(date)s.") % {
            **names, "date": _day(answered.committed_date)}
    if answered.status == S.COUNTERED:
        return _("%(team)s countered “%(what)s” with %(date)s.") % {
            **names, "date": _day(answered.committed_date)}
    return _("%(team)s declined “%(what)s”.") % names


@transaction.atomic
def dependency_take_counter(*, dependency: Dependency, by: Person,
                            at: datetime | None = None) -> Dependency:
    """The needing team takes the providing team's other date: the dependency is accepted."""
    at = at or now()
    locked = _lock(dependency)
    needing = access_for(by, locked.programme)
    if not (needing.member_of(locked.needing_team) or needing.may_manage):
        raise DependencyError(_("Only %(team)s takes the date it was offered.")
                              % {"team": locked.needing_team}, status=403)
    if locked.status != S.COUNTERED:
        raise DependencyError(_("Only a countered dependency has a date to take."))
    _check_date(locked.committed_date, locked.programme, "committed_date")
    locked.status, locked.updated_at = S.ACCEPTED, at
    locked.save(update_fields=["status", "updated_at"])
    audit_record(programme=locked.programme, actor=by, action="dependency.take_counter",
                 obj=locked, summary=f"{locked}: accepted for {locked.committed_date}")
    _emit(locked, WebhookEvent.DEPENDENCY_ANSWERED, at)
    return locked


@transaction.atomic
def dependency_close(*, dependency: Dependency, by: Person, status: str,
                     at: datetime | None = None) -> Dependency:
    """Delivered (only what was accepted) or dropped (anything still open)."""
    at = at or now()
    locked = _lock(dependency)
    if not may_close(by, locked):
        raise DependencyError(_("Only the two teams of a dependency (or the MSM) close it."),
                              status=403)
    if status == S.DELIVERED and locked.status != S.ACCEPTED:
        raise DependencyError(_("Only an accepted dependency is delivered; answer it first."))
    if status == S.DROPPED and not locked.is_open:
        raise DependencyError(_("A %(status)s dependency cannot be dropped.")
                              % {"status": locked.get_status_display().lower()})
    if status not in (S.DELIVERED, S.DROPPED):
        raise DependencyError(_("Close it as delivered or dropped."), status=400,
                              field="status")
    locked.status, locked.updated_at = status, at
    locked.delivered_at = at if status == S.DELIVERED else None
    locked.save(update_fields=["status", "updated_at", "delivered_at"])
    audit_record(programme=locked.programme, actor=by, action=f"dependency.{status}",
                 obj=locked, summary=str(locked))
    return locked


# --- late and escalated -----------------------------------------------------------------------

def late_candidates(at: datetime):
    """Accepted dependencies whose committed date is behind some programme's today."""
    horizon = (at + timedelta(days=1)).date()  # the earliest "today" of any time zone ahead
    return (Dependency.objects.filter(status=S.ACCEPTED, committed_date__lt=horizon)
            .filter(Q(late_at__isnull=True) | Q(escalated_at__isnull=True))
            .select_related("programme", "needing_team__programme",
                            "providing_team__programme", "raised_by"))


def dependencies_check_late(*, at: datetime | None = None) -> tuple[int, int]:
    """Flag what became late (a `dependency.late` event, both teams told) and escalate what
    stayed late past the grace. Idempotent: each step is done once. Returns (late, escalated)."""
    at = at or now()
    late = escalated = 0
    for dependency in late_candidates(at):
        today = at.astimezone(dependency.programme.tzinfo).date()
        if not dependency.is_late(today):
            continue
        with transaction.atomic():
            locked = _lock(dependency)
            if not locked.is_late(today):
                continue
            if locked.late_at is None:
                _flag_late(locked, at)
                late += 1
            grace = settings_for(locked.programme).dependency_grace_days
            if (locked.escalated_at is None
                    and today > locked.committed_date + timedelta(days=grace)):
                _escalate(locked, at)
                escalated += 1
    return late, escalated


def _flag_late(locked: Dependency, at: datetime) -> None:
    locked.late_at = at
    locked.save(update_fields=["late_at"])
    for team in (locked.needing_team, locked.providing_team):
        _notify(locked, team, at, lambda: _late_words(locked),
                occurrence=f"late:{locked.committed_date}")
    _emit(locked, WebhookEvent.DEPENDENCY_LATE, at)


def _escalate(locked: Dependency, at: datetime) -> None:
    """An impediment of the needing team, held by the lowest programme both teams sit in."""
    holder = common_programme(locked.needing_team.programme, locked.providing_team.programme)
    raiser = locked.raised_by or locked.answered_by
    if raiser is None:
        return  # nobody to raise it in the name of; it stays flagged late
    item = impediment_place(
        programme=locked.programme, holder=holder, team=locked.needing_team, raised_by=raiser,
        title=(_("Late dependency: %(what)s") % {"what": locked.what})[:200],
        details=_("%(providing)s committed “%(what)s” to %(needing)s for %(date)s; it is "
                  "still not delivered.") % {
            "providing": locked.providing_team, "what": locked.what,
            "needing": locked.needing_team, "date": _day(locked.committed_date)},
        source="dependency", at=at)
    locked.escalated_at, locked.escalation = at, item
    locked.save(update_fields=["escalated_at", "escalation"])


# --- messages ---------------------------------------------------------------------------------

def payload(dependency: Dependency) -> dict:
    return {
        "id": dependency.pk, "programme": dependency.programme.slug,
        "needing_team": {"id": dependency.needing_team_id,
                         "name": dependency.needing_team.name},
        "providing_team": {"id": dependency.providing_team_id,
                           "name": dependency.providing_team.name},
        "what": dependency.what, "needed_by": dependency.needed_by,
        "status": dependency.status, "committed_date": dependency.committed_date,
        "answer": dependency.answer, "late": dependency.late_at is not None,
        "url": absolute(board_link(dependency.programme)),
    }


def board_link(programme: Programme) -> str:
    return reverse("ceremonies:dependencies", kwargs={"slug": programme.slug})


def _emit(dependency: Dependency, event: str, at: datetime) -> None:
    webhooks.emit(dependency.programme, event, payload(dependency),
                  ref=f"dependency:{dependency.pk}:{event}:{at.isoformat()}", at=at)


def _request_words(dependency: Dependency) -> tuple[str, str]:
    names = {"needing": dependency.needing_team, "providing": dependency.providing_team,
             "what": dependency.what}
    asks = (_("%(needing)s asks %(providing)s for “%(what)s” by %(date)s.")
            % {**names, "date": _day(dependency.needed_by)} if dependency.needed_by else
            _("%(needing)s asks %(providing)s for “%(what)s”.") % names)
    return (_("%(needing)s needs something from %(providing)s") % names,
            asks + " " + _("Accept it with a date, counter with another date, or decline "
                           "with a reason."))


def _late_words(locked: Dependency) -> tuple[str, str]:
    names = {"providing": locked.providing_team, "needing": locked.needing_team,
             "what": locked.what, "date": _day(locked.committed_date)}
    return (_("Late: %(providing)s → %(needing)s, “%(what)s”") % names,
            _("%(providing)s committed “%(what)s” for %(date)s; it is not delivered yet.")
            % names)


def _notify(dependency: Dependency, team: Team, at: datetime,
            words: Callable[[], tuple[str, str]], occurrence: str = "") -> None:
    """The team's Scrum Masters hear of it, by the outbox, as with a feedback item, each in
    their own language: `words` gives the subject and text in the language it is called in."""
    masters = (TeamMembership.objects.filter(team=team, role=TeamMembership.Role.SCRUM_MASTER)
               .select_related("person"))
    reminders = []
    for membership in masters:
        with speaking_to(membership.person):
            subject, text = words()
        reminders.append(Reminder(
            recipient=membership.person, programme=team.programme, team=team,
            object_ref=f"dependency:{dependency.pk}",
            occurrence=occurrence or f"{dependency.status}:{dependency.committed_date or ''}",
            due_at=at, subject=subject, text=text, link=board_link(team.programme)))
    notifications_record(kind="dependency", reminders=reminders)
