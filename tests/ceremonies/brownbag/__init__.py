"""Build Brown Bag situations for tests: sprints, the sprint's Brown Bag, talks, a sibling."""

from datetime import date, timedelta

from ceremonies.brownbag import services as brownbag
from ceremonies.models import Kind, Talk
from programmes.models import Programme
from programmes.services import sprints_ensure
from tests import factories
from tests.ceremonies.meetings import make_meeting

# Sprint 1 runs Mon 16 – Sun 29 Nov 2026; its Brown Bag is Tue 24 Nov 09:30 London (= UTC),
# so its call for talks is open from Mon 16 Nov 00:00 to Mon 23 Nov 12:00.
SPRINT_START = date(2026, 11, 16)
BROWN_BAG_DAY = date(2026, 11, 24)


def start_sprints(programme: Programme, first: date) -> None:
    Programme.objects.filter(pk=programme.pk).update(first_sprint_start=first)
    programme.refresh_from_db()
    programme.sprints.all().delete()
    sprints_ensure(programme=programme, through=first + timedelta(days=60))


def fixed_brown_bag(programme: Programme, minutes: int = 60):
    """Sprint 1 from 16 Nov 2026 and its Brown Bag on 24 Nov (use explicit `at=` times)."""
    start_sprints(programme, SPRINT_START)
    return make_meeting(programme, kind=Kind.BROWN_BAG, minutes=minutes, day=BROWN_BAG_DAY)


def open_brown_bag(programme: Programme, minutes: int = 60):
    """A sprint that starts today with its Brown Bag on its last day: the call is open now."""
    start_sprints(programme, programme.today())
    sprint = programme.sprints.get(number=1)
    return make_meeting(programme, kind=Kind.BROWN_BAG, minutes=minutes, day=sprint.end)


def closed_brown_bag(programme: Programme):
    """The current sprint's Brown Bag is today: its call closed yesterday at noon."""
    today = programme.today()
    start_sprints(programme, today - timedelta(days=5))
    return make_meeting(programme, kind=Kind.BROWN_BAG, minutes=60, day=today)


def talk(programme, by, *, team=None, title="How we did single sign-on", minutes=10,
         at=None, kind=Talk.Kind.SOLVED_FIRST) -> Talk:
    return brownbag.talk_propose(programme=programme, by=by, team=team, title=title,
                                 kind=kind, minutes=minutes, at=at)


def sibling_of(cast):
    """A second child of the cast's parent programme, with a team and a member."""
    sibling = factories.ProgrammeFactory(name="Customer Experience", parent=cast.parent)
    team = factories.TeamFactory(programme=sibling, name="Onboarding")
    member = factories.make_member(team, factories.PersonFactory(name="Nora Sibling"))
    msm = factories.make_msm(sibling, factories.PersonFactory(name="Jonas Sibling MSM"))
    return sibling, team, member, msm
