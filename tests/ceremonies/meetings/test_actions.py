"""Action items after their meeting: done, reopened, dropped, with who and when, audited; and
the lists of them for the owner's inbox and their team's page."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from ceremonies.meetings import actions
from ceremonies.meetings.record import action_record
from ceremonies.models import ActionItem
from programmes.models import AuditEntry
from tests.ceremonies.meetings import make_meeting


def record(meeting, owner, text="Book the SIT slots", due=None):
    return action_record(meeting=meeting, by=owner, text=text, owner=owner, due=due)


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


@pytest.fixture
def action(cast, meeting):
    return record(meeting, cast.scrum_master, due=date(2026, 11, 26))


def test_an_action_is_open_when_recorded(action):
    assert (action.state, action.done_at, action.dropped_at) == ("open", None, None)


def test_the_owner_marks_it_done_with_who_and_when(cast, action):
    actions.action_complete(action=action, by=cast.scrum_master)
    action.refresh_from_db()
    assert (action.state, action.done_by) == ("done", cast.scrum_master)
    assert timezone.now() - action.done_at < timedelta(minutes=1)
    entry = AuditEntry.objects.get(action="action.done")
    assert entry.actor == cast.scrum_master and entry.programme == cast.programme
    assert "Book the SIT slots" in entry.summary and "Sam SM" in entry.summary


def test_marking_it_done_again_changes_nothing(cast, action):
    first = actions.action_complete(action=action, by=cast.scrum_master).done_at
    actions.action_complete(action=action, by=cast.msm)
    action.refresh_from_db()
    assert (action.done_at, action.done_by) == (first, cast.scrum_master)
    assert AuditEntry.objects.filter(action="action.done").count() == 1


def test_reopening_undoes_done(cast, action):
    actions.action_complete(action=action, by=cast.scrum_master)
    actions.action_reopen(action=action, by=cast.scrum_master)
    action.refresh_from_db()
    assert (action.state, action.done_at, action.done_by) == ("open", None, None)
    assert AuditEntry.objects.filter(action="action.reopen").count() == 1


def test_reopening_an_open_action_changes_nothing(cast, action):
    actions.action_reopen(action=action, by=cast.scrum_master)
    assert not AuditEntry.objects.filter(action="action.reopen").exists()


def test_a_dropped_action_says_who_dropped_it_and_can_be_done_after_all(cast, action):
    actions.action_drop(action=action, by=cast.msm)
    action.refresh_from_db()
    assert (action.state, action.dropped_by) == ("dropped", cast.msm)
    actions.action_complete(action=action, by=cast.scrum_master)
    action.refresh_from_db()
    assert (action.state, action.dropped_at, action.done_by) == ("done", None, cast.scrum_master)


def test_the_database_refuses_a_state_without_its_time(action):
    with pytest.raises(IntegrityError):
        ActionItem.objects.filter(pk=action.pk).update(state="done")


@pytest.mark.clock("2026-11-27T12:00:00+00:00")
def test_an_open_action_is_overdue_after_its_due_day_in_the_programme(cast, action):
    listed = actions.actions_of_person(cast.scrum_master)
    assert [a.overdue for a in listed["open"]] == [True]
    assert (listed["open_count"], listed["overdue_count"]) == (1, 1)


@pytest.mark.clock("2026-11-26T23:30:00+00:00")
def test_on_its_due_day_it_is_not_overdue_yet(cast, action):
    assert [a.overdue for a in actions.actions_of_person(cast.scrum_master)["open"]] == [False]


@pytest.mark.clock("2026-11-24T12:00:00+00:00")
def test_my_actions_lists_open_ones_soonest_due_first_then_the_recently_closed(cast, meeting):
    later = record(meeting, cast.scrum_master, "Later", due=date(2026, 12, 10))
    undated = record(meeting, cast.scrum_master, "Whenever")
    sooner = record(meeting, cast.scrum_master, "Sooner", due=date(2026, 11, 30))
    closed = record(meeting, cast.scrum_master, "Closed yesterday")
    actions.action_complete(action=closed, by=cast.scrum_master,
                            at=timezone.now() - timedelta(days=1))
    long_ago = record(meeting, cast.scrum_master, "Closed long ago")
    actions.action_drop(action=long_ago, by=cast.msm, at=timezone.now() - timedelta(days=20))
    record(meeting, cast.other_scrum_master, "Someone else's")

    listed = actions.actions_of_person(cast.scrum_master)
    assert listed["open"] == [sooner, later, undated]
    assert listed["closed"] == [closed]
    assert (listed["open_count"], listed["overdue_count"]) == (3, 0)


def test_more_open_actions_than_a_page_holds_are_counted_not_listed(cast, meeting,
                                                                   monkeypatch):
    monkeypatch.setattr(actions, "OPEN_LIMIT", 2)
    for n in range(4):
        record(meeting, cast.scrum_master, f"Action {n}")
    listed = actions.actions_of_person(cast.scrum_master)
    assert (len(listed["open"]), listed["open_count"], listed["overdue_count"]) == (2, 4, None)


def test_a_team_lists_its_peoples_actions_from_its_own_programme(cast, meeting):
    mine = record(meeting, cast.scrum_master, "Ledger's")
    record(meeting, cast.member, "Also Ledger's")
    record(meeting, cast.other_scrum_master, "Card Gateway's")
    above = make_meeting(cast.parent)  # a parent's meeting: not every viewer may see it
    record(above, cast.scrum_master, "From Northwind")
    listed = actions.actions_of_team(cast.team)
    assert {a.text for a in listed["open"]} == {"Ledger's", "Also Ledger's"}
    assert mine in listed["open"]
