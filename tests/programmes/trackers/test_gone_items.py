"""Items deleted in their tracker, or moved out of the mapped source: a webhook (GitHub
`deleted`/`transferred`, Jira `jira:issue_deleted`) or the daily inventory marks them gone,
and the update draft and the delivery figures stop counting them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from ceremonies.steering.pack import steering_pack
from programmes.models import TrackerConnection, TrackerItem
from programmes.trackers.drafts import draft_for
from programmes.trackers.sync import connection_sync
from tests.ceremonies.steering.test_pack_delivery import AT, sprint, team, tree  # noqa: F401
from tests.programmes.trackers import (
    body_of,
    connect,
    github_delivery,
    github_issue,
    gitlab_issue,
    jira_delivery,
    jira_issue,
    sign,
)

pytestmark = pytest.mark.django_db


def post(client, connection, payload, **headers):
    body = body_of(payload)
    return client.post(reverse("programmes:tracker_webhook", args=[connection.pk]), body,
                       content_type="application/json",
                       headers={**headers, "X-Hub-Signature-256": sign(body),
                                "X-Hub-Signature": sign(body)})


@pytest.fixture
def github(cast, tracker):
    tracker.github["acme/ledger"] = [github_issue(1, "Settle refunds", assignee="ana"),
                                     github_issue(2, "Nightly report", assignee="ana")]
    connection = connect(cast.programme, "github", tracker.url, team=cast.team,
                         source="acme/ledger")
    connection_sync(connection=connection)
    return connection


def test_a_deleted_github_issue_is_gone(client, github):
    issue = github_issue(1, "Settle refunds", assignee="ana")
    answer = post(client, github, github_delivery(issue, action="deleted"),
                  **{"X-GitHub-Event": "issues", "X-GitHub-Delivery": "del-1"})

    assert answer.status_code == 200
    gone = TrackerItem.objects.get(key="#1")
    assert gone.gone_at is not None
    assert TrackerItem.objects.get(key="#2").gone_at is None


def test_a_github_issue_transferred_to_another_repository_is_gone(client, github):
    issue = github_issue(2, "Nightly report", assignee="ana")
    payload = {**github_delivery(issue, action="transferred"),
               "changes": {"new_issue": github_issue(7, "Nightly report", repo="acme/other"),
                           "new_repository": {"full_name": "acme/other"}}}
    post(client, github, payload, **{"X-GitHub-Event": "issues", "X-GitHub-Delivery": "tr-1"})

    assert TrackerItem.objects.get(key="#2").gone_at is not None


def test_a_deleted_jira_issue_is_gone_and_a_stale_update_does_not_bring_it_back(client, cast):
    jira = connect(cast.programme, "jira_cloud", "https://acme.atlassian.net", team=cast.team,
                   source="PAY", username="maya@example.com")
    headers = {"X-Atlassian-Webhook-Identifier": "j-1"}
    post(client, jira, jira_delivery(jira_issue(1, "Settle refunds")), **headers)
    post(client, jira, jira_delivery(jira_issue(1, "Settle refunds"), event="jira:issue_deleted"),
         **{"X-Atlassian-Webhook-Identifier": "j-2"})
    assert TrackerItem.objects.get().gone_at is not None

    late = jira_issue(1, "Settle refunds", updated="2026-11-19T10:00:00.000+0000")
    post(client, jira, jira_delivery(late), **{"X-Atlassian-Webhook-Identifier": "j-0"})

    assert TrackerItem.objects.get().gone_at is not None


@pytest.mark.clock("2026-11-23T12:00:00+00:00")
def test_the_daily_inventory_notices_what_vanished_and_what_came_back(cast, tracker):
    tracker.gitlab["acme/ledger"] = {"issues": [gitlab_issue(1, "Settle refunds"),
                                                gitlab_issue(2, "Nightly report")]}
    connection = connect(cast.programme, "gitlab", tracker.url, team=cast.team,
                         source="acme/ledger")
    connection_sync(connection=connection)
    # GitLab sends no hook for a deleted issue: only a whole listing shows it is missing.
    tracker.gitlab["acme/ledger"] = {"issues": [gitlab_issue(2, "Nightly report")]}
    TrackerConnection.objects.filter(pk=connection.pk).update(
        last_inventory_at=datetime.now(UTC) - timedelta(days=1, minutes=1))
    connection.refresh_from_db()

    connection_sync(connection=connection)

    assert {i.key: i.gone_at is not None for i in TrackerItem.objects.all()} == {
        "#1": True, "#2": False}
    tracker.gitlab["acme/ledger"] = {"issues": [gitlab_issue(1, "Settle refunds",
                                                             updated="2026-11-23T10:00:00Z")]}
    connection.refresh_from_db()
    connection_sync(connection=connection)  # within the day: only what changed is read
    assert TrackerItem.objects.get(key="#1").gone_at is None


def test_a_sync_between_inventories_marks_nothing_gone(cast, tracker):
    tracker.gitlab["acme/ledger"] = {"issues": [gitlab_issue(1, "Settle refunds")]}
    connection = connect(cast.programme, "gitlab", tracker.url, team=cast.team,
                         source="acme/ledger")
    connection_sync(connection=connection)
    tracker.gitlab["acme/ledger"] = {"issues": []}
    connection.refresh_from_db()

    connection_sync(connection=connection)

    assert TrackerItem.objects.get().gone_at is None


def test_the_draft_leaves_gone_items_out(github):
    TrackerItem.objects.filter(key="#1").update(gone_at=datetime.now(UTC))

    draft = draft_for(github.mappings.get().team, since=None)

    assert "Nightly report" in draft.get("next", "")
    assert "Settle refunds" not in "".join(draft.values())


def test_the_delivery_figures_leave_gone_items_out(tree):  # noqa: F811
    before = team(sprint(steering_pack(programme=tree.programme, at=AT), "current"), "Ledger")
    TrackerItem.objects.filter(key="LED-3").update(gone_at=AT)

    after = team(sprint(steering_pack(programme=tree.programme, at=AT), "current"), "Ledger")

    # LED-3 was committed and carried over; gone, it counts in neither.
    assert (before["committed"], before["carry_over"]) == (2, 1)
    assert (after["committed"], after["carry_over"]) == (1, 0)
