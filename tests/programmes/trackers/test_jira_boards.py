"""Jira boards: a team mapped to a board reads its sprints (Agile API, paged by startAt and
isLast); the items in a sprint when it started are its commitment, and the delivery figures of
such a team count them rather than the items open at the programme's sprint start."""

from datetime import UTC, datetime

import pytest

from ceremonies.steering.pack import steering_pack
from programmes.models import TrackerMapping, TrackerSprint, TrackerSprintItem
from programmes.trackers.sync import connection_sync
from tests.ceremonies.steering.test_pack_delivery import (  # noqa: F401
    AT,
    figures,
    rollup,
    sprint,
    team,
    tree,
)
from tests.programmes.trackers import connect, jira_issue

pytestmark = pytest.mark.django_db

SPRINTS = [  # as GET /rest/agile/1.0/board/{id}/sprint lists them
    {"id": 1, "self": "https://acme.atlassian.net/rest/agile/1.0/sprint/1", "state": "closed",
     "name": "PAY Sprint 1", "startDate": "2026-11-02T09:00:00.000Z",
     "endDate": "2026-11-15T17:00:00.000Z", "completeDate": "2026-11-14T16:00:00.000Z",
     "originBoardId": 42, "goal": "Refunds"},
    {"id": 2, "self": "https://acme.atlassian.net/rest/agile/1.0/sprint/2", "state": "active",
     "name": "PAY Sprint 2", "startDate": "2026-11-16T09:00:00.000Z",
     "endDate": "2026-11-29T17:00:00.000Z", "originBoardId": 42, "goal": ""},
    {"id": 3, "self": "https://acme.atlassian.net/rest/agile/1.0/sprint/3", "state": "future",
     "name": "PAY Sprint 3", "originBoardId": 42},
]


@pytest.fixture
def board(cast, tracker):
    tracker.jira["PAY"] = []
    tracker.boards[42] = SPRINTS
    tracker.sprint_issues[(42, 1)] = [jira_issue(1, "Settle refunds", category="done",
                                                 resolved="2026-11-12T10:00:00.000+0000")]
    tracker.sprint_issues[(42, 2)] = [jira_issue(2, "Reconcile", category="indeterminate"),
                                      jira_issue(3, "Chargebacks"),
                                      jira_issue(4, "Fees", points=3)]
    connection = connect(cast.programme, "jira_cloud", tracker.url, team=cast.team,
                         source="PAY", username="maya@example.com")
    TrackerMapping.objects.update(board=42)
    return connection


def committed(sprint_name):
    return sorted(TrackerSprintItem.objects.filter(sprint__name=sprint_name, committed=True)
                  .values_list("item__key", flat=True))


def test_the_board_s_sprints_are_read_page_by_page(board, tracker):
    connection_sync(connection=board)

    pages = [r[1]["startAt"] for r in tracker.requests if r[0].endswith("/board/42/sprint")]
    assert pages == ["0", "2"]  # two to a page; the second says isLast
    sprints = {s.name: s for s in TrackerSprint.objects.all()}
    assert sprints["PAY Sprint 2"].state == "active"
    assert sprints["PAY Sprint 2"].started_at == datetime(2026, 11, 16, 9, tzinfo=UTC)
    assert sprints["PAY Sprint 1"].ended_at == datetime(2026, 11, 14, 16, tzinfo=UTC)


def test_the_items_in_a_sprint_when_first_seen_are_its_commitment(board, tracker):
    connection_sync(connection=board)

    assert committed("PAY Sprint 1") == ["PAY-1"]
    assert committed("PAY Sprint 2") == ["PAY-2", "PAY-3", "PAY-4"]  # across two pages
    assert not TrackerSprintItem.objects.filter(sprint__name="PAY Sprint 3").exists()


def test_an_item_added_to_a_running_sprint_is_not_committed(board, tracker):
    connection_sync(connection=board)
    tracker.sprint_issues[(42, 2)].append(jira_issue(5, "Late scope"))
    board.refresh_from_db()

    connection_sync(connection=board)

    assert committed("PAY Sprint 2") == ["PAY-2", "PAY-3", "PAY-4"]
    assert TrackerSprintItem.objects.get(item__key="PAY-5").committed is False
    # A closed sprint is read once, when first seen.
    assert sum(r[0].endswith("/sprint/1/issue") for r in tracker.requests) == 1


def test_an_unknown_board_fails_the_sync_with_its_status(board, tracker):
    TrackerMapping.objects.update(board=7)
    from programmes.trackers.http import TrackerError
    with pytest.raises(TrackerError, match="HTTP 404"):
        connection_sync(connection=board)


def board_sprint(mapping, start, end, entries):
    made = TrackerSprint.objects.create(mapping=mapping, external_id=str(start.day),
                                        name=f"Sprint from {start.day}", state="active",
                                        started_at=start, ended_at=end, committed_at=start)
    for item, is_committed in entries:
        TrackerSprintItem.objects.create(sprint=made, item=item, committed=is_committed)


def test_a_board_team_counts_what_its_board_sprint_started_with(tree):  # noqa: F811
    mapping = TrackerMapping.objects.get(source="LED")
    items = {i.key: i for i in mapping.items.all()}
    # LED-4 was opened a day after the programme's sprint started, yet was in the board's
    # sprint when it started (Nov 17); LED-2, added later, is not committed.
    board_sprint(mapping, datetime(2026, 11, 17, 9, tzinfo=UTC),
                 datetime(2026, 11, 28, 17, tzinfo=UTC),
                 [(items["LED-4"], True), (items["LED-3"], True), (items["LED-2"], False)])
    pack = steering_pack(programme=tree.programme, at=AT)
    current, last = sprint(pack, "current"), sprint(pack, "last")

    # committed LED-4 and LED-3; done LED-4 (closed Nov 20, before the board sprint ended);
    # points: LED-3's 2 committed, none done; cycle time unchanged (LED-1 8 d, LED-4 3 d).
    assert figures(team(current, "Ledger")) == (2, 1, 1, 2.0, None, 2, 5.5)
    assert figures(rollup(current, "Payments"))[:3] == (3, 2, 1)
    # No board sprint started in the last programme sprint: the time-based figures stand.
    assert figures(team(last, "Ledger")) == (2, 1, 1, 7.0, 5.0, 1, 11.0)


def test_an_item_closed_after_its_board_sprint_ended_is_carried_over(tree):  # noqa: F811
    mapping = TrackerMapping.objects.get(source="LED")
    items = {i.key: i for i in mapping.items.all()}
    board_sprint(mapping, datetime(2026, 11, 16, 9, tzinfo=UTC),
                 datetime(2026, 11, 19, 17, tzinfo=UTC), [(items["LED-4"], True)])

    current = sprint(steering_pack(programme=tree.programme, at=AT), "current")

    assert figures(team(current, "Ledger"))[:3] == (1, 0, 1)  # LED-4 closed Nov 20
