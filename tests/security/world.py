"""One of every object the URLs point at, inside the `cast` programme tree."""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from ceremonies.models import (
    ActionItem,
    DailyUpdate,
    Dependency,
    Kind,
    RegisterEntry,
    SteeringSnapshot,
    Talk,
)
from ceremonies.series.calendar import calendar_token
from ceremonies.steering.pack import steering_pack
from ceremonies.steering.services import milestone_create, objective_create
from feedback.services import impediment_raise
from programmes.access.tokens import token_create
from programmes.models import (
    ApiToken,
    Booking,
    ChatApp,
    ChatLinkToken,
    ChatWebhook,
    GroupRoleMapping,
    ProgrammeRole,
    Resource,
    TeamMembership,
    TrackerConnection,
    TrackerMapping,
    WebhookSubscription,
)
from programmes.models.chat import link_token_hash
from programmes.services import sprints_ensure
from tests.ceremonies.brownbag import sibling_of
from tests.ceremonies.meetings import make_meeting
from tests.security.urls import Route


@dataclass
class World:
    cast: object
    values: dict
    per_app: dict  # kwargs whose meaning depends on the app, e.g. "pk"
    # kwargs whose meaning depends on the route: a tracker's mapping is not a group's
    per_route: dict = field(default_factory=dict)
    tree_member: object = None  # a member of a sibling programme (`tree_member`), if made

    def kwargs_for(self, route: Route) -> dict:
        app = route.name.split(":")[0]
        values = {**self.values, **self.per_app.get(app, {}),
                  **self.per_route.get(route.name, {})}
        return {name: values[name] for name in route.params}

    def post_data_for(self, route: Route) -> dict:
        return {}

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
    # Nothing listens on port 9 of 127.0.0.1: a "test" is refused at once.
    chat, _ = ChatWebhook.objects.get_or_create(
        programme=cast.programme, team=None,
        defaults={"name": "#payments", "url": "http://127.0.0.1:9/chat"})
    subscription, _ = WebhookSubscription.objects.get_or_create(
        programme=cast.programme, name="Tracker",
        defaults={"url": "http://127.0.0.1:9/events", "secret": "whsec_world",
                  "events": ["impediment.raised"]})
    mapping, _ = GroupRoleMapping.objects.get_or_create(
        programme=cast.programme, group="payments-sm", role="scrum_master", team=cast.team)
    return {"role_id": stake_role.pk, "membership_id": membership.pk, "token_id": token.pk,
            "chat_webhook_id": chat.pk, "subscription_id": subscription.pk,
            "mapping_id": mapping.pk, "provider_id": "example", **_booking(cast),
            **_tracker(cast), **_chat_app(cast)}


def _tracker(cast) -> dict:
    """A GitHub connection (nothing listens at its address) mapping a repository to Ledger."""
    connection, _ = TrackerConnection.objects.get_or_create(
        programme=cast.programme, name="Matrix GitHub",
        defaults={"kind": "github", "base_url": "http://127.0.0.1:9",
                  "token": "tok-matrix", "webhook_secret": "whsec_matrix"})
    return {"connection_id": connection.pk}


def _tracker_mapping(cast) -> dict:
    connection = TrackerConnection.objects.get(programme=cast.programme, name="Matrix GitHub")
    mapping, _ = TrackerMapping.objects.get_or_create(
        connection=connection, source="acme/ledger", defaults={"team": cast.team})
    return {"programmes:tracker_mapping_remove": {"mapping_id": mapping.pk}}


LINK_TOKEN = "matrix-chat-link"


def _chat_app(cast) -> dict:
    """The programme's Slack app, and a one-time link it sent to a chat account (to no
    address in particular: whoever opens it signed in may link it)."""
    app, _ = ChatApp.objects.get_or_create(
        programme=cast.programme,
        defaults={"platform": ChatApp.Platform.SLACK, "workspace": "T0MATRIX",
                  "signing_secret": "slack-signing-matrix"})
    ChatLinkToken.objects.get_or_create(
        token_hash=link_token_hash(LINK_TOKEN),
        defaults={"app": app, "user_id": "U0MATRIX", "user_name": "matrix",
                  "expires_at": timezone.now() + timedelta(hours=1)})
    return {"platform": app.platform}


