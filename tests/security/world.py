"""One of every object the URLs point at, inside the `cast` programme tree."""

from dataclasses import dataclass

from ceremonies.calendar import calendar_token
from feedback.services import impediment_raise
from programmes.models import ApiToken, ProgrammeRole, TeamMembership
from programmes.services import sprints_ensure
from programmes.tokens import token_create
from tests.ceremonies.meetings import make_meeting
from tests.security.urls import Route


@dataclass
class World:
    cast: object
    values: dict
    per_app: dict  # kwargs whose meaning depends on the app, e.g. "pk"

    def kwargs_for(self, route: Route) -> dict:
        app = route.name.split(":")[0]
        values = {**self.values, **self.per_app.get(app, {})}
        return {name: values[name] for name in route.params}

    def post_data_for(self, route: Route) -> dict:
        return {}

    def restore(self) -> None:
        """A permitted POST may have deleted its object; later requests need one again."""
        self.values.update(_objects(self.cast))

    def leaks_into(self, html: str, viewer=None) -> bool:
        people = [self.cast.scrum_master, self.cast.stakeholder]
        secrets = [self.cast.team.name, self.cast.programme.name, "Test environment down",
                   *(p.name for p in people if p != viewer)]
        return any(secret in html for secret in secrets)


def _objects(cast) -> dict:
    stake_role, _ = ProgrammeRole.objects.get_or_create(
        programme=cast.programme, person=cast.stakeholder, role=ProgrammeRole.Role.STAKEHOLDER)
    membership, _ = TeamMembership.objects.get_or_create(
        team=cast.team, person=cast.member, defaults={"role": TeamMembership.Role.MEMBER})
    token = ApiToken.objects.filter(person=cast.member, revoked_at=None).first()
    if token is None:
        token, _ = token_create(person=cast.member, name="matrix")
    return {"role_id": stake_role.pk, "membership_id": membership.pk, "token_id": token.pk}


def build_world(cast) -> World:
    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    impediment = impediment_raise(programme=cast.programme, team=cast.team,
                                  title="Test environment down", raised_by=cast.scrum_master)
    values = {
        "slug": cast.programme.slug,
        "team_slug": cast.team.slug,
        "number": 1,
        "uidb64": "MQ",
        "token": "set-password",
        "pk": impediment.pk,
        "action": "comment",
        **_objects(cast),
    }
    meeting = make_meeting(cast.programme)
    per_app = {"ceremonies": {"pk": meeting.pk, "item_id": meeting.items.first().pk,
                              "change": "up", "action": "start",
                              "series_id": meeting.series_id,
                              "calendar_token": calendar_token(person=cast.member).token}}
    return World(cast=cast, values=values, per_app=per_app)
