"""Moving, cancelling and reinstating one meeting: only scheduled ones are moved or
cancelled, only cancelled ones still ahead come back; audit-logged, SEQUENCE bumped."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.meetings import moves, schedule
from ceremonies.meetings import state as room
from ceremonies.models import Meeting, MeetingEvent
from programmes.models import AuditEntry
from tests.ceremonies.meetings import make_meeting


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=3))


def url(meeting, name):
    return reverse(f"ceremonies:{name}", kwargs={"slug": meeting.programme.slug, "pk": meeting.pk})


def later(meeting, hours=2):
    return meeting.scheduled_start + timedelta(hours=hours)


def test_a_move_keeps_the_occurrence_and_bumps_the_sequence(cast, meeting):
    moved = moves.meeting_move(meeting=meeting, by=cast.msm, start=later(meeting))
    assert moved.scheduled_start == later(meeting)
    assert (moved.occurrence, moved.sequence, moved.moved) == (meeting.occurrence, 1, True)
    entry = AuditEntry.objects.get(action="meeting.move")
    assert entry.actor == cast.msm and entry.programme == cast.programme
    assert MeetingEvent.objects.filter(meeting=meeting, action="move").exists()


def test_scheduling_again_neither_recreates_nor_moves_back_a_moved_meeting(cast, meeting):
    moves.meeting_move(meeting=meeting, by=cast.msm, start=later(meeting, 30))
    schedule.series_schedule(series=meeting.series, days=10)
    assert Meeting.objects.filter(series=meeting.series, occurrence=meeting.occurrence).count() == 1
    assert Meeting.objects.get(pk=meeting.pk).scheduled_start == later(meeting, 30)


def test_moving_to_the_past_is_refused(cast, meeting):
    with pytest.raises(room.RoomError, match="not passed"):
        moves.meeting_move(meeting=meeting, by=cast.msm,
                           start=timezone.now() - timedelta(minutes=1))


def test_a_cancel_keeps_the_meeting_cancelled_with_a_new_sequence(cast, meeting):
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    assert (meeting.state, meeting.sequence) == (Meeting.State.CANCELLED, 1)
    assert AuditEntry.objects.filter(action="meeting.cancel", actor=cast.msm).exists()


def test_nobody_can_start_a_cancelled_meeting(cast, meeting):
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    with pytest.raises(room.RoomError, match="cannot start"):
        room.meeting_start(meeting=meeting, by=cast.msm)


@pytest.mark.parametrize("state", ["running", "ended", "cancelled"])
def test_only_scheduled_meetings_move_or_cancel(cast, meeting, state):
    Meeting.objects.filter(pk=meeting.pk).update(state=state)
    with pytest.raises(room.RoomError, match="has not started"):
        moves.meeting_move(meeting=meeting, by=cast.msm, start=later(meeting))
    with pytest.raises(room.RoomError, match="has not started"):
        moves.meeting_cancel(meeting=meeting, by=cast.msm)


def test_the_msm_moves_a_meeting_from_its_page(client, cast, meeting):
    client.force_login(cast.msm)
    new = later(meeting).astimezone(cast.programme.tzinfo)
    response = client.post(url(meeting, "meeting_move"),
                           {"day": new.date().isoformat(), "start_time": f"{new:%H:%M}"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).scheduled_start == later(meeting)


def test_a_bad_move_keeps_what_was_typed(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(url(meeting, "meeting_move"), {"day": "2020-01-01",
                                                          "start_time": "10:15"})
    html = response.content.decode()
    assert "Pick a date from today" in html and 'value="10:15"' in html
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_the_msm_cancels_a_meeting(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(url(meeting, "meeting_cancel"))
    assert response.url == reverse("ceremonies:meetings", args=[cast.programme.slug])
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CANCELLED


def test_cancelling_twice_says_why_it_cannot(client, cast, meeting):
    client.force_login(cast.msm)
    client.post(url(meeting, "meeting_cancel"))
    response = client.post(url(meeting, "meeting_cancel"), follow=True)
    assert "has not started" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1


@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_people_who_do_not_manage_get_a_403(client, cast, meeting, who):
    client.force_login(getattr(cast, who))
    assert client.get(url(meeting, "meeting_move")).status_code == 403
    assert client.post(url(meeting, "meeting_cancel")).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.SCHEDULED


def test_an_outsider_gets_a_404(client, cast, meeting):
    client.force_login(cast.outsider)
    assert client.get(url(meeting, "meeting_move")).status_code == 404
    assert client.post(url(meeting, "meeting_cancel")).status_code == 404


def test_cancel_rejects_get(client, cast, meeting):
    client.force_login(cast.msm)
    assert client.get(url(meeting, "meeting_cancel")).status_code == 405


def test_a_meeting_of_another_programme_is_a_404(client, cast):
    elsewhere = make_meeting(cast.other_programme)
    client.force_login(cast.msm)
    response = client.post(reverse("ceremonies:meeting_cancel",
                                   kwargs={"slug": cast.programme.slug, "pk": elsewhere.pk}))
    assert response.status_code == 404


def test_the_room_of_a_cancelled_meeting_says_so_and_offers_no_start(client, cast, meeting):
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "This meeting was cancelled" in html
    assert ">Start<" not in html and "Move or cancel" not in html
    start = reverse("ceremonies:control", kwargs={"slug": cast.programme.slug,
                                                  "pk": meeting.pk, "action": "start"})
    response = client.post(start, {"version": meeting.version + 1}, follow=True)
    assert "cannot start a meeting that is Cancelled" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CANCELLED


def test_a_cancelled_meeting_ahead_is_reinstated_and_calendars_see_it_again(cast, meeting):
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    back = moves.meeting_reinstate(meeting=meeting, by=cast.msm)
    assert (back.state, back.sequence) == (Meeting.State.SCHEDULED, 2)
    assert MeetingEvent.objects.filter(meeting=meeting, action="reinstate",
                                       from_state="cancelled", to_state="scheduled").exists()
    assert AuditEntry.objects.filter(action="meeting.reinstate", actor=cast.msm).exists()


def test_only_a_cancelled_meeting_whose_time_has_not_come_is_reinstated(cast, meeting):
    with pytest.raises(room.RoomError, match="Only a cancelled meeting"):
        moves.meeting_reinstate(meeting=meeting, by=cast.msm)
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    Meeting.objects.filter(pk=meeting.pk).update(
        scheduled_start=timezone.now() - timedelta(minutes=1))
    with pytest.raises(room.RoomError, match="Its time has passed"):
        moves.meeting_reinstate(meeting=meeting, by=cast.msm)


def test_reinstating_is_for_the_msm_only(client, cast, meeting):
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    for person in (cast.scrum_master, cast.stakeholder):
        client.force_login(person)
        assert client.post(url(meeting, "meeting_reinstate")).status_code == 403
    client.force_login(cast.outsider)
    assert client.post(url(meeting, "meeting_reinstate")).status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CANCELLED
    client.force_login(cast.msm)
    assert client.post(url(meeting, "meeting_reinstate")).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.SCHEDULED
