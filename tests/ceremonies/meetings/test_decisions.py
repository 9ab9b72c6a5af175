"""A decision recorded in any meeting goes to the teams and stakeholders it concerns, as one
feedback loop each programme's teams acknowledge; the loop closes with the last of them."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from ceremonies.meetings import record
from ceremonies.meetings import state as room
from ceremonies.meetings.decisions import meeting_decisions
from ceremonies.models import Decision, Kind
from feedback import services as feedback
from feedback.models import FeedbackItem
from feedback.selectors import inbox
from programmes.models import AuditEntry
from tests import factories
from tests.ceremonies.meetings import make_meeting

State = FeedbackItem.State


def running(programme, by, kind=Kind.SCRUM_OF_SCRUMS):
    meeting = make_meeting(programme, kind=kind, minutes=60)
    room.meeting_start(meeting=meeting, by=by)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_of_meeting_sends_a_decision_to_teams_the_same_way(cast, kind):
    meeting = running(cast.programme, cast.msm, kind)

    decision = record.decision_record(meeting=meeting, by=cast.msm, text="Mobile App ships",
                                      teams=[cast.team, cast.other_team])

    item = decision.routed.get()
    assert (item.kind, item.direction, item.level, item.state, item.source) == (
        "decision", "down", "team", "routed", kind)
    assert item.closes_when_acknowledged
    assert {a.team for a in item.addressees.all()} == {cast.team, cast.other_team}
    for sm in (cast.scrum_master, cast.other_scrum_master):
        assert list(inbox(sm)["waiting_for_me"]) == [item]
    assert list(inbox(cast.msm)["waiting_on_others"]) == [item]


def test_the_loop_closes_when_the_last_team_acknowledges(cast):
    meeting = running(cast.programme, cast.msm)
    decision = record.decision_record(meeting=meeting, by=cast.msm, text="Freeze Friday",
                                      teams=[cast.team, cast.other_team])
    item = decision.routed.get()
    at = decision.at + timedelta(minutes=5)

    feedback.feedback_acknowledge(item=item, by=cast.scrum_master, at=at)
    assert item.state == State.ROUTED
    assert list(inbox(cast.scrum_master)["waiting_for_me"]) == []
    feedback.feedback_acknowledge(item=item, by=cast.other_scrum_master,
                                  at=at + timedelta(minutes=1))

    item.refresh_from_db()
    assert item.state == State.CLOSED and item.closed_at == at + timedelta(minutes=1)
    assert item.respond_by is None
    closing = item.events.last()
    assert (closing.kind, closing.actor, closing.to_state) == ("closed", None, "closed")
    assert list(inbox(cast.other_scrum_master)["waiting_for_me"]) == []
    assert list(inbox(cast.msm)["waiting_on_others"]) == []


def test_all_teams_of_a_parent_become_one_loop_per_programme(cast):
    factories.make_msm(cast.other_programme)
    train = factories.ProgrammeFactory(name="Customer Train", parent=cast.parent)
    storefront = factories.TeamFactory(programme=train, name="Web Storefront")
    meeting = running(cast.parent, cast.parent_msm)

    decision = record.decision_record(meeting=meeting, by=cast.parent_msm, text="Go",
                                      teams=[cast.team, cast.other_team, storefront])

    items = {i.programme: i for i in decision.routed.all()}
    assert set(items) == {cast.programme, train}
    assert [a.team for a in items[train].addressees.all()] == [storefront]
    assert items[cast.programme].addressees.count() == 2


def test_a_decision_goes_to_the_stakeholders_who_acknowledge_it(cast):
    meeting = running(cast.programme, cast.msm)

    decision = record.decision_record(meeting=meeting, by=cast.msm, text="Buy a second SIT",
                                      stakeholders=True)

    item = decision.routed.get()
    assert (item.kind, item.direction, item.level, item.holder_programme) == (
        "decision", "up", "stakeholders", cast.programme)
    assert list(inbox(cast.stakeholder)["waiting_for_me"]) == [item]
    feedback.feedback_acknowledge(item=item, by=cast.stakeholder)
    item.refresh_from_db()
    assert item.state == State.CLOSED
    reach = meeting_decisions(meeting)[0].reach
    assert reach.closed and reach.addressees[0].acknowledged_by == "Steve Stake"


def test_the_parents_stakeholders_see_a_trains_decision(cast):
    board = factories.make_stakeholder(cast.parent, factories.PersonFactory(name="Bea Board"))
    meeting = running(cast.programme, cast.msm)

    item = record.decision_record(meeting=meeting, by=cast.msm, text="x",
                                  stakeholders=True).routed.get()

    assert list(inbox(board)["waiting_for_me"]) == [item]


def test_teams_and_stakeholders_at_once(cast):
    meeting = running(cast.programme, cast.msm)

    decision = record.decision_record(meeting=meeting, by=cast.msm, text="x",
                                      teams=[cast.team], stakeholders=True)

    assert sorted(decision.routed.values_list("level", flat=True)) == ["stakeholders", "team"]
    assert [a.name for a in meeting_decisions(meeting)[0].reach.addressees] == [
        "Ledger", "Stakeholders of Payments"]


def test_a_programme_without_stakeholders_is_refused_and_nothing_is_kept(cast):
    meeting = running(cast.other_programme, cast.outsider)

    with pytest.raises(room.RoomError, match="Elsewhere has no stakeholders") as refused:
        record.decision_record(meeting=meeting, by=cast.outsider, text="x", stakeholders=True)

    assert refused.value.status == 400
    assert not Decision.objects.exists() and not FeedbackItem.objects.exists()


def test_the_audit_log_says_who_recorded_it_and_whom_it_went_to(cast):
    meeting = running(cast.programme, cast.msm)

    record.decision_record(meeting=meeting, by=cast.msm, text="Freeze", teams=[cast.team],
                           stakeholders=True)

    entry = AuditEntry.objects.get(action="decision.record")
    assert (entry.programme, entry.actor) == (cast.programme, cast.msm)
    assert entry.summary.startswith("“Freeze” at Scrum of Scrums")
    assert entry.summary.endswith(": sent to Ledger, the stakeholders")


def test_a_decision_for_nobody_is_a_note_for_the_minutes(cast):
    meeting = running(cast.programme, cast.msm)

    decision = record.decision_record(meeting=meeting, by=cast.msm, text="Noted")

    assert not decision.routed.exists() and not FeedbackItem.objects.exists()
    reach = meeting_decisions(meeting)[0].reach
    assert reach.summary == "For the record only: sent to nobody." and reach.loop == ""


def test_a_team_outside_the_tree_is_refused_and_nothing_is_kept(cast):
    stranger = factories.TeamFactory(programme=cast.other_programme, name="Strangers")
    meeting = running(cast.programme, cast.msm)

    with pytest.raises(room.RoomError, match="Strangers: not a team of Payments") as refused:
        record.decision_record(meeting=meeting, by=cast.msm, text="x",
                               teams=[cast.team, stranger])

    assert refused.value.status == 400
    assert not Decision.objects.exists() and not FeedbackItem.objects.exists()


def test_a_train_cannot_decide_for_its_parents_other_trains(cast):
    train = factories.ProgrammeFactory(name="Customer Train", parent=cast.parent)
    storefront = factories.TeamFactory(programme=train, name="Web Storefront")
    meeting = running(cast.programme, cast.msm)

    with pytest.raises(room.RoomError, match="Web Storefront: not a team of Payments"):
        record.decision_record(meeting=meeting, by=cast.msm, text="x", teams=[storefront])


def test_a_delegated_facilitator_sends_decisions_in_the_programmes_name(cast):
    meeting = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60)
    meeting.facilitator = cast.member
    meeting.save()
    room.meeting_start(meeting=meeting, by=cast.member)

    decision = record.decision_record(meeting=meeting, by=cast.member, text="Adopt OIDC",
                                      teams=[cast.other_team], stakeholders=True)

    assert set(decision.routed.values_list("origin", "raised_by")) == {
        ("programme", cast.member.pk)}


def test_an_ended_meeting_records_no_more_decisions(cast):
    meeting = running(cast.programme, cast.msm)
    room.meeting_end(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()

    with pytest.raises(room.RoomError, match="The meeting is over"):
        record.decision_record(meeting=meeting, by=cast.msm, text="x", teams=[cast.team])
    assert not FeedbackItem.objects.exists()


def test_the_reach_says_who_acknowledged_and_when(cast):
    meeting = running(cast.programme, cast.msm)
    decision = record.decision_record(meeting=meeting, by=cast.msm, text="x",
                                      teams=[cast.team, cast.other_team])
    item = decision.routed.get()
    at = decision.at.astimezone(UTC).replace(hour=9, minute=42, second=0, microsecond=0)
    feedback.feedback_acknowledge(item=item, by=cast.scrum_master, at=at)

    with timezone.override(UTC):
        reach = meeting_decisions(meeting)[0].reach
        assert reach.summary == "Card Gateway not yet; Ledger acknowledged (Sam SM, 09:42)."
    assert reach.loop == "Loop open: 1 of 2 acknowledged"


def test_the_reach_of_many_decisions_costs_four_queries(cast, django_assert_num_queries):
    meeting = running(cast.programme, cast.msm)
    for n in range(6):
        decision = record.decision_record(meeting=meeting, by=cast.msm, text=f"D{n}",
                                          teams=[cast.team, cast.other_team],
                                          stakeholders=n % 2 == 0)
    feedback.feedback_acknowledge(item=decision.routed.get(), by=cast.scrum_master)

    with django_assert_num_queries(4):
        decisions = meeting_decisions(meeting)
        summaries = [d.reach.summary for d in decisions]

    assert len(summaries) == 6 and "Ledger acknowledged (Sam SM, " in summaries[-1]
    assert "Stakeholders of Payments not yet" in summaries[0]
