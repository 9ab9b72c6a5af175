"""The meeting room's pickers, ready for its forms: an action's owner among the programme's
people, a decision's teams across the programme's tree; the facilitator's, as the forms are."""

from ceremonies.models import Meeting
from tests import factories
from tests.ceremonies.meetings import make_meeting
from tests.programmes.pickers import labels, pick


def test_the_facilitator_searches_an_action_owner(cast, client):
    meeting = make_meeting(cast.programme)
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "meeting-people", "sam",
                       meeting=meeting.pk)) == ["Sam SM"]


def test_someone_the_msm_delegated_the_meeting_to_does_too(cast, client):
    meeting = make_meeting(cast.programme)
    Meeting.objects.filter(pk=meeting.pk).update(facilitator=cast.scrum_master)
    client.force_login(cast.scrum_master)
    assert pick(client, cast.programme, "meeting-people", meeting=meeting.pk).status_code == 200


def test_an_invited_scrum_master_may_not(cast, client):
    meeting = make_meeting(cast.programme)
    client.force_login(cast.scrum_master)
    assert pick(client, cast.programme, "meeting-people", meeting=meeting.pk).status_code == 403
    assert pick(client, cast.programme, "meeting-teams", meeting=meeting.pk).status_code == 403


def test_a_decision_reaches_teams_of_the_whole_tree_named_with_their_programme(cast, client):
    cards = factories.ProgrammeFactory(name="Cards", parent=cast.programme)
    factories.TeamFactory(programme=cards, name="Vault")
    factories.TeamFactory(programme=cast.other_programme, name="Vault Elsewhere")
    meeting = make_meeting(cast.programme)
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "meeting-teams", meeting=meeting.pk)) == [
        "Card Gateway", "Ledger", "Vault (Cards)"]
    assert labels(pick(client, cast.programme, "meeting-teams", "cards", meeting=meeting.pk)
                  ) == ["Vault (Cards)"]  # found by its programme's name too


def test_a_meeting_of_another_programme_does_not_exist_here(cast, client):
    theirs = make_meeting(cast.other_programme)
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "meeting-people", meeting=theirs.pk).status_code == 404
