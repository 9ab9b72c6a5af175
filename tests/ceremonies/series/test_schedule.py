"""Series services: create, edit, pause, resume; scheduling ahead is idempotent."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ceremonies.meetings import moves, record
from ceremonies.meetings import state as room
from ceremonies.meetings.schedule import meeting_create, occurrences
from ceremonies.models import Kind, Meeting, MeetingSeries
from ceremonies.series import services as series
from ceremonies.tasks import meetings_schedule
from programmes.models import AuditEntry

WORKING_DAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def create(cast, kind=Kind.SCRUM_OF_SCRUMS, rrule=WORKING_DAYS, **extra):
    fields = {"title": Kind(kind).label, "rrule": rrule, "sprint_day": None,
              "start_time": time(9, 30), "duration_minutes": 15, **extra}
    return series.series_create(programme=cast.programme, by=cast.msm, kind=kind, **fields)


def upcoming(sos):
    return list(sos.meetings.filter(occurrence__gte=sos.programme.today())
                .order_by("occurrence"))


def test_a_new_series_schedules_its_meetings_for_the_next_14_days(cast):
    sos = create(cast)
    today = cast.programme.today()
    expected = occurrences(sos, today, today + timedelta(days=14))
    assert settings.MEETINGS_SCHEDULE_DAYS == 14
    assert [m.occurrence for m in upcoming(sos)] == expected
    assert all(m.items.exists() for m in upcoming(sos))


def test_a_second_series_of_the_same_kind_is_refused(cast):
    create(cast)
    with pytest.raises(ValidationError) as refused:
        create(cast)
    assert "already has a Scrum of Scrums series" in str(refused.value)


def test_a_sprint_day_beyond_the_sprint_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        create(cast, Kind.BROWN_BAG, rrule="", sprint_day=30)
    assert "pick a day from 1 to 14" in str(refused.value)


def test_scheduling_again_creates_nothing_new(cast):
    create(cast)
    count = Meeting.objects.count()
    assert series.schedule_all() == 0
    assert Meeting.objects.count() == count


@pytest.mark.clock("2027-02-01T07:00:00+00:00")  # a Monday
def test_the_horizon_comes_from_the_setting(cast, settings):
    settings.MEETINGS_SCHEDULE_DAYS = 6  # to Sunday: further than the next two meetings
    sos = create(cast)
    assert [m.occurrence.isoformat() for m in upcoming(sos)] == [
        "2027-02-01", "2027-02-02", "2027-02-03", "2027-02-04", "2027-02-05"]


def test_editing_the_time_moves_the_upcoming_meetings_and_bumps_their_sequence(cast):
    sos = create(cast)
    counts = series.series_update(series=sos, by=cast.msm, start_time=time(10, 0))
    meetings = upcoming(sos)
    assert counts == {"updated": len(meetings), "removed": 0, "created": 0}
    for meeting in meetings:
        local = meeting.scheduled_start.astimezone(cast.programme.tzinfo)
        assert local.time() == time(10, 0) and meeting.sequence == 1


def test_saving_the_same_values_again_changes_nothing(cast):
    sos = create(cast)
    series.series_update(series=sos, by=cast.msm, start_time=time(10, 0))
    counts = series.series_update(series=sos, by=cast.msm, start_time=time(10, 0))
    assert counts == {"updated": 0, "removed": 0, "created": 0}
    assert {m.sequence for m in upcoming(sos)} == {1}


def test_moved_cancelled_and_started_meetings_keep_their_time(cast):
    sos = create(cast)
    first, second, third = upcoming(sos)[:3]
    new_start = third.scheduled_start + timedelta(hours=3)
    moves.meeting_move(meeting=first, by=cast.msm, start=new_start)
    moves.meeting_cancel(meeting=second, by=cast.msm)
    room.meeting_start(meeting=third, by=cast.msm)
    before = {m.pk: (m.scheduled_start, m.state)
              for m in Meeting.objects.filter(pk__in=[first.pk, second.pk, third.pk])}

    series.series_update(series=sos, by=cast.msm, start_time=time(11, 0))

    after = {m.pk: (m.scheduled_start, m.state)
             for m in Meeting.objects.filter(pk__in=before)}
    assert after == before
    assert after[first.pk][0] == new_start


def test_a_new_rule_removes_the_dates_it_no_longer_holds_and_adds_its_own(cast):
    sos = create(cast)
    counts = series.series_update(series=sos, by=cast.msm, rrule="FREQ=WEEKLY;BYDAY=SA")
    assert {m.occurrence.weekday() for m in upcoming(sos)} == {5}
    assert counts["removed"] > 0 and counts["created"] == len(upcoming(sos))


def test_a_dropped_meeting_with_a_decision_is_cancelled_not_deleted(cast):
    sos = create(cast)
    meeting = upcoming(sos)[0]
    record.decision_record(meeting=meeting, by=cast.msm, text="Keep it")
    series.series_update(series=sos, by=cast.msm, rrule="FREQ=WEEKLY;BYDAY=SA")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED and meeting.sequence == 1


def test_a_new_duration_cuts_the_default_agenda_to_the_new_timebox(cast):
    sos = create(cast)
    series.series_update(series=sos, by=cast.msm, duration_minutes=30)
    for meeting in upcoming(sos):
        assert meeting.timebox_minutes == 30
        total = sum(meeting.items.values_list("timebox_seconds", flat=True))
        assert 15 * 60 < total <= 30 * 60


def test_past_meetings_are_left_alone(cast):
    sos = create(cast)
    past = meeting_create(series=sos, day=cast.programme.today() - timedelta(days=7))
    series.series_update(series=sos, by=cast.msm, start_time=time(7, 0),
                         rrule="FREQ=WEEKLY;BYDAY=SA")
    assert Meeting.objects.get(pk=past.pk).scheduled_start == past.scheduled_start


def test_pausing_takes_the_untouched_meetings_off_and_stops_scheduling(cast):
    sos = create(cast)
    cancelled = upcoming(sos)[0]
    moves.meeting_cancel(meeting=cancelled, by=cast.msm)
    removed = series.series_pause(series=sos, by=cast.msm)
    assert removed > 0
    assert upcoming(sos) == [cancelled]
    assert series.schedule_all() == 0
    assert series.series_pause(series=sos, by=cast.msm) == 0


def test_resuming_schedules_again_and_keeps_the_cancellation(cast):
    sos = create(cast)
    count = len(upcoming(sos))
    cancelled = upcoming(sos)[0]
    moves.meeting_cancel(meeting=cancelled, by=cast.msm)
    series.series_pause(series=sos, by=cast.msm)
    assert series.series_resume(series=sos, by=cast.msm) == count - 1
    assert len(upcoming(sos)) == count
    assert Meeting.objects.get(pk=cancelled.pk).state == Meeting.State.CANCELLED


def test_series_changes_are_in_the_audit_log(cast):
    sos = create(cast)
    series.series_update(series=sos, by=cast.msm, duration_minutes=20)
    series.series_pause(series=sos, by=cast.msm)
    series.series_resume(series=sos, by=cast.msm)
    actions = list(AuditEntry.objects.filter(programme=cast.programme, actor=cast.msm)
                   .order_by("pk").values_list("action", flat=True))
    assert actions[-4:] == ["series.create", "series.update", "series.pause", "series.resume"]


def test_the_command_schedules_every_unpaused_series_once(cast):
    sos = MeetingSeries.objects.create(
        programme=cast.programme, kind=Kind.SCRUM_OF_SCRUMS, title="SoS", rrule=WORKING_DAYS,
        start_time=time(9, 30), duration_minutes=15)
    MeetingSeries.objects.create(
        programme=cast.programme, kind=Kind.STEERING, title="Steering", paused=True,
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", start_time=time(9, 30), duration_minutes=60)
    out = StringIO()
    call_command("schedule_meetings", "--days", "7", stdout=out)
    today = cast.programme.today()
    expected = occurrences(sos, today, today + timedelta(days=7))
    assert f"Scheduled {len(expected)} new meetings" in out.getvalue()
    assert Meeting.objects.filter(kind=Kind.STEERING).count() == 0
    call_command("schedule_meetings", "--days", "7", stdout=out)
    assert "Scheduled 0 new meetings" in out.getvalue()
    assert Meeting.objects.count() == len(expected)


@pytest.mark.clock("2027-02-01T07:00:00+00:00")  # a Monday
def test_the_beat_task_schedules_with_the_configured_horizon(cast, settings):
    settings.MEETINGS_SCHEDULE_DAYS = 3
    MeetingSeries.objects.create(
        programme=cast.programme, kind=Kind.SCRUM_OF_SCRUMS, title="SoS", rrule=WORKING_DAYS,
        start_time=time(9, 30), duration_minutes=15)
    assert meetings_schedule.apply().get() == 4  # Monday to Thursday
    assert meetings_schedule.apply().get() == 0


def test_the_task_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "ceremonies.tasks.meetings_schedule" in tasks


def test_one_broken_series_does_not_stop_the_others(cast, caplog):
    MeetingSeries.objects.create(
        programme=cast.other_programme, kind=Kind.STEERING, title="Broken",
        rrule="FREQ=NEVER", start_time=time(9, 30), duration_minutes=60)
    create(cast)
    Meeting.objects.all().delete()
    assert series.schedule_all(days=7) > 0
    assert "Could not schedule the meetings of series" in caplog.text
