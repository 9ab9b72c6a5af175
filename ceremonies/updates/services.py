"""Daily updates: each team posts one for its programme's next Scrum of Scrums.

An update is editable until the meeting starts (or its timebox has passed), then read-only.
Saving locks the meeting row, so a save and the meeting's start cannot cross, and then the
update row, whose `version` must be the one the editor loaded: a stale save is refused with
the other person's text, never silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.dependencies.services import (
    DependencyError,
    Need,
    dependency_close,
    dependency_request,
    same_tree,
)
from ceremonies.meetings.posting import next_sos, window_open
from ceremonies.models import (
    BlockerImpediment,
    DailyUpdate,
    Dependency,
    Kind,
    Meeting,
    StopNotice,
    UpdatePolicy,
)
from feedback.services import FeedbackError, impediment_raise
from metascrum.lib.links import absolute
from programmes import data_version
from programmes.audit import audit_record
from programmes.models import Person, Team, WebhookEvent
from programmes.notifications import webhooks
from programmes.permissions import Access, access_for
from programmes.services import ServiceError

State = Meeting.State
FIELDS = ("done", "next", "nothing_new", "blockers", "resources_needed", "health",
          "health_reason")
LINE_CHARS = 300
# Sent with `update` when a team posts its update (not on edits): the chat app broadcasts it.
update_posted = Signal()


@dataclass(frozen=True)
class Stop:
    """"Is my team doing anything that will stop another team?": which team, and what."""

    team: Team
    what: str


class UpdateError(ServiceError):
    """A refused save: 409 for a closed window or a stale version, 403/400 otherwise."""

    def __init__(self, message: str, status: int = 409, errors: dict | None = None):
        super().__init__(message)
        self.status = status
        self.errors = errors or {}


class UpdateConflict(UpdateError):
    """Someone saved the update since this editor loaded it; `current` is what they saved."""

    def __init__(self, current: DailyUpdate):
        who = current.author or _("someone")
        super().__init__(_("%(who)s saved this update while you were editing it (version "
                           "%(version)s). Their text is shown next to yours; nothing you typed "
                           "is lost. Save again to replace theirs with yours.") % {
            "who": who, "version": current.version})
        self.current = current


# --- reads ------------------------------------------------------------------------------------

def members_may_post(team: Team) -> bool:
    return UpdatePolicy.objects.filter(team=team, members_may_post=True).exists()


def may_post(access: Access, team: Team) -> bool:
    if access.may_post_update_for(team):
        return True
    return access.member_of(team) and access.may_post_update_for(
        team, members_allowed=members_may_post(team))


def update_for(team: Team, meeting: Meeting) -> DailyUpdate | None:
    return (DailyUpdate.objects.filter(team=team, meeting=meeting)
            .select_related("author", "meeting").first())


# --- writes -----------------------------------------------------------------------------------

def _check_lengths(update: DailyUpdate) -> None:
    """Model validation leaves a TextField's max_length to forms; the API needs it too."""
    errors = {}
    for name in FIELDS:
        limit = DailyUpdate._meta.get_field(name).max_length
        value = getattr(update, name) or ""
        if limit and len(value) > limit:
            errors[name] = [_("At most %(limit)s characters (this has %(length)s).") % {
                "limit": limit, "length": len(value)}]
    if errors:
        raise ValidationError(errors)


def _check_needs(team: Team, needs: list[Need]) -> None:
    for need in needs:
        if not same_tree(need.providing_team.programme, team.programme):
            raise UpdateError(_("Dependencies are on teams of the same programme tree."),
                              status=400, errors={"needs": [_("Choose a team of this programme.")]})
        if need.providing_team.pk == team.pk:
            raise UpdateError(_("A team does not depend on itself."), status=400,
                              errors={"needs": [_("Choose another team.")]})


@transaction.atomic
def update_save(*, team: Team, by: Person, version: int | None, needs: list[Need] = (),
                meeting: Meeting | None = None, at: datetime | None = None,
                stops: list[Stop] | None = None, resolved: list[Dependency] = (),
                **fields) -> DailyUpdate:
    """Create or edit the team's update for the next Scrum of Scrums.

    `version` is the version the editor loaded (None for a new update); a save against a
    newer one raises UpdateConflict. `stops` (when given) replaces what the update says it
    will stop in other teams; `resolved` are the team's needs it marks resolved. `meeting` is
    the one the editor was shown: once it has
    started the save is refused rather than moved silently to the following meeting. Two
    saves at once: the row lock lets one through and the other then sees the bumped version.
    """
    at = at or now()
    programme = team.programme
    if not may_post(access_for(by, programme), team):
        raise UpdateError(_("Only %(team)s's Scrum Master (or its members, when allowed) posts "
                            "its update.") % {"team": team}, status=403)
    needs = list(needs)
    _check_needs(team, needs)
    if meeting is not None and (meeting.programme_id != programme.pk
                                or meeting.kind != Kind.SCRUM_OF_SCRUMS):
        raise UpdateError(_("Updates are posted for this programme's Scrum of Scrums."),
                          status=400)
    meeting = meeting or next_sos(programme, at)
    if meeting is None:
        raise UpdateError(_("%(programme)s has no Scrum of Scrums coming up to post an update "
                            "for.") % {"programme": programme})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # serialises with start
    if not window_open(meeting, at):
        raise UpdateError(_("The Scrum of Scrums has started: this update is read-only now."))
    update = (DailyUpdate.objects.select_for_update(of=("self",))
              .filter(team=team, meeting=meeting).select_related("author").first())
    if update is None:
        if version:
            raise UpdateError(_("This update no longer exists; reload the page."), status=409)
        update = DailyUpdate(team=team, meeting=meeting, author=by, posted_at=at)
        action = "update.post"
    elif version != update.version:
        raise UpdateConflict(update)
    else:
        update.version += 1
        update.author = by
        action = "update.edit"
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown update fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(update, name, value)
    update.updated_at = at
    try:
        _check_lengths(update)
        update.full_clean(validate_constraints=False)  # the database holds them; see save()
    except ValidationError as invalid:
        raise UpdateError(_("The update is not valid."), status=400,
                          errors=invalid.message_dict) from invalid
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError as clash:  # a first post raced another first post
        current = update_for(team, meeting)
        if current is None:
            raise
        raise UpdateConflict(current) from clash
    _needs_record(update, needs, by, at)
    if stops is not None:
        _stops_record(update, stops)
    for dependency in resolved:
        _resolve(dependency, team, by, at)
    audit_record(programme=programme, actor=by, action=action, obj=update,
                 summary=f"{team}'s update for {meeting} (version {update.version})")
    if action == "update.post":
        webhooks.emit(programme, WebhookEvent.UPDATE_POSTED, update_payload(update),
                      ref=f"update:{update.pk}", at=at)
        update_posted.send(sender=DailyUpdate, update=update)
    return update


