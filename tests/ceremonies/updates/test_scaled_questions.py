"""The update form asks the Scrum@Scale questions: is our team doing anything that will stop
another team (naming it), and have we found a new dependency or a way to resolve one."""

from datetime import timedelta

import pytest

from ceremonies.models import Dependency, StopNotice
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_naming_a_team_we_may_stop_records_it_and_an_edit_replaces_it(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(
        meeting=meeting, stop_team_1=cast.other_team.pk, stop_what_1="Schema freeze"))
    assert [(s.team, s.what) for s in StopNotice.objects.all()] == [
        (cast.other_team, "Schema freeze")]
    html = client.get(form_url(cast.team)).content.decode()
    assert 'value="Schema freeze"' in html  # the edit form shows what was said
    client.post(form_url(cast.team), form_data(version=1, meeting=meeting))
    assert not StopNotice.objects.exists()


def test_a_team_without_what_it_stops_keeps_what_was_typed(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, done="Keep me", stop_team_1=cast.other_team.pk))
    html = response.content.decode()
    assert response.status_code == 400 and "Say how your team may stop this team." in html
    assert "Keep me" in html and not StopNotice.objects.exists()


def test_our_own_team_cannot_be_named(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, stop_team_1=cast.team.pk, stop_what_1="Ourselves"))
    assert response.status_code == 400 and not StopNotice.objects.exists()


def test_marking_needs_resolved_delivers_the_accepted_and_drops_the_unanswered(
        client, cast, meeting):
    accepted = Dependency.objects.create(
        programme=cast.programme, needing_team=cast.team, providing_team=cast.other_team,
        what="Card API v2", status="accepted",
        committed_date=cast.programme.today() + timedelta(days=3))
    asked = Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                                      providing_team=cast.other_team, what="A review")
    client.force_login(cast.scrum_master)
    assert "Have we found a way to resolve a dependency?" in client.get(
        form_url(cast.team)).content.decode()
    client.post(form_url(cast.team), form_data(meeting=meeting,
                                               resolved=[accepted.pk, asked.pk]))
    accepted.refresh_from_db()
    asked.refresh_from_db()
    assert (accepted.status, asked.status) == ("delivered", "dropped")


def test_another_teams_need_cannot_be_marked_resolved(client, cast, meeting):
    theirs = Dependency.objects.create(programme=cast.programme, needing_team=cast.other_team,
                                       providing_team=cast.team, what="Ledger feed")
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(meeting=meeting,
                                                           resolved=[theirs.pk]))
    assert response.status_code == 400
    assert Dependency.objects.get().status == "requested"
