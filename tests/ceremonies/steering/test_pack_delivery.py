"""The steering pack's delivery figures from the work trackers equal values computed by hand on
fixed tracker data, per team, per sprint and rolled up the tree; a snapshot freezes them."""

import copy
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremonies.meetings import state as room
from ceremonies.models import Kind, SteeringSnapshot
from ceremonies.steering.pack import steering_pack
from programmes.models import ItemState, Programme, Sprint, TrackerItem, TrackerMapping
from tests.ceremonies.meetings import make_meeting
from tests.factories import ProgrammeFactory, TeamFactory
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # sprint 2 (16–29 Nov) is current, 1 (2–15) last


def day(d: int, month: int = 11) -> datetime:
    return datetime(2026, month, d, 10, 0, tzinfo=UTC)


def add(mapping, key, opened, closed=None, points=None):
    TrackerItem.objects.create(
        mapping=mapping, team=mapping.team, external_id=key, key=key, title=key,
        url=f"https://tracker.example/{key}", opened_at=opened, closed_at=closed,
        updated_at=closed or opened, points=points,
        state=ItemState.DONE if closed else ItemState.IN_PROGRESS)


def mapped(programme, team, source):
    connect(programme, "jira_cloud", "https://acme.atlassian.net", team=team, source=source,
            username="maya@example.com")
    return TrackerMapping.objects.get(source=source)


@pytest.fixture
def tree(cast):
    Programme.objects.filter(pk__in=[cast.parent.pk, cast.programme.pk]).update(
        first_sprint_start=date(2026, 11, 2), sprint_length_days=14, timezone="UTC")
    experience = ProgrammeFactory(name="Experience", parent=cast.parent)
    Programme.objects.filter(pk=experience.pk).update(first_sprint_start=date(2026, 11, 2),
                                                      sprint_length_days=14, timezone="UTC")
    mobile = TeamFactory(programme=experience, name="Mobile")
    ledger = mapped(cast.programme, cast.team, "LED")
    add(ledger, "LED-1", day(10), day(18), points=3)   # current: committed, done; 8 days
    add(ledger, "LED-2", day(1), day(12), points=5)    # last: committed, done; 11 days
    add(ledger, "LED-3", day(1), points=2)             # both: committed, carried over
    add(ledger, "LED-4", day(17), day(20))             # current: not committed; 3 days
    gateway = mapped(cast.programme, cast.other_team, "CARD")
    add(gateway, "CARD-1", day(20, 10), day(19))       # last: carried; current: done; 30 days
    add(gateway, "CARD-2", day(20))                    # opened in the sprint: not committed
    add(mapped(experience, mobile, "MOB"), "MOB-1", day(1), day(17), points=8)  # 16 days
    Sprint.objects.all().delete()  # laid out from the cadence above
    for p in (cast.parent, cast.programme):
        p.refresh_from_db()
    return cast


def sprint(pack, label):
    return next(s for s in pack["now"]["delivery"]["sprints"] if s["label"] == label)


def team(s, name):
    return next(t for t in s["teams"] if t["name"] == name)


def rollup(s, name):
    return next(p for p in s["programmes"] if p["name"] == name)


FIELDS = ("committed", "done", "carry_over", "points_committed", "points_done", "closed",
          "cycle_days")


def figures(row):
    return tuple(row[f] for f in FIELDS)


def test_each_team_in_the_current_sprint(tree):
    current = sprint(steering_pack(programme=tree.programme, at=AT), "current")

    assert (current["number"], current["start"], current["end"]) == (2, "2026-11-16",
                                                                     "2026-11-29")
    assert figures(team(current, "Ledger")) == (2, 1, 1, 5.0, 3.0, 2, 5.5)
    assert figures(team(current, "Card Gateway")) == (1, 1, 0, None, None, 1, 30.0)


def test_each_team_in_the_last_sprint(tree):
    last = sprint(steering_pack(programme=tree.programme, at=AT), "last")

    assert figures(team(last, "Ledger")) == (2, 1, 1, 7.0, 5.0, 1, 11.0)
    assert figures(team(last, "Card Gateway")) == (1, 0, 1, None, None, 0, None)


def test_a_programme_counts_its_teams_items_and_a_parent_its_childrens(tree):
    parent_pack = steering_pack(programme=tree.parent, at=AT)
    current = sprint(parent_pack, "current")

    assert figures(rollup(current, "Payments")) == (3, 2, 1, 5.0, 3.0, 3, 8.0)
    assert figures(rollup(current, "Experience")) == (1, 1, 0, 8.0, 8.0, 1, 16.0)
    # Pooled, not an average of the children's medians: median of 8, 3, 30 and 16 days.
    assert figures(rollup(current, "Northwind")) == (4, 3, 1, 13.0, 11.0, 4, 12.0)


def test_a_tree_without_trackers_has_no_delivery_figures_rather_than_zeros(cast):
    assert steering_pack(programme=cast.programme, at=AT)["now"]["delivery"] is None


def test_the_pack_page_shows_the_figures_and_what_they_count(client, tree):
    make_meeting(tree.programme, kind=Kind.STEERING, minutes=60,
                 day=timezone.localdate() + timedelta(days=1))
    client.force_login(tree.msm)

    html = client.get(reverse("ceremonies:steering_pack", args=[tree.programme.slug])
                      ).content.decode()

    assert "Delivery from the work trackers" in html
    assert "Committed: the team's tracker items open when the sprint started" in html


def test_the_delivery_figures_cost_two_queries_for_any_number_of_teams(tree):
    with CaptureQueriesContext(connection) as few:
        steering_pack(programme=tree.parent, at=AT)
    experience = Programme.objects.get(name="Experience")
    for n in range(8):
        more = TeamFactory(programme=experience, name=f"Team {n}")
        add(mapped(experience, more, f"T{n}"), f"T{n}-1", day(1), day(18), points=1)

    with CaptureQueriesContext(connection) as many:
        steering_pack(programme=tree.parent, at=AT)

    assert len(many) == len(few)
    assert sum("trackeritem" in q["sql"] for q in many.captured_queries) == 2


def test_a_snapshot_freezes_the_delivery_figures(cast, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    Programme.objects.filter(pk=cast.programme.pk).update(
        first_sprint_start=today - timedelta(days=20), sprint_length_days=14)
    Sprint.objects.all().delete()
    cast.programme.refresh_from_db()
    ledger = mapped(cast.programme, cast.team, "LED")
    add(ledger, "LED-1", timezone.now() - timedelta(days=30), points=Decimal(5))
    meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)
    room.meeting_start(meeting=meeting, by=cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        room.meeting_end(meeting=meeting, by=cast.msm)
    frozen = SteeringSnapshot.objects.get(meeting=meeting).data
    kept = copy.deepcopy(frozen["now"]["delivery"])
    assert figures(team(sprint(frozen, "current"), "Ledger"))[:3] == (1, 0, 1)

    TrackerItem.objects.update(state=ItemState.DONE, closed_at=timezone.now())

    live = steering_pack(programme=cast.programme)
    assert figures(team(sprint(live, "current"), "Ledger"))[:3] == (1, 1, 0)
    assert SteeringSnapshot.objects.get(meeting=meeting).data["now"]["delivery"] == kept
