"""A meeting's decision has nothing to answer: its loop closes once everyone it was sent to has
acknowledged it, whether teams (down) or the stakeholders (up, in one step)."""

from datetime import timedelta

import pytest

from feedback import services
from feedback.models import FeedbackItem
from tests import factories

from .helpers import T0

State = FeedbackItem.State


def test_a_decision_that_closes_when_acknowledged_closes_with_the_last_team(cast):
    item = services.decision_route_down(programme=cast.programme, title="Freeze",
                                        teams=[cast.team, cast.other_team], by=cast.msm, at=T0,
                                        closes_when_acknowledged=True)
    services.feedback_acknowledge(item=item, by=cast.scrum_master, at=T0 + timedelta(hours=1))
    assert item.state == State.ROUTED

    services.feedback_acknowledge(item=item, by=cast.other_scrum_master,
                                  at=T0 + timedelta(hours=2))

    assert (item.state, item.closed_at) == (State.CLOSED, T0 + timedelta(hours=2))
    assert list(item.events.values_list("kind", "to_state")) == [
        ("raised", "raised"), ("routed", "routed"), ("acknowledged", ""),
        ("acknowledged", ""), ("acknowledged", "acknowledged"), ("closed", "closed")]


def test_other_decisions_still_wait_for_their_originator(cast):
    item = services.decision_route_down(programme=cast.programme, title="Freeze",
                                        teams=[cast.team], by=cast.msm)

    services.feedback_acknowledge(item=item, by=cast.scrum_master)

    assert item.state == State.ACKNOWLEDGED


def test_a_decision_goes_straight_to_a_trains_stakeholders(cast):
    item = services.decision_route_up(programme=cast.programme, title="Second SIT bought",
                                      by=cast.msm, at=T0)

    assert (item.level, item.holder_programme, item.state) == (
        "stakeholders", cast.programme, State.ROUTED)
    assert item.respond_by is not None

    services.feedback_acknowledge(item=item, by=cast.stakeholder, at=T0 + timedelta(days=1))

    assert item.state == State.CLOSED


def test_only_a_stakeholder_acknowledges_a_decision_sent_to_them(cast):
    item = services.decision_route_up(programme=cast.programme, title="x", by=cast.msm)

    with pytest.raises(services.FeedbackError) as refused:
        services.feedback_acknowledge(item=item, by=cast.msm)

    assert refused.value.status == 403
    assert item.state == State.ROUTED


def test_a_programme_without_stakeholders_cannot_be_sent_a_decision(cast):
    msm = factories.make_msm(cast.other_programme)

    with pytest.raises(services.FeedbackError, match="Elsewhere has no stakeholders") as refused:
        services.decision_route_up(programme=cast.other_programme, title="x", by=msm)

    assert refused.value.status == 400
    assert not FeedbackItem.objects.exists()


def test_a_team_does_not_skip_to_the_stakeholders(cast):
    with pytest.raises(services.FeedbackError, match="Only the Meta Scrum Master") as refused:
        services.feedback_raise(programme=cast.programme, kind="question", title="x",
                                direction="up", origin_team=cast.team,
                                raised_by=cast.scrum_master, to_stakeholders=True)

    assert refused.value.status == 403


def test_a_team_member_raises_for_the_programme_only_when_the_caller_says_so(cast):
    with pytest.raises(services.FeedbackError, match="Choose the team"):
        services.decision_route_down(programme=cast.programme, title="x",
                                     teams=[cast.other_team], by=cast.member)

    item = services.decision_route_down(programme=cast.programme, title="x",
                                        teams=[cast.other_team], by=cast.member,
                                        for_programme=True)

    assert item.origin == FeedbackItem.Origin.PROGRAMME
