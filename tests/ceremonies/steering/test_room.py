"""The Steering Committee's room: its pack by agenda item, and decisions routed down."""

from datetime import date

import pytest
from django.urls import reverse

from ceremonies.meetings import record
from ceremonies.meetings import state as room
from ceremonies.models import Decision, Kind
from ceremonies.steering import services as steering
from feedback.models import FeedbackItem
from feedback.selectors import inbox
from tests.ceremonies.meetings import make_meeting
from tests.factories import TeamFactory
from tests.programmes.pickers import labels, pick, pick_url


def url(meeting, name, **kwargs):
    return reverse(f"ceremonies:{name}",
                   kwargs={"slug": meeting.programme.slug, "pk": meeting.pk, **kwargs})


@pytest.fixture
def meeting(cast):
    steering.objective_create(programme=cast.programme, by=cast.msm, title="Instant payouts",
                              target_date=date(2027, 3, 1), progress=40)
    return make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)


def test_the_room_shows_the_pack_section_of_the_current_item(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_next(meeting=meeting, by=cast.msm)
    client.force_login(cast.stakeholder)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'class="panel pack-section is-current" id="pack-going"' in page
    assert 'href="#pack-going">The pack: Where are we going?' in page
    assert "Instant payouts" in page


def test_the_live_poll_of_a_steering_committee_costs_what_any_poll_costs(
        client, cast, meeting, django_assert_num_queries):
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.stakeholder)
    with django_assert_num_queries(7):
        response = client.get(url(meeting, "live"), {"v": 0})
    assert 'data-pack-section="now"' in response.content.decode()


def test_a_decision_on_a_pack_item_goes_down_to_the_teams_it_affects(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    objective = cast.programme.objectives.get()
    client.force_login(cast.msm)
    response = client.post(url(meeting, "decision"), {
        "text": "Freeze releases in December", "pack_item": f"objective:{objective.pk}",
        "teams": [cast.team.pk, cast.other_team.pk]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.pack_label == "Objective: Instant payouts"
    item = decision.routed.get()
    assert (item.kind, item.direction, item.level, item.state) == (
        "decision", "down", "team", "routed")
    assert {a.team for a in item.addressees.all()} == {cast.team, cast.other_team}
    for sm in (cast.scrum_master, cast.other_scrum_master):
        assert item in inbox(sm)["waiting_for_me"]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Card Gateway not yet; Ledger not yet." in page


def test_a_decision_for_no_team_is_only_recorded(cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    decision = record.decision_record(meeting=meeting, by=cast.msm, text="Noted")
    assert not decision.routed.exists() and not FeedbackItem.objects.exists()


def test_a_team_outside_the_programme_is_refused_and_the_text_kept(client, cast, meeting):
    stranger = TeamFactory(programme=cast.other_programme, name="Strangers")
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    response = client.post(url(meeting, "decision"), {"text": "Typed decision",
                                                      "teams": [stranger.pk]})
    assert response.status_code == 400
    assert "Typed decision" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_stakeholder_does_not_record_decisions(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.stakeholder)
    response = client.post(url(meeting, "decision"), {"text": "Mine", "teams": [cast.team.pk]})
    assert response.status_code == 403
    assert not FeedbackItem.objects.exists()


def test_a_parent_decides_for_teams_of_its_children(cast):
    sibling_team = TeamFactory(programme=cast.other_programme, name="Outside")
    meeting = make_meeting(cast.parent, kind=Kind.STEERING, minutes=60)
    room.meeting_start(meeting=meeting, by=cast.parent_msm)
    decision = record.decision_record(meeting=meeting, by=cast.parent_msm, text="Go",
                                      teams=[cast.team])
    assert decision.routed.get().programme == cast.programme
    with pytest.raises(room.RoomError):
        record.decision_record(meeting=meeting, by=cast.parent_msm, text="No",
                               teams=[sibling_team])


def test_an_ended_steering_committee_shows_its_frozen_pack(client, cast, meeting,
                                                          django_capture_on_commit_callbacks):
    room.meeting_start(meeting=meeting, by=cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        room.meeting_end(meeting=meeting, by=cast.msm)
    client.force_login(cast.stakeholder)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "frozen when the meeting ended" in page


def test_a_parents_room_offers_each_childs_teams_named_with_their_programme(client, cast):
    meeting = make_meeting(cast.parent, kind=Kind.STEERING, minutes=60)
    room.meeting_start(meeting=meeting, by=cast.parent_msm)
    client.force_login(cast.parent_msm)
    page = client.get(meeting.get_absolute_url()).content.decode()
    form = page.split('id="decision-form"')[1].split("</form>")[0]
    search = f"{pick_url(cast.parent, 'meeting-teams')}?meeting={meeting.pk}"
    assert f'data-url="{search}"' in form
    assert labels(pick(client, cast.parent, "meeting-teams", meeting=meeting.pk)) == [
        "Card Gateway (Payments)", "Ledger (Payments)"]
