import os
from dataclasses import dataclass

import pytest
import time_machine

from programmes.models import Person, Programme, Team
from tests import factories
from tests.clock import VARIABLE, moment_from, travel_from_environment


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Generous API rate limits, so that they count in every API test without getting in its
    # way (the schemathesis run sends thousands of requests with one token);
    # tests/api/test_throttling.py sets its own.
    settings.API_RATE_PER_TOKEN = settings.API_RATE_PER_ADDRESS = "100000/min"
    config.test_clock = travel_from_environment()
    _no_nagle_in_the_live_server()


def _no_nagle_in_the_live_server():
    """The live server (browser tests, schemathesis) answers on keep-alive connections in
    several small writes (headers, then body): with Nagle's algorithm on, each answer after the
    first waits out the client's delayed ACK, 40 ms a request. TCP_NODELAY, as production
    servers (gunicorn, uvicorn) set it."""
    from django.test.testcases import QuietWSGIRequestHandler

    QuietWSGIRequestHandler.disable_nagle_algorithm = True


def pytest_unconfigure(config):
    if getattr(config, "test_clock", None) is not None:
        config.test_clock.stop()


def pytest_report_header(config):
    if getattr(config, "test_clock", None) is not None:
        return f"clock: the run starts at {VARIABLE}={os.environ[VARIABLE]}"
    return f"clock: the real one (set {VARIABLE}=<ISO moment> to run as if it were then)"


@pytest.fixture(autouse=True)
def _moment(request):
    """`@pytest.mark.clock("2027-02-01T09:00:00+00:00")`: the test, and the fixtures it uses,
    run from that moment on, the clock ticking; without the mark, the run's clock."""
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield
        return
    with time_machine.travel(moment_from(marker.args[0]), tick=True):
        yield


@dataclass
class Cast:
    """The usual people around a two-level programme tree (see STYLE: a shared test base)."""

    parent: Programme
    programme: Programme
    other_programme: Programme
    team: Team
    other_team: Team
    parent_msm: Person
    msm: Person
    stakeholder: Person
    scrum_master: Person
    other_scrum_master: Person
    member: Person
    outsider: Person


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


def make_cast() -> Cast:
    """The cast, created in the database (the `cast` fixture; tests/security builds one per
    module)."""
    parent = factories.ProgrammeFactory(name="Northwind")
    programme = factories.ProgrammeFactory(name="Payments", parent=parent)
    other_programme = factories.ProgrammeFactory(name="Elsewhere")
    team = factories.TeamFactory(programme=programme, name="Ledger")
    other_team = factories.TeamFactory(programme=programme, name="Card Gateway")
    return Cast(
        parent=parent,
        programme=programme,
        other_programme=other_programme,
        team=team,
        other_team=other_team,
        parent_msm=factories.make_msm(parent, factories.PersonFactory(name="Paula Parent")),
        msm=factories.make_msm(programme, factories.PersonFactory(name="Maya MSM")),
        stakeholder=factories.make_stakeholder(programme,
                                               factories.PersonFactory(name="Steve Stake")),
        scrum_master=factories.make_scrum_master(team, factories.PersonFactory(name="Sam SM")),
        other_scrum_master=factories.make_scrum_master(
            other_team, factories.PersonFactory(name="Kenji SM")),
        member=factories.make_member(team, factories.PersonFactory(name="Ana Member")),
        outsider=factories.make_msm(other_programme, factories.PersonFactory(name="Olga Out")),
    )


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Cached pages are keyed on programme versions; still, no test reads another's."""
    from django.core.cache import cache

    from metascrum.lib.cache import forget_failure

    cache.clear()
    forget_failure()


@pytest.fixture(autouse=True)
def _no_broker_failure_remembered():
    """The outbox remembers a broker failure for a while, per process: not across tests."""
    from programmes.notifications import outbox

    outbox._broker_failed_at = None


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The cast and one of every object its URLs point at (tests/security/world.py), with a
    member of a sibling programme (`world.tree_member`), built once per module rather than once
    per test: inside a transaction that is rolled back when the module's tests are done. Each
    test that takes `db` runs in a savepoint within it (pytest-django's usual rollback), so
    every test meets the world as built, whatever the tests before it did."""
    from django.db import transaction

    from tests.security.world import build_world, tree_member

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            world = build_world(make_cast())
            world.tree_member = tree_member(world.cast)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
