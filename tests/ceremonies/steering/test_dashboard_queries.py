"""The steering dashboard costs the same queries for 5 teams and for 150 with a year of history."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremonies.models import DailyUpdate, Kind, Meeting, Milestone, Objective, SteeringSnapshot
from feedback.models import FeedbackItem
from programmes.models import Team
from tests.ceremonies.meetings import trains_below
from tests.factories import ProgrammeFactory

# Each counts the work trackers' delivery figures: one query here, where no team has tracker
# items (two where they have: tests/ceremonies/steering/test_pack_delivery.py). The dashboard
# reads the snapshots' frozen delivery figures for its trends in one more.
DASHBOARD_QUERIES = 30
PACK_QUERIES = 27  # the pack page: no snapshot list, no trend charts


def _weekdays(days: int) -> list:
    today = timezone.localdate()
    return [today - timedelta(days=n) for n in range(days, 0, -1)
            if (today - timedelta(days=n)).weekday() < 5]


def build(cast, *, teams: int, days: int, snapshots: int) -> None:
    """A programme tree with history, made with bulk_create so 150 teams stay cheap."""
    sibling = ProgrammeFactory(name="Lending", parent=cast.parent)
    programmes = [cast.programme, sibling]
    made = Team.objects.bulk_create(
        Team(programme=programmes[n % 2], name=f"Squad {n}", slug=f"squad-{n}")
        for n in range(teams))
    meetings = Meeting.objects.bulk_create(
        Meeting(programme=p, kind=Kind.SCRUM_OF_SCRUMS, title="Scrum of Scrums", occurrence=d,
                scheduled_start=datetime.combine(d, time(9, 30), tzinfo=UTC),
                timebox_minutes=15, state=Meeting.State.ENDED,
                started_at=datetime.combine(d, time(9, 30), tzinfo=UTC),
                ended_at=datetime.combine(d, time(9, 47), tzinfo=UTC))
        for p in programmes for d in _weekdays(days))
    health = ["green", "green", "amber", "red"]
    DailyUpdate.objects.bulk_create(
        (DailyUpdate(team=t, meeting=m, health=health[(t.pk + m.pk) % 4],
                     posted_at=m.scheduled_start - timedelta(hours=1))
         for m in meetings for t in made if t.programme_id == m.programme_id),
        batch_size=5000)
    Objective.objects.bulk_create(
        Objective(programme=programmes[n % 2], title=f"Objective {n}",
                  target_date=timezone.localdate() + timedelta(days=30 * n),
                  status=["on_track", "at_risk", "off_track", "done"][n % 4], progress=n * 7 % 100)
        for n in range(12))
    Milestone.objects.bulk_create(
        Milestone(programme=programmes[n % 2], title=f"Release {n}",
                  due_date=timezone.localdate() + timedelta(days=7 * n - 60),
                  delivered_on=timezone.localdate() - timedelta(days=60 - 7 * n) if n < 6 else None)
        for n in range(20))
    now = timezone.now()
    FeedbackItem.objects.bulk_create(
        FeedbackItem(programme=cast.programme, kind=["impediment", "risk", "request"][n % 3],
                     title=f"Item {n}", direction="up", origin="programme",
                     raised_by=cast.msm, level=["programme", "stakeholders"][n % 2],
                     holder_programme=cast.programme, state="routed",
                     raised_at=now - timedelta(days=n), routed_at=now - timedelta(days=n))
        for n in range(min(teams, 60)))
    steerings = Meeting.objects.bulk_create(
        Meeting(programme=cast.parent, kind=Kind.STEERING, title="Steering Committee",
                occurrence=d, scheduled_start=datetime.combine(d, time(14), tzinfo=UTC),
                timebox_minutes=60, state=Meeting.State.ENDED)
        for d in [timezone.localdate() - timedelta(days=30 * n) for n in range(snapshots, 0, -1)])
    next_week = timezone.localdate() + timedelta(days=7)
    Meeting.objects.create(programme=cast.parent, kind=Kind.STEERING, title="Steering Committee",
                           occurrence=next_week, timebox_minutes=60,
                           scheduled_start=datetime.combine(next_week, time(14), tzinfo=UTC))
    SteeringSnapshot.objects.bulk_create(
        SteeringSnapshot(meeting=m, programme=cast.parent, taken_at=m.scheduled_start,
                         data={"summary": {"open_impediments": n, "objective_progress": 3 * n,
                                           "loop_close_median_hours": 10 + n}})
        for n, m in enumerate(steerings))


@pytest.mark.parametrize(("teams", "days", "snapshots"), [(5, 20, 1), (150, 365, 24)])
def test_the_dashboard_makes_the_same_queries_whatever_the_size(
        client, cast, teams, days, snapshots, django_assert_num_queries):
    build(cast, teams=teams, days=days, snapshots=snapshots)
    client.force_login(cast.parent_msm)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = client.get(reverse("ceremonies:steering", kwargs={"slug": cast.parent.slug}))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="rag rag-') >= teams + 2  # every team of both children, rolled up
    assert "Squad 0" in body and f"Squad {teams - 1}" in body


def test_the_pack_page_is_bounded_too(client, cast):
    build(cast, teams=40, days=30, snapshots=3)
    client.force_login(cast.parent_msm)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("ceremonies:steering_pack", kwargs={"slug": cast.parent.slug}))
    assert len(queries) <= DASHBOARD_QUERIES


@pytest.mark.parametrize("trains", [2, 10])
@pytest.mark.parametrize("name", ["steering", "steering_pack"])
def test_a_parent_s_dashboard_and_pack_cost_the_same_for_2_and_10_programmes_below(
        client, db, trains, name, django_assert_num_queries):
    parent = ProgrammeFactory(name="Northwind Digital")
    msm = trains_below(parent, trains, day=timezone.localdate() + timedelta(days=1))
    client.force_login(msm)
    # No Scrum of Scrums held in the last 30 days: no count of their updates (one query less).
    queries = (DASHBOARD_QUERIES if name == "steering" else PACK_QUERIES) - 1
    with django_assert_num_queries(queries):
        html = client.get(reverse(f"ceremonies:{name}", kwargs={"slug": parent.slug}))
    assert f"<strong>{trains} of {2 * trains} teams</strong>" in html.content.decode()
