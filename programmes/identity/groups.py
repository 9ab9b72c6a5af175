"""Roles from the identity provider's groups claim, applied at each single sign-on."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from programmes.audit import audit_record
from programmes.models import GroupRoleMapping, Person, ProgrammeRole, TeamMembership


def groups_from_claims(claims: dict, claim: str) -> set[str]:
    """The groups a provider sent: a list of names, or one name; anything else is none."""
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(group) for group in value}
    return set()


@transaction.atomic
def apply_group_roles(person: Person, groups: set[str]) -> None:
    """Grant what the person's groups map to; take back the roles granted by groups they
    left. Roles an MSM gave by hand are never touched."""
    kept_roles: set[int] = set()
    kept_memberships: set[int] = set()
    # Members before Scrum Masters: a person in both groups of one team ends Scrum Master.
    mappings = GroupRoleMapping.objects.filter(group__in=groups).select_related(
        "programme", "team__programme").order_by("role")
    for mapping in mappings:
        if mapping.team_id is None:
            kept_roles.add(_grant_programme_role(person, mapping))
        elif (membership_id := _grant_team_role(person, mapping)) is not None:
            kept_memberships.add(membership_id)
    for role in (ProgrammeRole.objects.filter(person=person, from_idp=True)
                 .exclude(pk__in=kept_roles).select_related("programme")):
        role.delete()
        audit_record(programme=role.programme, actor=None, action="role.remove", obj=role,
                     summary=f"{person}: no longer {role.get_role_display()} "
                             "(left the identity provider's group)")
    for membership in (TeamMembership.objects.filter(person=person, from_idp=True)
                       .exclude(pk__in=kept_memberships).select_related("team__programme")):
        membership.delete()
        audit_record(programme=membership.team.programme, actor=None, action="membership.remove",
                     obj=membership, summary=f"{person}: no longer {membership.get_role_display()}"
                                             f" of {membership.team} (left the group)")


def _grant_programme_role(person: Person, mapping: GroupRoleMapping) -> int:
    role, created = ProgrammeRole.objects.get_or_create(
        programme=mapping.programme, person=person, role=mapping.role,
        defaults={"from_idp": True})
    if created:
        audit_record(programme=mapping.programme, actor=None, action="role.add", obj=role,
                     summary=f"{person}: {role.get_role_display()} "
                             f"(identity provider group {mapping.group})")
    return role.pk


def _grant_team_role(person: Person, mapping: GroupRoleMapping) -> int | None:
    """The membership kept for this mapping; None when the team already has another Scrum
    Master (one per team), in which case nothing is granted."""
    membership = TeamMembership.objects.filter(team=mapping.team, person=person).first()
    if membership is not None and not membership.from_idp:
        return membership.pk  # given by hand: left as the MSM made it
    if membership is not None and membership.role == mapping.role:
        return membership.pk
    try:
        with transaction.atomic():
            if membership is None:
                membership = TeamMembership.objects.create(
                    team=mapping.team, person=person, role=mapping.role, from_idp=True)
            else:
                membership.role = mapping.role
                membership.save(update_fields=["role"])
    except IntegrityError:
        return membership.pk if membership is not None and membership.pk else None
    audit_record(programme=mapping.team.programme, actor=None, action="membership.add",
                 obj=membership,
                 summary=f"{person}: {membership.get_role_display()} of {mapping.team} "
                         f"(identity provider group {mapping.group})")
    return membership.pk
