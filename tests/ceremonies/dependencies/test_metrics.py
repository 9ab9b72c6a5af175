"""Dependency figures next to the loop metrics: time to answer, kept vs late vs dropped (and
declined), per providing team and per level, for the dependencies requested in the period."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from ceremonies.dependencies.metrics import dependency_metrics
from ceremonies.models import Dependency
from feedback.metrics import last_days
from tests import factories

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def made(cast, what, status, *, providing=None, answered_after=None, committed=None,
         delivered=None):
    return Dependency.objects.create(
        programme=cast.programme, needing_team=cast.team,
        providing_team=providing or cast.other_team, what=what, status=status,
        created_at=T0, committed_date=committed,
        answered_at=T0 + answered_after if answered_after else None,
        delivered_at=delivered)


@pytest.mark.clock("2027-03-20T12:00:00+00:00")
def test_kept_late_dropped_and_time_to_answer_per_team_and_level(client, cast):
    made(cast, "on time", "delivered", answered_after=timedelta(hours=2),
         committed=date(2027, 3, 10), delivered=datetime(2027, 3, 10, 15, tzinfo=UTC))
    made(cast, "delivered late", "delivered", answered_after=timedelta(hours=4),
         committed=date(2027, 3, 10), delivered=datetime(2027, 3, 12, 9, tzinfo=UTC))
    made(cast, "still late", "accepted", answered_after=timedelta(hours=6),
         committed=date(2027, 3, 15))
    made(cast, "not needed", "dropped")
    made(cast, "no", "declined", answered_after=timedelta(hours=12))
    sibling = factories.ProgrammeFactory(name="Cards", parent=cast.parent)
    issuing = factories.TeamFactory(programme=sibling, name="Issuing")
    made(cast, "tokens", "requested", providing=issuing)
    Dependency.objects.create(  # before the period: not counted
        programme=cast.programme, needing_team=cast.team, providing_team=cast.other_team,
        what="old", status="dropped", created_at=T0 - timedelta(days=60))

    figures = dependency_metrics(cast.programme, last_days(cast.programme))
    gateway, = [r for r in figures["teams"] if r.label == "Card Gateway"]
    assert (gateway.requested, gateway.answered, gateway.kept, gateway.late, gateway.dropped,
            gateway.declined) == (5, 4, 1, 2, 1, 1)
    assert gateway.answer_hours == 6.0  # (2 + 4 + 6 + 12) / 4
    assert [(r.label, r.requested) for r in figures["levels"]] == [("Cards", 1),
                                                                 ("Payments", 5)]
    assert figures["total"].requested == 6 and figures["total"].answer_hours == 6.0

    client.force_login(cast.msm)
    html = client.get(reverse("feedback:metrics",
                              kwargs={"slug": cast.programme.slug})).content.decode()
    assert "By providing team" in html and "<th scope=\"row\">Card Gateway</th>" in html


@pytest.mark.clock("2027-03-20T12:00:00+00:00")
def test_without_dependencies_the_panel_says_so(client, cast):
    client.force_login(cast.msm)
    html = client.get(reverse("feedback:metrics",
                              kwargs={"slug": cast.programme.slug})).content.decode()
    assert "No dependency requested in these days." in html
