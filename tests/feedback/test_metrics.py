"""Loop metrics against values computed by hand on fixed data."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from feedback import services
from feedback.metrics import last_days, loop_metrics, percentile, period

from .helpers import T0, raise_impediment

H = timedelta(hours=1)


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([9, 1, 5, 3], 0.5) == 4
    assert percentile([1, 3, 5, 9], 0.9) == pytest.approx(7.8)
    assert percentile([7], 0.9) == 7
    assert percentile([], 0.5) is None


@pytest.fixture
def fixed(cast):
    a = raise_impediment(cast, title="A")
    services.feedback_acknowledge(item=a, by=cast.msm, at=T0 + 1 * H)
    services.feedback_answer(item=a, by=cast.msm, text="ok", at=T0 + 2 * H)
    services.feedback_close(item=a, by=cast.scrum_master, at=T0 + 4 * H)

    b = raise_impediment(cast, title="B")
    services.feedback_acknowledge(item=b, by=cast.msm, at=T0 + 3 * H)
    services.feedback_answer(item=b, by=cast.msm, text="ok", at=T0 + 5 * H)
    services.feedback_close(item=b, by=cast.scrum_master, at=T0 + 10 * H)

    c = services.feedback_raise(programme=cast.programme, kind="question", title="C",
                                direction="up", raised_by=cast.msm, at=T0)
    services.feedback_acknowledge(item=c, by=cast.parent_msm, at=T0 + 5 * H)

    d = services.decision_route_down(programme=cast.programme, title="D", teams=[cast.team],
                                     by=cast.msm, at=T0)
    services.feedback_acknowledge(item=d, by=cast.scrum_master, at=T0 + 9 * H)
    services.feedback_close(item=d, by=cast.msm, at=T0 + 20 * H)

    raise_impediment(cast, title="E", at=T0 + timedelta(days=4))  # Friday, never acknowledged
    raise_impediment(cast, title="too early", at=T0 - timedelta(days=1))
    return cast


def metrics(cast, **kwargs):
    return loop_metrics(programme=cast.programme, start=T0, end=T0 + timedelta(days=10),
                        at=T0 + timedelta(days=7, hours=1), **kwargs)


def test_it_counts_items_raised_up_and_down_in_the_period(fixed):
    m = metrics(fixed)

    assert (m.raised, m.raised_up, m.raised_down) == (5, 4, 1)


def test_it_computes_median_and_p90_time_to_acknowledge(fixed):
    m = metrics(fixed)

    assert m.ack_median_hours == pytest.approx(4.0)  # 1, 3, 5, 9
    assert m.ack_p90_hours == pytest.approx(7.8)


def test_it_computes_median_and_p90_time_to_close(fixed):
    m = metrics(fixed)

    assert m.close_median_hours == pytest.approx(10.0)  # 4, 10, 20
    assert m.close_p90_hours == pytest.approx(18.0)


def test_it_counts_overdue_items_and_the_share_closed(fixed):
    m = metrics(fixed)

    # E was due Monday 09:00 (one working day after Friday 09:00); C is due at sprint end.
    assert m.overdue == 1
    assert m.closed == 3
    assert m.closed_share == pytest.approx(0.6)


def test_it_counts_the_loops_closed_in_the_period_whenever_they_were_raised(fixed):
    early = raise_impediment(fixed, title="raised before", at=T0 - timedelta(days=3))
    services.feedback_acknowledge(item=early, by=fixed.msm, at=T0 - timedelta(days=2))
    services.feedback_answer(item=early, by=fixed.msm, text="ok", at=T0 + H)
    services.feedback_close(item=early, by=fixed.scrum_master, at=T0 + 2 * H)

    m = metrics(fixed)

    assert m.closed_in_period == 4  # A, B, D, and the one raised before the period
    assert (m.raised, m.closed) == (5, 3)  # of those raised in it: A, B, D


def test_open_and_overdue_are_of_the_loops_raised_in_the_period(fixed):
    m = metrics(fixed)

    assert (m.open_total, m.overdue) == (2, 1)  # C and E open; E overdue ("too early" is not)


def test_a_period_is_whole_days_in_the_programme_s_time_zone(cast):
    cast.programme.timezone = "America/New_York"
    days = period(cast.programme, date(2027, 3, 13), date(2027, 3, 14))  # DST starts on the 14th
    new_york = ZoneInfo("America/New_York")
    assert days.start == datetime(2027, 3, 13, tzinfo=new_york)
    assert days.end == datetime(2027, 3, 15, tzinfo=new_york)
    assert days.days == 2
    assert days.end.astimezone(UTC) - days.start.astimezone(UTC) == timedelta(hours=47)


def test_the_last_thirty_days_end_with_the_programme_s_today(cast):
    cast.programme.timezone = "Europe/Berlin"
    late_sunday = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)  # Monday the 1st in Berlin
    days = last_days(cast.programme, 30, late_sunday)
    assert (days.first, days.last) == (date(2027, 1, 31), date(2027, 3, 1))


def test_it_buckets_open_items_by_age(fixed):
    m = metrics(fixed)

    assert dict(m.open_by_age) == {"under 1 day": 0, "1–3 days": 0, "3–7 days": 1,
                                   "7–30 days": 1, "over 30 days": 0}


def test_it_narrows_to_one_level(fixed):
    m = metrics(fixed, level="parent")

    assert (m.raised, m.raised_up, m.closed) == (1, 1, 0)
    assert m.ack_median_hours == pytest.approx(5.0)
    assert m.closed_share == 0


def test_the_parent_programme_counts_its_childrens_items(fixed):
    m = loop_metrics(programme=fixed.parent, start=T0, end=T0 + timedelta(days=10),
                     at=T0 + timedelta(days=7, hours=1))

    assert m.raised == 5


def test_an_empty_period_has_no_share(cast):
    m = metrics(cast)

    assert m.raised == 0 and m.closed_share is None and m.ack_median_hours is None


def test_the_metrics_page_shows_the_table_and_charts(fixed, client):
    client.force_login(fixed.msm)

    response = client.get(f"/p/{fixed.programme.slug}/feedback/metrics/",
                          {"start": "2026-03-02", "end": "2026-03-11"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="metrics"' in body and "<svg" in body
    assert "3 of 5 (60%)" in body


def test_a_bad_period_keeps_the_input_and_says_why(cast, client):
    client.force_login(cast.msm)

    response = client.get(f"/p/{cast.programme.slug}/feedback/metrics/",
                          {"start": "2026-03-09", "end": "2026-03-02"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "ends before it starts" in body
    assert 'value="2026-03-09"' in body


def test_a_period_beyond_the_calendar_is_refused_with_a_message(cast, client):
    client.force_login(cast.msm)

    response = client.get(f"/p/{cast.programme.slug}/feedback/metrics/",
                          {"start": "0001-01-01", "end": "9999-12-31"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a day from 1 January 2000 to 31 December 2099" in body
    assert 'value="9999-12-31"' in body


def test_the_page_says_which_days_it_counts_and_both_closed_figures(fixed, client):
    client.force_login(fixed.msm)

    body = client.get(f"/p/{fixed.programme.slug}/feedback/metrics/",
                      {"start": "2026-03-02", "end": "2026-03-11"}).content.decode()

    assert 'data-first="2026-03-02" data-last="2026-03-11"' in body
    assert "Items raised from 2 March 2026 to 11 March 2026" in body
    assert 'data-figure="loops-closed-in-period" data-count="3"' in body
