"""GitHub: the import reads every page of a repository's issues and pull requests."""

from datetime import UTC, datetime

import pytest

from programmes.models import ItemState, TrackerConnection, TrackerItem
from programmes.trackers.http import TrackerError
from programmes.trackers.sync import connection_sync
from tests.programmes.trackers import connect, github_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def github(cast, tracker):
    tracker.github["acme/ledger"] = [
        github_issue(1, "Settle card refunds", state="closed", closed="2026-11-19T16:00:00Z"),
        github_issue(2, "Reconcile ledger nightly", assignee="ana"),
        github_issue(3, "Idle issue"),
        github_issue(4, "Refund API", pull=True, state="closed",
                     closed="2026-11-19T17:00:00Z", merged="2026-11-19T17:00:00Z"),
        github_issue(5, "Bank holidays feed", labels=["blocked"], assignee="ana"),
    ]
    return connect(cast.programme, "github", tracker.url, team=cast.team, source="acme/ledger")


def test_it_imports_every_page(github, tracker):
    assert connection_sync(connection=github) == 5

    assert TrackerItem.objects.count() == 5
    assert len([r for r in tracker.requests if r[0] == "/repos/acme/ledger/issues"]) == 3


def test_it_sends_the_token_and_the_api_version(github, tracker):
    connection_sync(connection=github)

    headers = tracker.requests[0][2]
    assert headers["Authorization"] == "Bearer tok-123"
    assert headers["X-GitHub-Api-Version"] == "2022-11-28"


def test_it_reads_the_state_of_each_item(github, cast):
    connection_sync(connection=github)

    items = {i.key: i for i in TrackerItem.objects.filter(team=cast.team)}
    assert items["#1"].state == ItemState.DONE
    assert items["#1"].closed_at == datetime(2026, 11, 19, 16, tzinfo=UTC)
    assert items["#2"].state == ItemState.IN_PROGRESS
    assert items["#3"].state == ItemState.TODO
    assert items["#4"].is_change and items["#4"].state == ItemState.DONE
    assert items["#4"].url == "https://github.com/acme/ledger/pull/4"
    assert items["#5"].blocked and not items["#2"].blocked


def test_a_second_sync_asks_only_for_what_changed(github, tracker):
    connection_sync(connection=github)
    tracker.requests.clear()

    connection_sync(connection=TrackerConnection.objects.get())

    assert "since" in tracker.requests[0][1]
    assert TrackerItem.objects.count() == 5


def test_it_waits_out_a_rate_limit_and_carries_on(github, tracker):
    tracker.limited = [2]

    assert connection_sync(connection=github) == 5
    assert tracker.pauses == [2.0]


def test_a_rate_limit_too_long_fails_this_sync_only(github, tracker):
    tracker.limited = [3600]

    with pytest.raises(TrackerError, match="Rate limited"):
        connection_sync(connection=github)

    github.refresh_from_db()
    assert "Rate limited" in github.last_error
    assert github.failing and tracker.pauses == []


def test_refused_credentials_are_kept_as_the_error_and_items_stay(github, tracker):
    connection_sync(connection=github)
    tracker.failing = 401

    with pytest.raises(TrackerError):
        connection_sync(connection=TrackerConnection.objects.get())

    github.refresh_from_db()
    assert "refused the credentials" in github.last_error
    assert TrackerItem.objects.count() == 5


def test_an_unknown_repository_says_so(cast, tracker):
    connection = connect(cast.programme, "github", tracker.url, team=cast.team,
                         source="acme/gone")

    with pytest.raises(TrackerError, match="404"):
        connection_sync(connection=connection)