def update_payload(update: DailyUpdate) -> dict:
    """What an outgoing webhook says about a newly posted update."""
    team = update.team
    history = reverse("ceremonies:update_history",
                      kwargs={"slug": team.programme.slug, "team_id": team.pk})
    return {
        "id": update.pk, "team": {"id": team.pk, "name": team.name},
        "programme": team.programme.slug, "meeting": update.meeting_id,
        "health": update.health, "health_reason": update.health_reason,
        "done": update.done, "next": update.next, "blockers": update.blocker_lines,
        "posted_at": update.posted_at, "url": absolute(history),
    }


def _needs_record(update: DailyUpdate, needs: list[Need], by: Person, at: datetime) -> None:
    """Each need becomes a requested dependency, unless the same one is already open."""
    for need in needs:
        try:
            dependency_request(needing_team=update.team, need=need, by=by, update=update,
                               at=at, check_access=False)  # the poster may post
        except DependencyError as refused:
            raise UpdateError(str(refused), status=refused.status,
                              errors={"needs": [str(refused)]}) from refused


def _stops_record(update: DailyUpdate, stops: list[Stop]) -> None:
    """What the team will stop in other teams, one notice per team, as said this time."""
    for stop in stops:
        if stop.team.pk == update.team_id or not same_tree(stop.team.programme,
                                                           update.team.programme):
            raise UpdateError(_("Name another team of this programme."), status=400,
                              errors={"stops": [_("Name another team of this programme.")]})
    update.stops.all().delete()
    by_team = {stop.team.pk: stop for stop in stops}
    StopNotice.objects.bulk_create(StopNotice(update=update, team=stop.team,
                                              what=stop.what[:300])
                                   for stop in by_team.values())
    data_version.changed(teams=by_team)  # the teams named see it on their Today


def _resolve(dependency: Dependency, team: Team, by: Person, at: datetime) -> None:
    """A need the team marks resolved: delivered once accepted, dropped before an answer."""
    if dependency.needing_team_id != team.pk:
        raise UpdateError(_("A team marks only its own needs resolved."), status=400,
                          errors={"resolved": [_("Choose one of this team's needs.")]})
    status = (Dependency.Status.DELIVERED if dependency.status == Dependency.Status.ACCEPTED
              else Dependency.Status.DROPPED)
    try:
        dependency_close(dependency=dependency, by=by, status=status, at=at)
    except DependencyError as refused:
        raise UpdateError(str(refused), status=refused.status,
                          errors={"resolved": [str(refused)]}) from refused


def policy_set(*, team: Team, by: Person, members_may_post: bool) -> UpdatePolicy:
    """The Scrum Master (or MSM) lets the team's members post its update, or stops them."""
    access = access_for(by, team.programme)
    if not access.may_post_update_for(team):
        raise UpdateError(_("Only %(team)s's Scrum Master decides who posts its update.")
                          % {"team": team},
                          status=403)
    policy, _created = UpdatePolicy.objects.update_or_create(
        team=team, defaults={"members_may_post": members_may_post, "changed_by": by,
                             "changed_at": now()})
    audit_record(programme=team.programme, actor=by, action="update.policy", obj=policy,
                 summary=f"Members of {team} {'may' if members_may_post else 'may not'} "
                         f"post its update")
    return policy


@transaction.atomic
def blocker_to_impediment(*, update: DailyUpdate, line: int, by: Person) -> BlockerImpediment:
    """Raise blocker number `line` (0-based) as the team's impediment; once per blocker."""
    update = (DailyUpdate.objects.select_for_update(of=("self",))
              .select_related("team__programme", "meeting").get(pk=update.pk))
    team = update.team
    access = access_for(by, team.programme)
    if not may_post(access, team):
        raise UpdateError(_("Only people who post %(team)s's update raise its blockers.")
                          % {"team": team},
                          status=403)
    lines = update.blocker_lines
    if not 0 <= line < len(lines):
        raise UpdateError(_("That blocker is no longer in the update; reload the page."),
                          status=400)
    text = lines[line][:LINE_CHARS]
    existing = BlockerImpediment.objects.filter(update=update, line=text).first()
    if existing is not None:
        return existing
    try:
        item = impediment_raise(
            programme=team.programme, team=team, title=text[:200], raised_by=by,
            details=_("A blocker in %(team)s's update for %(meeting)s:\n%(line)s") % {
                "team": team, "meeting": update.meeting, "line": lines[line]},
            source="scrum-of-scrums")
    except FeedbackError as refused:
        raise UpdateError(str(refused), status=refused.status) from refused
    return BlockerImpediment.objects.create(update=update, line=text, item=item)
