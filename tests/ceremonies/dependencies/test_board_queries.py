"""The dependency board and list, and the impediment backlog, cost the same queries for 5
teams and for 150 with a year of history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.models import Dependency
from feedback.models import FeedbackItem
from programmes.models import Team
from programmes.services import sprints_ensure

STATUSES = ["requested", "accepted", "countered", "declined", "delivered", "dropped"]


def build(cast, teams: int, days: int) -> None:
    """Teams with a dependency on their neighbour every few days for `days`, and an open
    impediment or risk per team in the backlog (half of them placed)."""
    made = Team.objects.bulk_create(
        Team(programme=cast.programme, name=f"Squad {n:03}", slug=f"squad-{n}")
        for n in range(teams))
    today, now = cast.programme.today(), timezone.now()
    sprints_ensure(programme=cast.programme, through=today + timedelta(days=60))
    Dependency.objects.bulk_create(
        (Dependency(programme=cast.programme, needing_team=team,
                    providing_team=made[(n + 1) % len(made)], what=f"Contract {day}",
                    status=(status := STATUSES[(n + day) % len(STATUSES)]),
                    needed_by=today + timedelta(days=day % 40 - 20),
                    committed_date=(today + timedelta(days=day % 40 - 20)
                                    if status in ("accepted", "countered", "delivered")
                                    else None),
                    created_at=now - timedelta(days=day))
         for n, team in enumerate(made) for day in range(0, days, 7)), batch_size=5000)
    FeedbackItem.objects.bulk_create(
        FeedbackItem(programme=cast.programme, kind=["impediment", "risk"][n % 2],
                     title=f"Item {n}", direction="up", origin="team", origin_team=team,
                     raised_by=cast.msm, owner=cast.msm, level="programme",
                     holder_programme=cast.programme, state="routed",
                     backlog_position=n + 1 if n % 2 else None,
                     raised_at=now - timedelta(days=n), routed_at=now - timedelta(days=n))
        for n, team in enumerate(made))


PAGES = [("ceremonies:dependencies", {}, 10), ("ceremonies:dependencies", {"view": "list"}, 10),
         ("feedback:backlog", {}, 9)]


@pytest.mark.parametrize(("teams", "days"), [(5, 30), (150, 365)])
@pytest.mark.parametrize(("name", "query", "queries"), PAGES)
def test_the_page_costs_the_same_whatever_the_size(client, cast, django_assert_num_queries,
                                                   teams, days, name, query, queries):
    build(cast, teams, days)
    client.force_login(cast.msm)
    url = reverse(name, kwargs={"slug": cast.programme.slug})
    # session, user, programme, 2 access, the page header's; the board: sprints, teams, open
    # dependencies; the list: its count and page, the viewer's teams. The backlog: its items,
    # their ROAM history (one prefetch)
    with django_assert_num_queries(queries):
        response = client.get(url, query)
    assert response.status_code == 200


def test_the_board_draws_each_open_dependency_once_and_late_ones_in_red(client, cast):
    build(cast, 5, 30)
    client.force_login(cast.msm)
    html = client.get(reverse("ceremonies:dependencies",
                              kwargs={"slug": cast.programme.slug})).content.decode()
    shown = Dependency.objects.filter(status__in=Dependency.OPEN_STATUSES).count()
    late = sum(d.is_late(cast.programme.today()) for d in Dependency.objects.all())
    assert f"Board: {shown} open, {late} late" in html
    assert html.count('class="dep-chip') == shown
    assert html.count("dep-chip state-accepted late") == late
