"""A decision goes down to three teams; each acknowledges for itself; the originator closes."""

from datetime import timedelta

import pytest

from feedback import services
from feedback.models import FeedbackItem
from tests import factories

from .helpers import T0

State = FeedbackItem.State


@pytest.fixture
def three_teams(cast):
    third = factories.TeamFactory(programme=cast.programme, name="Fraud Shield")
    third_sm = factories.make_scrum_master(third)
    return [(cast.team, cast.scrum_master), (cast.other_team, cast.other_scrum_master),
            (third, third_sm)]


def test_a_decision_goes_down_to_three_teams_and_closes(cast, three_teams):
    item = services.decision_route_down(
        programme=cast.programme, title="Freeze releases in December",
        teams=[t for t, _ in three_teams], by=cast.stakeholder, at=T0)
    assert item.level == FeedbackItem.Level.TEAM
    assert item.state == State.ROUTED
    assert item.addressees.count() == 3

    for n, (team, sm) in enumerate(three_teams[:2]):
        services.feedback_acknowledge(item=item, by=sm, team=team,
                                      at=T0 + timedelta(hours=n + 1))
        assert item.state == State.ROUTED
    team, sm = three_teams[2]
    services.feedback_acknowledge(item=item, by=sm, at=T0 + timedelta(hours=5))
    item.refresh_from_db()
    assert item.state == State.ACKNOWLEDGED
    assert item.acknowledged_at == T0 + timedelta(hours=5)

    services.feedback_answer(item=item, by=sm, text="Release calendar updated",
                             at=T0 + timedelta(hours=6))
    assert item.state == State.ANSWERED
    services.feedback_close(item=item, by=cast.stakeholder, at=T0 + timedelta(hours=7))
    assert item.state == State.CLOSED
    assert item.events.filter(kind="acknowledged").count() == 4  # three teams, then the item


def test_a_decision_may_be_closed_once_every_team_has_acknowledged(cast, three_teams):
    item = services.decision_route_down(programme=cast.programme, title="Use the new VPN",
                                        teams=[t for t, _ in three_teams], by=cast.msm)
    for team, sm in three_teams:
        services.feedback_acknowledge(item=item, by=sm, team=team)

    services.feedback_close(item=item, by=cast.msm)

    assert item.state == State.CLOSED


def test_a_team_cannot_acknowledge_twice(cast, three_teams):
    item = services.decision_route_down(programme=cast.programme, title="x",
                                        teams=[t for t, _ in three_teams], by=cast.msm)
    services.feedback_acknowledge(item=item, by=cast.scrum_master, team=cast.team)

    with pytest.raises(services.FeedbackError, match="already acknowledged"):
        services.feedback_acknowledge(item=item, by=cast.member, team=cast.team)


def test_a_decision_needs_teams(cast):
    with pytest.raises(services.FeedbackError, match="Choose the teams"):
        services.decision_route_down(programme=cast.programme, title="x", teams=[],
                                     by=cast.msm)
