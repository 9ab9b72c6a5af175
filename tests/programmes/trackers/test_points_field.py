"""Jira story points: read from the field Jira's field list names "Story Points" or "Story
point estimate", unless the MSM sets the field's id on the connection."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.models import TrackerConnection, TrackerItem
from programmes.trackers.sync import connection_sync
from tests.programmes.trackers import connect, jira_issue

pytestmark = pytest.mark.django_db


def issue_with(points: dict):
    issue = jira_issue(1, "Settle refunds")
    issue["fields"].update(points)
    return issue


@pytest.fixture
def jira(cast, tracker):
    tracker.jira["PAY"] = [issue_with({"customfield_10016": 3, "customfield_10412": 8,
                                       "customfield_10002": 5})]
    return connect(cast.programme, "jira_dc", tracker.url, team=cast.team, source="PAY")


def field_lookups(tracker):
    return sum(r[0].endswith("/field") for r in tracker.requests)


def test_the_field_named_story_points_is_found_once_and_kept(jira, tracker):
    tracker.jira_fields = [{"id": "customfield_10412", "name": "Story Points", "custom": True},
                           {"id": "summary", "name": "Summary", "custom": False}]

    connection_sync(connection=jira)
    jira.refresh_from_db()
    connection_sync(connection=jira)

    assert TrackerItem.objects.get().points == Decimal(8)
    assert jira.points_field_found == "customfield_10412"
    assert field_lookups(tracker) == 1
    assert [r[0] for r in tracker.requests if r[0].endswith("/field")] == ["/rest/api/2/field"]


def test_the_msm_s_field_wins_and_nothing_is_looked_up(jira, tracker):
    TrackerConnection.objects.filter(pk=jira.pk).update(points_field="customfield_10002")
    jira.refresh_from_db()

    connection_sync(connection=jira)

    assert TrackerItem.objects.get().points == Decimal(5)
    assert field_lookups(tracker) == 0


def test_no_named_field_falls_back_to_the_usual_ids(jira, tracker):
    tracker.jira_fields = [{"id": "summary", "name": "Summary", "custom": False}]

    connection_sync(connection=jira)

    assert TrackerItem.objects.get().points == Decimal(3)  # customfield_10016


def edit(client, cast, connection, **fields):
    data = {"name": connection.name, "kind": connection.kind, "base_url": connection.base_url,
            "username": "", "token": "", "webhook_secret": "", "points_field": "", **fields}
    return client.post(reverse("programmes:tracker_edit",
                               args=[cast.programme.slug, connection.pk]), data)


def test_the_msm_sets_the_field_on_the_connection_form(client, cast, jira):
    client.force_login(cast.msm)
    TrackerConnection.objects.filter(pk=jira.pk).update(last_inventory_at="2026-11-20T10:00Z")

    response = edit(client, cast, jira, points_field="customfield_10002")

    assert response.status_code == 302
    jira.refresh_from_db()
    assert jira.points_field == "customfield_10002"
    assert jira.last_inventory_at is None  # the next sync reads every item with it


def test_a_malformed_field_id_is_refused_and_kept(client, cast, jira):
    client.force_login(cast.msm)

    response = edit(client, cast, jira, points_field="Story Points; DROP")

    assert response.status_code == 400
    html = response.content.decode()
    assert "e.g. customfield_10016" in html and 'value="Story Points; DROP"' in html


def test_a_github_connection_has_no_points_field(client, cast):
    github = connect(cast.programme, "github", "https://api.github.com")
    client.force_login(cast.msm)

    response = edit(client, cast, github, points_field="customfield_10002")

    assert response.status_code == 400
    assert "Only Jira has a story-points field" in response.content.decode()


def test_the_msm_maps_a_team_to_a_jira_board(client, cast, jira, monkeypatch):
    from programmes.trackers import tasks
    monkeypatch.setattr(tasks.tracker_sync, "delay", lambda pk: None)
    client.force_login(cast.msm)
    url = reverse("programmes:tracker_mapping_add", args=[cast.programme.slug, jira.pk])

    response = client.post(url, {"map-team": cast.other_team.pk, "map-source": "CARD",
                                 "map-board": "42"})

    assert response.status_code == 302
    assert jira.mappings.get(source="CARD").board == 42
    page = client.get(reverse("programmes:tracker_edit", args=[cast.programme.slug, jira.pk]))
    assert "board 42" in page.content.decode()


def test_a_board_on_a_github_connection_is_refused(client, cast):
    github = connect(cast.programme, "github", "https://api.github.com")
    client.force_login(cast.msm)
    url = reverse("programmes:tracker_mapping_add", args=[cast.programme.slug, github.pk])

    response = client.post(url, {"map-team": cast.team.pk, "map-source": "acme/ledger",
                                 "map-board": "42"})

    assert response.status_code == 400
    assert "Only a Jira connection has boards" in response.content.decode()
