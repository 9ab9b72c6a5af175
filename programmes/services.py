"""Services that change programmes, teams, memberships and sprints."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metascrum.lib.languages import speaking_to
from programmes import data_version
from programmes.audit import audit_record, changed_fields
from programmes.models import Person, Programme, ProgrammeRole, Sprint, Team, TeamMembership


class ServiceError(Exception):
    """A rule of the domain refused the change; the message is meant for the person."""


class AlreadyThere(ServiceError):
    """The person already has that role or that place in the team."""


def unique_slug(model, base: str, **scope) -> str:
    slug = slugify(base)[:50] or "item"
    candidate, n = slug, 2
    while model.objects.filter(slug=candidate, **scope).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _set_path(programme: Programme) -> None:
    parent_path = programme.parent.path if programme.parent_id else "/"
    programme.path = f"{parent_path}{programme.pk}/"
    programme.save(update_fields=["path"])


@transaction.atomic
def programme_repath(*, programme: Programme) -> None:
    """Recompute the materialised path of a programme and its whole subtree."""
    old_path = Programme.objects.filter(pk=programme.pk).values_list("path", flat=True).get()
    _set_path(programme)
    if old_path and old_path != programme.path:
        for descendant in Programme.objects.filter(path__startswith=old_path).exclude(
            pk=programme.pk
        ):
            descendant.path = programme.path + descendant.path[len(old_path):]
            descendant.save(update_fields=["path"])


@transaction.atomic
def programme_create(*, by: Person, parent: Programme | None = None, **fields) -> Programme:
    """Create a programme; the creator of a top-level programme becomes its MSM."""
    if not fields.get("slug"):
        fields["slug"] = unique_slug(Programme, fields["name"])
    programme = Programme(parent=parent, **fields)
    programme.full_clean(exclude=["path"])
    programme.save()
    _set_path(programme)
    if parent is None:
        ProgrammeRole.objects.create(programme=programme, person=by, role=ProgrammeRole.Role.MSM)
    audit_record(programme=programme, actor=by, action="programme.create", obj=programme,
                 summary=f"Created programme {programme}"
                 + (f" inside {parent}" if parent else ""))
    sprints_ensure(programme=programme, through=programme.today() + timedelta(days=60))
    return programme


@transaction.atomic
def programme_split(*, programme: Programme, by: Person, name: str,
                    teams: list[Team]) -> Programme:
    """A child programme of `programme` named `name`, with `teams` moved into it (Scrum@Scale:
    about five teams per Scrum of Scrums). The teams keep their people and their history."""
    if not teams:
        raise ServiceError(_("Choose the teams that move into the new programme."))
    if any(team.programme_id != programme.pk for team in teams):
        raise ServiceError(_("Only teams of %(programme)s move into its child programme.")
                           % {"programme": programme})
    child = programme_create(by=by, parent=programme, name=name,
                             timezone=programme.timezone,
                             sprint_length_days=programme.sprint_length_days,
                             first_sprint_start=programme.first_sprint_start)
    Team.objects.filter(pk__in=[t.pk for t in teams]).update(programme=child)
    audit_record(programme=programme, actor=by, action="programme.split", obj=child,
                 summary=f"Moved {', '.join(t.name for t in teams)} into {child}")
    return child


@transaction.atomic
def programme_update(*, programme: Programme, by: Person | None = None, **fields) -> Programme:
    """Update a programme; a new cadence re-derives the sprints that have not started."""
    # Read what is stored: a bound ModelForm has already written the new values on the instance.
    before = Programme.objects.filter(pk=programme.pk).values(*fields).get()
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean(exclude=["path"])
    programme.save()
    changes = changed_fields(before, fields)
    if {"sprint_length_days", "first_sprint_start"} & changes.keys():
        sprints_rederive(programme=programme)
    if changes:
        audit_record(programme=programme, actor=by, action="programme.update", obj=programme,
                     summary=f"Changed {', '.join(changes)} of {programme}", changes=changes)
    return programme


def team_create(*, programme: Programme, name: str, description: str = "",
                scrum_master: Person | None = None, by: Person | None = None) -> Team:
    team = Team(programme=programme, name=name, description=description,
                slug=unique_slug(Team, name, programme=programme))
    team.full_clean()
    with transaction.atomic():
        team.save()
        audit_record(programme=programme, actor=by, action="team.create", obj=team,
                     summary=f"Created team {team}")
        if scrum_master:
            team_set_scrum_master(team=team, person=scrum_master, by=by)
    return team


@transaction.atomic
def team_update(*, team: Team, name: str, description: str, by: Person | None = None) -> Team:
    before = Team.objects.filter(pk=team.pk).values("name", "description").get()
    team.name, team.description = name, description
    team.full_clean()
    team.save(update_fields=["name", "description"])
    changes = changed_fields(before, {"name": name, "description": description})
    if changes:
        audit_record(programme=team.programme, actor=by, action="team.update", obj=team,
                     summary=f"Changed {', '.join(changes)} of team {team}", changes=changes)
    return team


@transaction.atomic
def team_set_scrum_master(*, team: Team, person: Person,
                          by: Person | None = None) -> TeamMembership:
    """Make `person` the team's Scrum Master; the previous one stays on as a member."""
    TeamMembership.objects.filter(team=team, role=TeamMembership.Role.SCRUM_MASTER).exclude(
        person=person
    ).update(role=TeamMembership.Role.MEMBER)
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, person=person, defaults={"role": TeamMembership.Role.SCRUM_MASTER}
    )
    audit_record(programme=team.programme, actor=by, action="membership.scrum_master",
                 obj=membership, summary=f"Made {person} Scrum Master of {team}")
    return membership


