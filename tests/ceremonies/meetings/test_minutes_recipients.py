"""The minutes reach every invitee, whoever came, the people the facilitator added, and the
programme's chat channel: each exactly once."""

from datetime import UTC, datetime, timedelta

import pytest

from ceremonies.meetings import state as room
from ceremonies.meetings.minutes import minutes_recipient_add, minutes_recipients
from ceremonies.meetings.state import RoomError
from programmes.models import Notification
from programmes.notifications import registry
from tests.ceremonies.meetings import make_meeting
from tests.worker import make_webhook

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # the meeting's scheduled start


def _held(cast, *, came=()):
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm, at=T0)
    for person in came:
        meeting.attendance.create(person=person)
    return meeting


def _end_and_scan(meeting, by):
    room.meeting_end(meeting=meeting, by=by, at=T0 + timedelta(minutes=14))
    for minute in (15, 16):  # the due scan runs every minute
        registry.reminders_record_due(now=T0 + timedelta(minutes=minute))


def _minutes_to(person, channel=Notification.Channel.EMAIL):
    return Notification.objects.filter(kind="meeting_minutes", recipient=person, channel=channel)


def test_an_invitee_who_did_not_come_gets_the_minutes_once(cast):
    meeting = _held(cast, came=[cast.scrum_master])
    _end_and_scan(meeting, cast.msm)
    absent = _minutes_to(cast.other_scrum_master)  # invited, as a team's Scrum Master
    assert absent.count() == 1
    assert absent.get().subject == f"Minutes: {meeting}" and "Planned" in absent.get().text
    assert _minutes_to(cast.scrum_master).count() == 1


def test_a_person_the_facilitator_added_gets_the_minutes_once(cast):
    meeting = _held(cast)
    minutes_recipient_add(meeting=meeting, person=cast.member)
    minutes_recipient_add(meeting=meeting, person=cast.member)  # twice: still once
    _end_and_scan(meeting, cast.msm)
    assert _minutes_to(cast.member).count() == 1


def test_someone_neither_invited_nor_added_gets_nothing(cast):
    meeting = _held(cast)
    _end_and_scan(meeting, cast.msm)
    assert cast.member not in minutes_recipients(meeting)
    assert not _minutes_to(cast.member).exists() and not _minutes_to(cast.stakeholder).exists()


def test_everyone_is_a_recipient_once_whether_invited_came_or_added(cast):
    meeting = _held(cast, came=[cast.scrum_master, cast.member])
    minutes_recipient_add(meeting=meeting, person=cast.scrum_master)
    people = list(minutes_recipients(meeting))
    assert len(people) == len(set(people))
    assert {cast.msm, cast.scrum_master, cast.other_scrum_master, cast.member} <= set(people)


def test_the_programme_chat_channel_gets_one_post_not_one_per_person(cast):
    hook = make_webhook(cast.programme, "https://chat.example.com/payments")
    meeting = _held(cast, came=[cast.scrum_master])
    _end_and_scan(meeting, cast.msm)
    posts = Notification.objects.filter(kind="meeting_minutes",
                                        channel=Notification.Channel.CHAT)
    assert posts.count() == 1
    post = posts.get()
    assert post.webhook == hook and post.subject == f"Minutes: {meeting}"
    assert not post.webhook_payload["text"].startswith(str(cast.msm))  # nobody is mentioned


def test_without_a_chat_webhook_the_minutes_go_by_email_only(cast):
    meeting = _held(cast)
    _end_and_scan(meeting, cast.msm)
    assert not Notification.objects.filter(channel=Notification.Channel.CHAT).exists()


@pytest.mark.parametrize("state", ["ended", "cancelled"])
def test_recipients_cannot_be_added_once_the_minutes_are_gone(cast, state):
    meeting = make_meeting(cast.programme)
    meeting.state = state
    meeting.save()
    with pytest.raises(RoomError):
        minutes_recipient_add(meeting=meeting, person=cast.member)
    assert not meeting.minutes_also_to.exists()
