"""Reconciliation: beat reads every tracker again, so a change whose webhook was lost appears;
a tracker answering 500 leaves the pages working and shows its error on Integrations."""

import pytest
from django.urls import reverse

from programmes.models import ItemState, TrackerConnection, TrackerItem
from programmes.trackers import tasks
from tests.programmes.trackers import connect, github_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Run each queued sync at once, as a worker would."""
    ran = []

    def run(connection_id):
        ran.append(connection_id)
        tasks.tracker_sync(connection_id)

    monkeypatch.setattr(tasks.tracker_sync, "delay", run)
    return ran


@pytest.fixture
def github(cast, tracker):
    tracker.github["acme/ledger"] = [github_issue(1, "Settle refunds", assignee="ana")]
    return connect(cast.programme, "github", tracker.url, team=cast.team, source="acme/ledger")


@pytest.mark.clock("2026-11-21T09:00:00+00:00")
def test_a_change_whose_webhook_was_lost_appears_after_the_next_sync(github, tracker, queued):
    tasks.trackers_reconcile()
    assert TrackerItem.objects.get().state == ItemState.IN_PROGRESS
    # Closed on GitHub; the webhook never arrived.
    tracker.github["acme/ledger"] = [github_issue(1, "Settle refunds", state="closed",
                                                  updated="2026-11-21T09:00:05Z",
                                                  closed="2026-11-21T09:00:05Z")]

    assert tasks.trackers_reconcile() == 1

    assert TrackerItem.objects.get().state == ItemState.DONE
    assert queued == [github.pk, github.pk]


def test_reconciliation_is_on_the_beat_schedule_within_the_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["trackers-reconcile"]

    assert entry["task"] == "programmes.trackers.tasks.trackers_reconcile"
    assert entry["schedule"] <= 3600


def test_a_connection_with_no_team_mapped_is_not_read(cast, tracker, queued):
    connect(cast.programme, "github", tracker.url)

    assert tasks.trackers_reconcile() == 0
    assert tracker.requests == []


def test_a_tracker_answering_500_shows_its_error_on_integrations(github, tracker, queued,
                                                                 client, cast):
    tasks.trackers_reconcile()
    tracker.failing = 500

    tasks.trackers_reconcile()  # does not raise: the error is kept

    client.force_login(cast.msm)
    page = client.get(reverse("programmes:integrations", args=[cast.programme.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Failing" in html and "The tracker answered HTTP 500" in html
    assert "Retry" in html
    assert TrackerItem.objects.count() == 1


def test_the_teams_pages_still_work_while_the_tracker_is_down(github, tracker, queued,
                                                              client, cast):
    tracker.failing = 500
    tasks.trackers_reconcile()
    client.force_login(cast.scrum_master)

    team_page = reverse("programmes:team", args=[cast.programme.slug, cast.team.slug])
    assert client.get(team_page).status_code == 200
    assert tracker.requests and len(tracker.requests) == 1  # the sync, not the page


def test_a_tracker_that_does_not_answer_fails_quickly(cast, queued):
    connection = connect(cast.programme, "github", "http://127.0.0.1:9", team=cast.team,
                         source="acme/ledger")

    tasks.trackers_reconcile()

    connection.refresh_from_db()
    assert "could not be reached" in connection.last_error


def test_retry_queues_a_sync_and_a_success_clears_the_failure(github, tracker, queued,
                                                               client, cast):
    tracker.failing = 500
    tasks.trackers_reconcile()
    tracker.failing = None
    client.force_login(cast.msm)

    response = client.post(reverse("programmes:tracker_sync",
                                   args=[cast.programme.slug, github.pk]))

    assert response.status_code == 302
    connection = TrackerConnection.objects.get()
    assert not connection.failing and connection.last_synced_at is not None
    html = client.get(reverse("programmes:integrations", args=[cast.programme.slug])
                      ).content.decode()
    assert "Failing" not in html


def test_only_the_msm_may_retry(github, queued, client, cast):
    client.force_login(cast.scrum_master)

    response = client.post(reverse("programmes:tracker_sync",
                                   args=[cast.programme.slug, github.pk]))

    assert response.status_code == 403 and queued == []