@transaction.atomic
def team_add_member(*, team: Team, person: Person, role: str,
                    by: Person | None = None) -> TeamMembership:
    if role == TeamMembership.Role.SCRUM_MASTER:
        return team_set_scrum_master(team=team, person=person, by=by)
    membership, created = TeamMembership.objects.get_or_create(
        team=team, person=person, defaults={"role": role}
    )
    if not created:
        raise AlreadyThere(_("%(person)s is already in %(team)s.") % {
            "person": person, "team": team})
    audit_record(programme=team.programme, actor=by, action="membership.add", obj=membership,
                 summary=f"Added {person} to {team} as {membership.get_role_display()}")
    return membership


@transaction.atomic
def team_remove_member(*, membership: TeamMembership, by: Person | None = None) -> None:
    audit_record(programme=membership.team.programme, actor=by, action="membership.remove",
                 obj=membership, summary=f"Removed {membership.person} from {membership.team}")
    membership.delete()


def programme_add_role(*, programme: Programme, person: Person, role: str,
                       by: Person | None = None) -> ProgrammeRole:
    label = ProgrammeRole.Role(role).label
    try:
        with transaction.atomic():
            created = ProgrammeRole.objects.create(programme=programme, person=person, role=role)
            audit_record(programme=programme, actor=by, action="role.add", obj=created,
                         summary=f"Made {person} {label} of {programme}")
            return created
    except IntegrityError:
        raise AlreadyThere(_("%(person)s is already %(role)s of %(programme)s.") % {
            "person": person, "role": label, "programme": programme}) from None


@transaction.atomic
def programme_remove_role(*, role: ProgrammeRole, by: Person | None = None) -> None:
    if role.role == ProgrammeRole.Role.MSM:
        # Lock the programme's MSM rows so two removals at once cannot leave none.
        msms = list(ProgrammeRole.objects.select_for_update().filter(
            programme_id=role.programme_id, role=ProgrammeRole.Role.MSM))
        if all(other.pk == role.pk for other in msms):
            raise ServiceError(_("A programme needs at least one Meta Scrum Master."))
    audit_record(programme=role.programme, actor=by, action="role.remove", obj=role,
                 summary=f"Removed {role.person} as {role.get_role_display()}")
    role.delete()


def person_invite(*, email: str, name: str, invited_by: Person, programme: Programme) -> Person:
    """Find or create the person; a new one gets a one-time link to set a password."""
    email = Person.objects.normalize_email(email).lower()
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        person = Person(email=email, name=name)
        person.set_unusable_password()
        person.full_clean()
        person.save()
    if not person.has_usable_password():
        transaction.on_commit(
            lambda: send_invitation(person=person, invited_by=invited_by, programme=programme)
        )
    return person


def invitation_resend(*, email: str, invited_by: Person, programme: Programme) -> bool:
    """A new invitation link, on commit, for someone who never set a password (their link
    expired or got lost); False, and nothing sent, for anyone who did."""
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None or person.has_usable_password():
        return False
    transaction.on_commit(
        lambda: send_invitation(person=person, invited_by=invited_by, programme=programme))
    return True


def invitation_link(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_URL + reverse("accept_invitation", kwargs={"uidb64": uid, "token": token})


def send_invitation(*, person: Person, invited_by: Person, programme: Programme) -> None:
    context = {"person": person, "invited_by": invited_by, "programme": programme,
               "link": invitation_link(person)}
    with speaking_to(person):
        send_mail(
            subject=_("%(inviter)s invited you to %(programme)s on metascrum")
            % {"inviter": invited_by, "programme": programme},
            message=render_to_string("registration/invitation_email.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )


def sprints_ensure(*, programme: Programme, through: date) -> None:
    """Store every sprint of the cadence up to the one containing `through`; idempotent."""
    last = programme.sprints.order_by("-number").first()
    number = last.number if last else 0
    end = last.end if last else programme.first_sprint_start - timedelta(days=1)
    length = timedelta(days=programme.sprint_length_days)
    new = []
    while end < through:
        number += 1
        start = end + timedelta(days=1)
        end = start + length - timedelta(days=1)
        new.append(Sprint(programme=programme, number=number, start=start, end=end))
    if new:
        Sprint.objects.bulk_create(new, ignore_conflicts=True)
        data_version.changed(programmes=[programme.pk])


def sprints_rederive(*, programme: Programme) -> None:
    """Lay the sprints that have not started yet on the programme's current cadence."""
    today = programme.today()
    started = programme.sprints.filter(start__lte=today).order_by("-number").first()
    future = list(programme.sprints.filter(start__gt=today).order_by("number"))
    if started is None:
        # Nothing has started: the first sprint start moves with the cadence.
        anchor_end = programme.first_sprint_start - timedelta(days=1)
    else:
        anchor_end = started.end
    length = timedelta(days=programme.sprint_length_days)
    for sprint in future:
        sprint.start = anchor_end + timedelta(days=1)
        sprint.end = anchor_end = sprint.start + length - timedelta(days=1)
    Sprint.objects.bulk_update(future, ["start", "end"])
    data_version.changed(programmes=[programme.pk])
    sprints_ensure(programme=programme, through=today + timedelta(days=60))


@transaction.atomic
def sprint_update_goal(*, sprint: Sprint, goal: str, by: Person | None = None) -> Sprint:
    changes = changed_fields(Sprint.objects.filter(pk=sprint.pk).values("goal").get(),
                             {"goal": goal})
    sprint.goal = goal
    sprint.full_clean()
    sprint.save(update_fields=["goal"])
    if changes:
        audit_record(programme=sprint.programme, actor=by, action="sprint.goal", obj=sprint,
                     summary=f"Set the goal of {sprint}", changes=changes)
    return sprint
