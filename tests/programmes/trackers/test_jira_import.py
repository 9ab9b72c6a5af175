"""Jira: the import reads a project's issues, Cloud by nextPageToken, Data Center by startAt."""

from base64 import b64encode
from decimal import Decimal

import pytest

from programmes.models import ItemState, TrackerItem
from programmes.trackers.http import TrackerError
from programmes.trackers.sync import connection_sync
from tests.programmes.trackers import connect, jira_issue

pytestmark = pytest.mark.django_db

ISSUES = [
    jira_issue(1, "Settle refunds", category="done", points=3, sprint="PAY Sprint 14",
               resolved="2026-11-19T16:00:00.000+0000"),
    jira_issue(2, "Reconcile nightly", category="indeterminate", points=5,
               sprint="PAY Sprint 14"),
    jira_issue(3, "Holiday feed", category="indeterminate", flagged=True),
    jira_issue(4, "Chargebacks", labels=["blocked"]),
    jira_issue(5, "Idle"),
]


@pytest.fixture
def cloud(cast, tracker):
    tracker.jira["PAY"] = ISSUES
    return connect(cast.programme, "jira_cloud", tracker.url, team=cast.team, source="PAY",
                   username="maya@example.com")


@pytest.fixture
def data_center(cast, tracker):
    tracker.jira["PAY"] = ISSUES
    return connect(cast.programme, "jira_dc", tracker.url, team=cast.team, source="PAY")


def test_cloud_follows_next_page_tokens(cloud, tracker):
    assert connection_sync(connection=cloud) == 5

    tokens = [r[1].get("nextPageToken") for r in tracker.requests if r[0].endswith("/jql")]
    assert tokens == [None, "2", "4"]


def test_cloud_authenticates_with_email_and_api_token(cloud, tracker):
    connection_sync(connection=cloud)

    expected = b64encode(b"maya@example.com:tok-123").decode()
    assert tracker.requests[0][2]["Authorization"] == f"Basic {expected}"


def test_data_center_follows_start_at_to_the_total(data_center, tracker):
    assert connection_sync(connection=data_center) == 5

    searches = [r for r in tracker.requests if r[0].endswith("/search")]
    assert [r[1]["startAt"] for r in searches] == ["0", "2", "4"]
    assert tracker.requests[0][2]["Authorization"] == "Bearer tok-123"


def test_it_reads_state_points_sprint_and_flags(cloud):
    connection_sync(connection=cloud)

    items = {i.key: i for i in TrackerItem.objects.all()}
    assert items["PAY-1"].state == ItemState.DONE and items["PAY-1"].points == Decimal(3)
    assert items["PAY-1"].sprint == "PAY Sprint 14"
    assert items["PAY-1"].url == f"{cloud.base_url}/browse/PAY-1"
    assert items["PAY-2"].state == ItemState.IN_PROGRESS
    assert items["PAY-3"].blocked and items["PAY-4"].blocked and not items["PAY-5"].blocked
    assert items["PAY-5"].state == ItemState.TODO and items["PAY-5"].points is None


def test_an_unknown_project_fails_with_the_status(cast, tracker):
    connection = connect(cast.programme, "jira_cloud", tracker.url, team=cast.team,
                         source="NOPE", username="maya@example.com")

    with pytest.raises(TrackerError, match="HTTP 400"):
        connection_sync(connection=connection)
