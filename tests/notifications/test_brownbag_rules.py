"""The Brown Bag's reminder rules: the call for talks when a sprint starts, and the agenda the
day before the Brown Bag — with explicit clocks."""

from datetime import UTC, datetime, timedelta

from ceremonies.brownbag import reminders as brownbag_reminders
from ceremonies.brownbag import services as brownbag
from ceremonies.models import Talk
from programmes.models import Notification
from programmes.notifications import registry
from tests.ceremonies.brownbag import fixed_brown_bag, sibling_of, talk

SPRINT_STARTS = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # 09:00 London
DAY_BEFORE = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 16:00 London, the Brown Bag is 24th


def test_the_programmes_people_are_invited_to_propose_when_a_sprint_starts(cast):
    fixed_brown_bag(cast.programme)
    sibling_of(cast)
    due = [r for r in brownbag_reminders.brownbag_call(SPRINT_STARTS + timedelta(minutes=1))
           if r.programme == cast.programme]
    people = {r.recipient for r in due}
    assert people == {cast.msm, cast.stakeholder, cast.scrum_master, cast.other_scrum_master,
                      cast.member}
    assert {r.due_at for r in due} == {SPRINT_STARTS}
    assert "Mon 23 November 12:00" in due[0].text
    assert "Tuesday 24 November at 09:30" in due[0].text
    assert due[0].link == f"/p/{cast.programme.slug}/brown-bag/"


def test_nobody_is_invited_before_the_sprint_starts_or_a_day_later(cast):
    fixed_brown_bag(cast.programme)
    assert not [r for r in brownbag_reminders.brownbag_call(SPRINT_STARTS - timedelta(minutes=1))
                if r.programme == cast.programme]
    assert not [r for r in brownbag_reminders.brownbag_call(SPRINT_STARTS + timedelta(days=1))
                if r.programme == cast.programme]


def test_invitees_get_the_agenda_the_day_before(cast):
    meeting = fixed_brown_bag(cast.programme)
    proposed = talk(cast.programme, cast.member, team=cast.team, title="SSO in a week",
                    at=datetime(2026, 11, 20, tzinfo=UTC))
    talks = list(brownbag.talks_for(proposed.sprint, cast.msm))
    brownbag.brownbag_agenda_write(plan=brownbag.agenda_plan(meeting=meeting, talks=talks),
                                   by=cast.msm)
    due = list(brownbag_reminders.brownbag_agenda(DAY_BEFORE + timedelta(minutes=1)))
    people = {r.recipient for r in due}
    assert {cast.member, cast.stakeholder, cast.msm, cast.parent_msm} <= people
    assert cast.outsider not in people
    assert {r.due_at for r in due} == {DAY_BEFORE}
    assert "2. SSO in a week (Ledger) — 10 min" in due[0].text
    assert due[0].link == meeting.get_absolute_url()


def test_the_agenda_is_not_sent_early_nor_for_a_started_brown_bag(cast):
    from ceremonies.meetings import state as room

    meeting = fixed_brown_bag(cast.programme)
    assert list(brownbag_reminders.brownbag_agenda(DAY_BEFORE - timedelta(minutes=1))) == []
    room.meeting_start(meeting=meeting, by=cast.msm, at=DAY_BEFORE)
    assert list(brownbag_reminders.brownbag_agenda(DAY_BEFORE + timedelta(minutes=1))) == []


def test_both_rules_are_registered_and_record_each_reminder_once(cast):
    fixed_brown_bag(cast.programme)
    kinds = {rule.kind for rule in registry.rules()}
    assert {"brownbag_call", "brownbag_agenda"} <= kinds
    registry.due_scan(now=DAY_BEFORE + timedelta(minutes=1))
    registry.due_scan(now=DAY_BEFORE + timedelta(minutes=2))
    rows = Notification.objects.filter(kind="brownbag_agenda")
    assert rows.count() == rows.values("recipient", "channel").distinct().count() >= 5
    assert not Talk.objects.exists()
