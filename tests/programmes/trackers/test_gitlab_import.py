"""GitLab: the import reads every page of a project's issues and merge requests."""

import pytest

from programmes.models import ItemState, TrackerItem
from programmes.trackers.http import TrackerError
from programmes.trackers.sync import connection_sync
from tests.programmes.trackers import connect, gitlab_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def gitlab(cast, tracker):
    tracker.gitlab["acme/ledger"] = {
        "issues": [
            gitlab_issue(1, "Settle refunds", state="closed",
                         closed="2026-11-19T16:00:00.000Z"),
            gitlab_issue(2, "Reconcile nightly", assignee="ana"),
            gitlab_issue(3, "Holiday feed", labels=["Blocked"]),
        ],
        "merge_requests": [
            gitlab_issue(1, "Refund API", merge_request=True, state="merged",
                         merged="2026-11-19T17:00:00.000Z"),
            gitlab_issue(2, "Draft: retry", merge_request=True),
        ],
    }
    return connect(cast.programme, "gitlab", tracker.url, team=cast.team, source="acme/ledger")


def test_it_follows_x_next_page_through_issues_and_merge_requests(gitlab, tracker):
    assert connection_sync(connection=gitlab) == 5

    paths = [r[0] for r in tracker.requests]
    assert paths.count("/api/v4/projects/acme%2Fledger/issues") == 2
    assert paths.count("/api/v4/projects/acme%2Fledger/merge_requests") == 1


def test_it_sends_the_private_token(gitlab, tracker):
    connection_sync(connection=gitlab)

    assert tracker.requests[0][2]["PRIVATE-TOKEN"] == "tok-123"


def test_it_reads_the_state_of_each_item(gitlab):
    connection_sync(connection=gitlab)

    items = {i.key: i for i in TrackerItem.objects.all()}
    assert items["#1"].state == ItemState.DONE
    assert items["#2"].state == ItemState.IN_PROGRESS
    assert items["#3"].blocked and items["#3"].state == ItemState.TODO
    assert items["!1"].state == ItemState.DONE and items["!1"].is_change
    assert items["!1"].url == "https://gitlab.com/acme/ledger/-/merge_requests/1"
    assert items["!2"].state == ItemState.IN_PROGRESS


def test_it_waits_out_a_429(gitlab, tracker):
    tracker.limited = [1]

    assert connection_sync(connection=gitlab) == 5
    assert tracker.pauses == [1.0]


def test_a_server_error_is_kept_on_the_connection(gitlab, tracker):
    tracker.failing = 502

    with pytest.raises(TrackerError, match="HTTP 502"):
        connection_sync(connection=gitlab)

    gitlab.refresh_from_db()
    assert "HTTP 502" in gitlab.last_error and gitlab.last_synced_at is None