def _dependency(cast) -> Dependency:
    """Ledger's need of Card Gateway, which Card Gateway countered with a date to come."""
    dependency = Dependency.objects.filter(programme=cast.programme, what="Card API").first()
    if dependency is None:
        dependency = Dependency.objects.create(
            programme=cast.programme, needing_team=cast.team,
            providing_team=cast.other_team, what="Card API", raised_by=cast.scrum_master)
    Dependency.objects.filter(pk=dependency.pk).update(
        status=Dependency.Status.COUNTERED,
        committed_date=cast.programme.today() + timedelta(days=14), delivered_at=None)
    return dependency


def _booking(cast) -> dict:
    """A test environment and the Scrum Master's pending request for it, as they were."""
    resource, _ = Resource.objects.get_or_create(
        programme=cast.programme, name="Matrix env",
        defaults={"kind": Resource.Kind.TEST_ENVIRONMENT})
    Resource.objects.filter(pk=resource.pk).update(archived=False)
    booking = Booking.objects.filter(resource=resource, team=cast.team).first()
    if booking is None:
        start = timezone.now().replace(microsecond=0) + timedelta(days=2)
        booking = Booking.objects.create(resource=resource, team=cast.team, starts_at=start,
                                         ends_at=start + timedelta(hours=2),
                                         requested_by=cast.scrum_master)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.REQUESTED)
    return {"resource_id": resource.pk, "booking_id": booking.pk}


def _updates(cast, meeting) -> dict:
    """A past update with a blocker, a dependency, and tomorrow's Scrum of Scrums to post for."""
    update = DailyUpdate.objects.create(team=cast.team, meeting=meeting, done="Shipped",
                                        health="green", blockers="Test environment down")
    dependency = _dependency(cast)
    make_meeting(cast.programme, day=localdate() + timedelta(days=1))
    return {"team_id": cast.team.pk, "update_id": update.pk, "dependency_id": dependency.pk}


def _steering(cast) -> dict:
    """An objective, a milestone and a snapshot of a past Steering Committee."""
    objective = objective_create(programme=cast.programme, by=cast.msm, title="Go live",
                                 target_date=date(2027, 1, 1))
    milestone = milestone_create(programme=cast.programme, by=cast.msm, title="Beta",
                                 due_date=date(2026, 12, 1), objective=objective)
    steering = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)
    snapshot = SteeringSnapshot.objects.create(
        meeting=steering, programme=cast.programme,
        data=steering_pack(programme=cast.programme, meeting=steering))
    return {"objective_id": objective.pk, "milestone_id": milestone.pk,
            "snapshot_id": snapshot.pk}


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
        "source": "objective-owner",
        **_objects(cast),
    }
    meeting = make_meeting(cast.programme)
    action = ActionItem.objects.create(meeting=meeting, text="Book the matrix environment",
                                       owner=cast.scrum_master)
    meeting.minutes_also_to.add(cast.stakeholder)
    values.update(item_id=impediment.pk, meeting_id=meeting.pk)
    values.update(_updates(cast, meeting))
    sprint = cast.programme.sprints.get(number=1)
    make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60, day=sprint.end)
    talk = Talk.objects.create(programme=cast.programme, sprint=sprint, team=cast.team,
                               proposed_by=cast.member, title="Feature flags", kind="demo")
    entry = RegisterEntry.objects.create(programme=cast.programme, team=cast.team,
                                         problem="Feature flags", solved_on=sprint.start,
                                         write_up="One flag service.", talk=talk)
    values.update(talk_id=talk.pk, entry_id=entry.pk)
    per_app = {"ceremonies": {"pk": meeting.pk, "item_id": meeting.items.first().pk,
                              "change": "up", "action": "start", **_steering(cast),
                              "series_id": meeting.series_id, "action_id": action.pk,
                              "person_id": cast.stakeholder.pk,
                              "calendar_token": calendar_token(person=cast.member).token,
                              "token": LINK_TOKEN}}
    return World(cast=cast, values=values, per_app=per_app, per_route=_tracker_mapping(cast))


@contextmanager
def rolled_back():
    """Whatever is done inside is undone (a savepoint), so each role of a matrix meets the
    world as it was built, and the world is built once per route rather than once per role."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def tree_member(cast):
    """A member of a team of Payments' sibling programme (same parent, another child)."""
    _, _, member, _ = sibling_of(cast)
    return member
