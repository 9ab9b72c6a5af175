"""The MSM builds the Brown Bag's agenda from the talks: most-voted first, each talk its own
timebox, within the meeting's timebox; what does not fit is shown and left off."""

from datetime import UTC, datetime

import pytest

from ceremonies.brownbag import services as brownbag
from ceremonies.meetings import state as room
from ceremonies.models import Talk
from programmes.models import AuditEntry
from tests.ceremonies.brownbag import fixed_brown_bag, talk

OPEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def meeting(cast):
    return fixed_brown_bag(cast.programme)  # 60 min: 5 welcome, 50 for talks, 5 questions


def _vote(proposed, *people):
    for person in people:
        brownbag.talk_vote(talk=proposed, by=person, vote=True, at=OPEN)


def _plan(meeting, cast, choices=None):
    talks = list(brownbag.talks_for(meeting.programme.sprints.get(number=1), cast.msm))
    return brownbag.agenda_plan(meeting=meeting, talks=talks, choices=choices)


def test_talks_are_planned_most_voted_first(cast, meeting):
    quiet = talk(cast.programme, cast.member, team=cast.team, title="Quiet", at=OPEN)
    popular = talk(cast.programme, cast.other_scrum_master, team=cast.other_team,
                   title="Popular", at=OPEN)
    _vote(popular, cast.msm, cast.scrum_master)
    _vote(quiet, cast.msm)
    plan = _plan(meeting, cast)
    assert [r.talk for r in plan.rows] == [popular, quiet]
    assert plan.budget_seconds == 50 * 60 and plan.planned_seconds == 20 * 60


def test_talks_beyond_the_timebox_are_shown_as_not_fitting(cast, meeting):
    first = talk(cast.programme, cast.member, team=cast.team, title="Long", minutes=40,
                 at=OPEN)
    second = talk(cast.programme, cast.member, team=cast.team, title="Too long", minutes=15,
                  at=OPEN)
    third = talk(cast.programme, cast.member, team=cast.team, title="Short", minutes=10,
                 at=OPEN)
    _vote(first, cast.msm, cast.scrum_master)
    _vote(second, cast.msm)
    plan = _plan(meeting, cast)
    assert [r.talk for r in plan.fitting] == [first, third]
    assert [r.talk for r in plan.not_fitting] == [second]


def test_the_msm_reorders_retimes_and_leaves_talks_out(cast, meeting):
    a = talk(cast.programme, cast.member, team=cast.team, title="A", at=OPEN)
    b = talk(cast.programme, cast.member, team=cast.team, title="B", at=OPEN)
    c = talk(cast.programme, cast.member, team=cast.team, title="C", at=OPEN)
    plan = _plan(meeting, cast, {a.pk: (3, 5, True), b.pk: (1, 20, True), c.pk: (2, 10, False)})
    assert [(r.talk, r.minutes) for r in plan.fitting] == [(b, 20), (a, 5)]
    assert plan.not_fitting == []


def test_writing_the_plan_puts_each_talk_on_the_agenda_with_its_team_and_speaker(cast,
                                                                                 meeting):
    proposed = talk(cast.programme, cast.member, team=cast.team, title="SSO in a week",
                    minutes=12, at=OPEN)
    _vote(proposed, cast.msm)
    items = brownbag.brownbag_agenda_write(plan=_plan(meeting, cast), by=cast.msm)
    assert [i.title for i in items] == ["Welcome and what's new", "SSO in a week",
                                        "Questions and follow-ups"]
    item = items[1]
    assert (item.team, item.person, item.timebox_seconds) == (cast.team, cast.member, 720)
    assert "1 vote" in item.topic
    assert Talk.objects.get(pk=proposed.pk).agenda_item == item
    assert AuditEntry.objects.filter(action="brownbag.agenda").exists()


def test_writing_again_replaces_the_talks(cast, meeting):
    proposed = talk(cast.programme, cast.member, team=cast.team, at=OPEN)
    brownbag.brownbag_agenda_write(plan=_plan(meeting, cast), by=cast.msm)
    brownbag.brownbag_agenda_write(
        plan=_plan(meeting, cast, {proposed.pk: (1, 10, False)}), by=cast.msm)
    assert meeting.items.count() == 2
    assert Talk.objects.get(pk=proposed.pk).agenda_item is None


def test_only_the_msm_writes_the_agenda(cast, meeting):
    talk(cast.programme, cast.member, team=cast.team, at=OPEN)
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.brownbag_agenda_write(plan=_plan(meeting, cast), by=cast.scrum_master)
    assert refused.value.status == 403


def test_the_agenda_of_a_started_brown_bag_is_not_rebuilt(cast, meeting):
    talk(cast.programme, cast.member, team=cast.team, at=OPEN)
    room.meeting_start(meeting=meeting, by=cast.msm)
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.brownbag_agenda_write(plan=_plan(meeting, cast), by=cast.msm)
    assert "before the meeting starts" in str(refused.value)
    assert meeting.items.count() == 3
