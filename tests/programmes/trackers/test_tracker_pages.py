"""The MSM connects a tracker and maps its sources to teams; credentials are stored encrypted
and never shown again."""

import pytest
from django.db import connection as db
from django.urls import reverse

from programmes.models import AuditEntry, TrackerConnection, TrackerMapping
from programmes.trackers import tasks
from tests.factories import TeamFactory, make_msm
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db

TOKEN = "ghp_verysecrettoken1234"
HOOK_SECRET = "hook-secret-5678"


def url(name, cast, *args):
    return reverse(f"programmes:{name}", args=[cast.programme.slug, *args])


@pytest.fixture
def msm(client, cast):
    client.force_login(cast.msm)
    return client


def add(msm, cast, **fields):
    data = {"name": "Payments GitHub", "kind": "github", "base_url": "https://api.github.com",
            "username": "", "token": TOKEN, "webhook_secret": HOOK_SECRET, **fields}
    return msm.post(url("tracker_add", cast), data)


def test_the_msm_connects_a_tracker(msm, cast):
    response = add(msm, cast)

    connection = TrackerConnection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("tracker_edit", cast, connection.pk)
    assert (connection.token, connection.webhook_secret) == (TOKEN, HOOK_SECRET)
    assert AuditEntry.objects.filter(action="tracker.connect").exists()


def test_the_credentials_are_encrypted_at_rest(msm, cast):
    add(msm, cast)

    with db.cursor() as cursor:
        cursor.execute("SELECT token, webhook_secret FROM programmes_trackerconnection")
        stored = cursor.fetchone()
    assert TOKEN not in stored[0] and HOOK_SECRET not in stored[1]


def test_the_credentials_are_never_shown_again(msm, cast):
    add(msm, cast)
    connection = TrackerConnection.objects.get()

    pages = [msm.get(url("tracker_edit", cast, connection.pk)).content.decode(),
             msm.get(url("integrations", cast)).content.decode()]

    for page in pages:
        assert TOKEN not in page and HOOK_SECRET not in page
    assert "Set: leave empty to keep it" in pages[0]
    assert not any(TOKEN in entry.summary for entry in AuditEntry.objects.all())


def test_saving_with_the_token_left_empty_keeps_it(msm, cast):
    add(msm, cast)
    connection = TrackerConnection.objects.get()

    response = msm.post(url("tracker_edit", cast, connection.pk), {
        "name": "Renamed", "kind": "github", "base_url": "https://api.github.com",
        "username": "", "token": "", "webhook_secret": ""})

    assert response.status_code == 302
    connection.refresh_from_db()
    assert (connection.name, connection.token, connection.webhook_secret) == (
        "Renamed", TOKEN, HOOK_SECRET)


def test_a_new_token_replaces_the_old_one(msm, cast):
    add(msm, cast)
    connection = TrackerConnection.objects.get()

    msm.post(url("tracker_edit", cast, connection.pk), {
        "name": "Payments GitHub", "kind": "github", "base_url": "https://api.github.com",
        "token": "ghp_new", "webhook_secret": ""})

    connection.refresh_from_db()
    assert connection.token == "ghp_new"
    assert "replaced: token" in AuditEntry.objects.get(action="tracker.change").summary


def test_a_first_connection_needs_a_token_and_keeps_what_was_typed(msm, cast):
    response = add(msm, cast, token="", name="Keep me")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the token" in html and 'value="Keep me"' in html
    assert not TrackerConnection.objects.exists()


def test_jira_cloud_needs_the_account_email(msm, cast):
    response = add(msm, cast, kind="jira_cloud", base_url="https://acme.atlassian.net")

    assert response.status_code == 400
    assert "email address" in response.content.decode()


def test_two_connections_may_not_share_a_name(msm, cast):
    add(msm, cast)

    response = add(msm, cast)

    assert response.status_code == 400
    assert TrackerConnection.objects.count() == 1


def test_the_msm_maps_a_repository_to_a_team(msm, cast, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.tracker_sync, "delay", queued.append)
    connection = connect(cast.programme, "github", "https://api.github.com")

    response = msm.post(url("tracker_mapping_add", cast, connection.pk),
                        {"map-team": cast.team.pk, "map-source": "acme/ledger"})

    assert response.status_code == 302
    mapping = TrackerMapping.objects.get()
    assert (mapping.team, mapping.source) == (cast.team, "acme/ledger")
    assert queued == [connection.pk]


def test_a_source_maps_to_one_team_only(msm, cast):
    connection = connect(cast.programme, "github", "https://api.github.com", team=cast.team,
                         source="acme/ledger")

    response = msm.post(url("tracker_mapping_add", cast, connection.pk),
                        {"map-team": cast.other_team.pk, "map-source": "acme/ledger"})

    assert response.status_code == 400
    assert "already mapped" in response.content.decode()
    assert TrackerMapping.objects.get().team == cast.team


def test_a_team_of_another_programme_cannot_be_mapped(msm, cast):
    elsewhere = TeamFactory(programme=cast.other_programme)
    connection = connect(cast.programme, "github", "https://api.github.com")

    response = msm.post(url("tracker_mapping_add", cast, connection.pk),
                        {"map-team": elsewhere.pk, "map-source": "acme/ledger"})

    assert response.status_code == 400
    assert not TrackerMapping.objects.exists()


def test_the_msm_unmaps_and_removes(msm, cast):
    connection = connect(cast.programme, "github", "https://api.github.com", team=cast.team,
                         source="acme/ledger")
    mapping = connection.mappings.get()

    msm.post(url("tracker_mapping_remove", cast, connection.pk, mapping.pk))
    assert not TrackerMapping.objects.exists()
    msm.post(url("tracker_remove", cast, connection.pk))
    assert not TrackerConnection.objects.exists()


def test_a_scrum_master_may_not_connect_a_tracker(client, cast):
    client.force_login(cast.scrum_master)

    assert add(client, cast).status_code == 403
    assert not TrackerConnection.objects.exists()


def test_another_programmes_msm_cannot_see_the_connection(client, cast):
    connection = connect(cast.programme, "github", "https://api.github.com")
    client.force_login(cast.outsider)

    assert client.get(url("tracker_edit", cast, connection.pk)).status_code == 404


def test_a_connection_is_reached_only_through_its_own_programme(client, cast):
    theirs = connect(cast.other_programme, "github", "https://api.github.com")
    client.force_login(make_msm(cast.programme))

    assert client.get(url("tracker_edit", cast, theirs.pk)).status_code == 404
