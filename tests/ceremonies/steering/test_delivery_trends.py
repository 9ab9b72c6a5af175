"""Delivery figures across the monthly steering snapshots: each month's points are the last full
sprint frozen in that snapshot, the very figures of its rows, charted on the dashboard with a
table of the values, at a bounded number of queries."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from ceremonies.models import Kind, SteeringSnapshot
from ceremonies.steering.delivery_trends import delivery_trends
from ceremonies.steering.pack import steering_pack
from programmes.models import Programme, Sprint
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.steering.test_pack_delivery import AT, add, mapped

pytestmark = pytest.mark.django_db


def figures(committed, done, cycle_days):
    return {"committed": committed, "done": done, "carry_over": committed - done,
            "points_committed": None, "points_done": None, "closed": done,
            "cycle_days": cycle_days}


def frozen(cast, number, ledger, gateway, rolled):
    """A snapshot's delivery as the pack freezes it: the current sprint, then the last one."""
    def sprint(label, n, teams, programme):
        return {"label": label, "number": n, "start": "2026-01-01", "end": "2026-01-14",
                "teams": [{"id": t.pk, "name": t.name, "programme_id": cast.programme.pk,
                           **f} for t, f in teams],
                "programmes": [{"id": cast.programme.pk, "name": "Payments", **programme}]}
    noise = figures(99, 0, None)  # the current sprint is not over: never charted
    return {"sprints": [sprint("current", number + 1, [(cast.team, noise)], noise),
                        sprint("last", number, [(cast.team, ledger), (cast.other_team, gateway)],
                               rolled)]}


@pytest.fixture
def snapshots(cast):
    months = [
        (datetime(2026, 9, 30, 15, tzinfo=UTC), 14,
         figures(5, 3, 4.0), figures(4, 4, 2.5), figures(9, 7, 3.0)),
        (datetime(2026, 10, 28, 15, tzinfo=UTC), 16,
         figures(6, 6, 3.5), figures(3, 1, 9.0), figures(9, 7, 3.5)),
        (datetime(2026, 11, 25, 15, tzinfo=UTC), 18,
         figures(4, 2, None), figures(2, 2, 6.0), figures(6, 4, 6.0)),
    ]
    for at, number, ledger, gateway, rolled in months:
        meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60, day=at.date())
        SteeringSnapshot.objects.create(
            meeting=meeting, programme=cast.programme, taken_at=at,
            data={"summary": {}, "now": {"delivery": frozen(cast, number, ledger, gateway,
                                                           rolled)}})
    return cast


def values(chart):
    return [(p.label, p.value) for p in chart.points]


def test_each_month_charts_the_last_full_sprint_of_its_snapshot(snapshots):
    trends = delivery_trends(snapshots.programme, tz=UTC)
    charts = {c.key: c for c in trends.charts}

    assert values(charts["delivery-committed"]) == [("Sep 2026", 9), ("Oct 2026", 9),
                                                    ("Nov 2026", 6)]
    assert values(charts["delivery-done"]) == [("Sep 2026", 7), ("Oct 2026", 7),
                                               ("Nov 2026", 4)]
    assert values(charts["delivery-carry_over"]) == [("Sep 2026", 2), ("Oct 2026", 2),
                                                     ("Nov 2026", 2)]
    assert values(charts["delivery-cycle_days"]) == [("Sep 2026", 3.0), ("Oct 2026", 3.5),
                                                     ("Nov 2026", 6.0)]
    assert [c.sprint for c in trends.columns] == [14, 16, 18]


def test_each_team_has_its_own_row_beside_the_programme(snapshots):
    rows = {row.name: row.cells for row in delivery_trends(snapshots.programme, tz=UTC).rows}

    assert [(c["committed"], c["done"], c["carry_over"], c["cycle_days"])
            for c in rows["Ledger"]] == [(5, 3, 2, 4.0), (6, 6, 0, 3.5), (4, 2, 2, None)]
    assert [(c["committed"], c["done"]) for c in rows["Card Gateway"]] == [(4, 4), (3, 1), (2, 2)]
    assert [c["done"] for c in rows["Payments (all teams)"]] == [7, 7, 4]


def test_today_comes_after_the_snapshots_from_the_live_figures(snapshots):
    Programme.objects.filter(pk=snapshots.programme.pk).update(
        first_sprint_start=date(2026, 11, 2), sprint_length_days=14, timezone="UTC")
    Sprint.objects.all().delete()
    ledger = mapped(snapshots.programme, snapshots.team, "LED")
    add(ledger, "LED-2", datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC))
    add(ledger, "LED-3", datetime(2026, 11, 1, tzinfo=UTC))
    snapshots.programme.refresh_from_db()
    live = steering_pack(programme=snapshots.programme, at=AT)["now"]["delivery"]

    trends = delivery_trends(snapshots.programme, live=live, tz=UTC)

    # Sprint 1 (2–15 Nov): LED-2 and LED-3 were open when it started, LED-2 closed in it.
    assert trends.columns[-1].label == "now" and trends.columns[-1].sprint == 1
    assert values(trends.charts[1])[-1] == ("now", 1)
    assert trends.rows[0].cells[-1] == {"committed": 2, "done": 1, "carry_over": 1,
                                        "cycle_days": 11.0}


def test_no_snapshot_with_delivery_figures_draws_nothing(cast):
    assert delivery_trends(cast.programme, live=None, tz=UTC) is None


@pytest.mark.clock("2026-12-04T10:00:00+00:00")
def test_the_dashboard_draws_the_charts_with_their_values_as_a_table(client, snapshots):
    client.force_login(snapshots.msm)

    html = client.get(reverse("ceremonies:steering", args=[snapshots.programme.slug])
                      ).content.decode()

    assert 'id="chart-delivery-committed"' in html and 'id="chart-delivery-cycle_days"' in html
    table = html[html.index('id="delivery-trends-table"'):]
    table = table[:table.index("</table>")]
    assert "Sep 2026" in table and "sprint 18" in table
    assert "3 of 5 done, 2 carried over; 4.0 d" in table
    assert "2 of 2 done, 0 carried over; 6.0 d" in table


@pytest.mark.clock("2026-12-04T10:00:00+00:00")
def test_the_dashboard_costs_the_same_for_one_snapshot_and_twelve(
        client, cast, django_assert_num_queries):
    from tests.ceremonies.steering.test_dashboard_queries import DASHBOARD_QUERIES
    client.force_login(cast.msm)
    url = reverse("ceremonies:steering", args=[cast.programme.slug])
    months = [datetime(2025, 12, 20, tzinfo=UTC)] + [datetime(2026, m, 20, tzinfo=UTC)
                                                     for m in range(1, 12)]
    for n, at in enumerate(months):
        meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60, day=at.date())
        SteeringSnapshot.objects.create(
            meeting=meeting, programme=cast.programme, taken_at=at,
            data={"summary": {}, "now": {"delivery": frozen(
                cast, n, figures(2, 1, 1.0), figures(1, 1, 2.0), figures(3, 2, 1.5))}})
        if n in (0, 11):
            cache.clear()  # built afresh, not served from the page cache
            with django_assert_num_queries(DASHBOARD_QUERIES - 1):  # no Scrum of Scrums held
                assert client.get(url).status_code == 200
