"""The steering dashboard is cached under its programme's data version: a second view costs the
request's own queries only, and a committed change shows at the very next view."""

from datetime import UTC, time, timedelta
from time import monotonic as time_now

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import TimeoutError as RedisTimeoutError

import metascrum.lib.cache
from ceremonies.models import Kind
from feedback.models import FeedbackItem
from metascrum.lib.cache import ForgivingRedisCache
from metascrum.settings import redis_cache
from programmes.models import Programme
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post, upcoming_meeting
from tests.factories import ProgrammeFactory

CACHED_QUERIES = 6  # session, person, programme, roles, team roles, the badge's tree versions


def dashboard(client, programme) -> str:
    page = client.get(reverse("ceremonies:steering", kwargs={"slug": programme.slug}))
    assert page.status_code == 200
    return page.content.decode()


def team_health(page: str) -> str:
    return page[page.index('id="rag-teams"'):page.index('id="rag-objectives-h"')]


def versions(*programmes) -> list:
    return list(Programme.objects.filter(pk__in=[p.pk for p in programmes])
                .order_by("pk").values_list("data_version", flat=True))


def test_an_unchanged_dashboard_is_served_from_the_cache(client, cast,
                                                         django_assert_num_queries):
    client.force_login(cast.parent_msm)
    first = dashboard(client, cast.parent)
    with django_assert_num_queries(CACHED_QUERIES):
        second = dashboard(client, cast.parent)
    assert team_health(second) == team_health(first)
    assert "Ledger" in team_health(second) and "Card Gateway" in team_health(second)


def test_a_red_update_shows_on_both_dashboards_once_committed(
        client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.parent_msm)
    meeting = upcoming_meeting(cast.programme)
    assert "No update" in team_health(dashboard(client, cast.programme))
    assert "No update" in team_health(dashboard(client, cast.parent))

    with django_capture_on_commit_callbacks(execute=True):
        post(cast.team, cast.scrum_master, health="red", health_reason="Bank API down",
             meeting=meeting, at=timezone.now())

    assert "Red: off track</span> Ledger" in team_health(dashboard(client, cast.programme))
    assert "Red: off track</span> Ledger" in team_health(dashboard(client, cast.parent))


def test_before_the_commit_the_cached_page_stands(client, cast,
                                                  django_capture_on_commit_callbacks):
    client.force_login(cast.parent_msm)
    meeting = upcoming_meeting(cast.programme)
    dashboard(client, cast.programme)
    with django_capture_on_commit_callbacks(execute=False):
        post(cast.team, cast.scrum_master, health="red", health_reason="Bank API down",
             meeting=meeting, at=timezone.now())
        assert "No update" in team_health(dashboard(client, cast.programme))


def test_an_objective_added_on_its_form_is_on_the_dashboard_at_once(
        client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.msm)
    assert "Instant payouts" not in dashboard(client, cast.programme)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ceremonies:objective_new", kwargs={"slug": cast.programme.slug}),
                    {"title": "Instant payouts", "target_date": "2027-03-01", "progress": 40,
                     "status": "on_track", "description": ""})
    assert "Instant payouts" in dashboard(client, cast.programme)


# Committing for real (each change is renewed as it commits), so that what a test's set-up
# changed cannot be renewed late, together with the change under test.
@pytest.mark.django_db(transaction=True)
def test_a_change_renews_its_programme_and_those_above_but_not_a_sibling(cast):
    sibling = ProgrammeFactory(name="Lending", parent=cast.parent)
    meeting = upcoming_meeting(cast.programme)
    before = versions(cast.parent, cast.programme, sibling, cast.other_programme)
    post(cast.team, cast.scrum_master, meeting=meeting, at=timezone.now())
    after = versions(cast.parent, cast.programme, sibling, cast.other_programme)
    changed = [b != a for b, a in zip(before, after, strict=True)]
    assert changed == [True, True, False, False]


@pytest.mark.django_db(transaction=True)
def test_an_item_moving_up_renews_the_programme_it_left(cast):
    item = FeedbackItem.objects.create(
        programme=cast.programme, holder_programme=cast.programme, kind="impediment",
        title="No test data", direction="up", raised_by=cast.scrum_master,
        raised_at=timezone.now())
    before = versions(cast.parent, cast.programme)
    item.holder_programme = cast.parent
    item.level = FeedbackItem.Level.STAKEHOLDERS
    item.save()
    assert [b != a for b, a in zip(before, versions(cast.parent, cast.programme),
                                   strict=True)] == [True, True]


def test_who_may_steer_and_who_may_not_each_get_their_own_page(client, cast):
    client.force_login(cast.msm)
    assert "Add objective" in dashboard(client, cast.programme)
    client.force_login(cast.stakeholder)
    assert "Add objective" not in dashboard(client, cast.programme)


@pytest.mark.clock("2027-01-11T08:00:00+00:00")  # winter: 09:30 in London is 09:30 UTC
def test_each_viewer_reads_the_next_committee_in_their_own_time_zone(client, cast):
    meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                           day=timezone.localdate() + timedelta(days=3))
    assert meeting.scheduled_start.astimezone(UTC).time() == time(9, 30)
    cast.stakeholder.timezone = "Asia/Tokyo"
    cast.stakeholder.save()
    cast.member.timezone = "UTC"
    cast.member.save()
    client.force_login(cast.stakeholder)
    assert ", 18:30</a>" in dashboard(client, cast.programme)
    client.force_login(cast.member)
    assert ", 09:30</a>" in dashboard(client, cast.programme)


@pytest.fixture
def closed_port():
    import socket

    with socket.socket() as probe:  # bound, then closed: nobody listens there
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_redis_that_is_down_is_a_cache_miss_not_an_error(closed_port):
    cache = ForgivingRedisCache(f"redis://127.0.0.1:{closed_port}/0",
                                {"OPTIONS": {"socket_connect_timeout": 0.5}})
    cache.set("page", "cached")
    assert cache.get("page", "missing") == "missing"


def test_after_a_failure_the_cache_is_left_alone_for_a_while(monkeypatch):
    calls = []

    def frozen(self, *args, **kwargs):
        calls.append(args)
        raise RedisTimeoutError("Timeout reading from socket")

    monkeypatch.setattr(RedisCache, "get", frozen)
    cache = ForgivingRedisCache("redis://127.0.0.1:6379/0", {})
    assert [cache.get("page", "missing") for _ in range(3)] == ["missing"] * 3
    assert len(calls) == 1
    monkeypatch.setattr(metascrum.lib.cache, "_failed_at",
                        time_now() - metascrum.lib.cache.RETRY_AFTER - 1)  # a while ago
    cache.get("page")
    assert len(calls) == 2


def test_the_dashboard_answers_with_the_cache_down(client, cast, settings, closed_port):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port}/0")}
    client.force_login(cast.stakeholder)
    assert "Ledger" in team_health(dashboard(client, cast.programme))
