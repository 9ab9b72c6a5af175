"""A Steering Committee's pack is frozen when it ends, and never changes afterwards."""

import copy
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ceremonies.meetings import state as room
from ceremonies.models import DailyUpdate, Kind, SteeringSnapshot
from ceremonies.steering import services as steering
from feedback import services as feedback
from tests.ceremonies.meetings import make_meeting


@pytest.fixture
def ended(cast, django_capture_on_commit_callbacks):
    objective = steering.objective_create(programme=cast.programme, by=cast.msm,
                                          title="Instant payouts", target_date=date(2027, 3, 1),
                                          progress=30)
    meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)
    room.meeting_start(meeting=meeting, by=cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        room.meeting_end(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    return meeting, objective


def test_ending_a_steering_committee_freezes_its_pack(ended):
    meeting, _ = ended
    snapshot = SteeringSnapshot.objects.get(meeting=meeting)
    assert snapshot.programme == meeting.programme
    assert snapshot.taken_at == meeting.ended_at
    assert [o["progress"] for o in snapshot.data["going"]["objectives"]] == [30]
    assert snapshot.data["meeting"]["id"] == meeting.pk


def test_the_snapshot_stays_unchanged_when_live_data_moves_on(cast, ended):
    meeting, objective = ended
    frozen = copy.deepcopy(SteeringSnapshot.objects.get(meeting=meeting).data)
    steering.objective_update(objective=objective, by=cast.msm, progress=90,
                              status="at_risk")
    feedback.impediment_raise(programme=cast.programme, team=cast.team, title="SIT down",
                              raised_by=cast.scrum_master)
    sos = make_meeting(cast.programme, day=date(2026, 11, 25))
    DailyUpdate.objects.create(team=cast.team, meeting=sos, health="red")
    again = steering.snapshot_take(meeting=meeting, at=timezone.now() + timedelta(days=1))
    assert again.data == frozen
    assert SteeringSnapshot.objects.get(meeting=meeting).data == frozen
    assert SteeringSnapshot.objects.filter(meeting=meeting).count() == 1


def test_the_snapshot_page_shows_the_frozen_figures(client, cast, ended):
    meeting, objective = ended
    steering.objective_update(objective=objective, by=cast.msm, progress=90)
    snapshot = meeting.steering_snapshot
    client.force_login(cast.stakeholder)
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "It never changes" in page and "30%" in page and "90%" not in page


def test_another_programmes_snapshot_is_not_found(client, cast, ended):
    client.force_login(cast.outsider)
    assert client.get(ended[0].steering_snapshot.get_absolute_url()).status_code == 404


def test_ending_another_kind_of_meeting_takes_no_snapshot(cast,
                                                          django_capture_on_commit_callbacks):
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        room.meeting_end(meeting=meeting, by=cast.msm)
    assert not SteeringSnapshot.objects.exists()


def test_the_next_pack_compares_with_the_snapshot(cast, ended):
    from ceremonies.steering.pack import steering_pack

    _, objective = ended
    steering.objective_update(objective=objective, by=cast.msm, progress=45)
    pack = steering_pack(programme=cast.programme, at=timezone.now() + timedelta(minutes=1))
    assert pack["going"]["objectives"][0]["trend"] == "up"
    assert pack["going"]["objectives"][0]["previous_progress"] == 30
    assert pack["previous_snapshot"]["id"] == ended[0].steering_snapshot.pk
