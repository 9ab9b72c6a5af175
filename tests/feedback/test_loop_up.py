"""An impediment travels up from a team to the stakeholders and its loop is closed."""

from datetime import timedelta

from feedback import services
from feedback.models import FeedbackEvent, FeedbackItem
from tests import factories

from .helpers import T0, raise_impediment

State, Level = FeedbackItem.State, FeedbackItem.Level


def test_it_routes_a_team_impediment_to_the_msm(cast):
    item = raise_impediment(cast)

    assert item.state == State.ROUTED
    assert item.level == Level.PROGRAMME
    assert item.holder_programme == cast.programme
    assert item.origin == FeedbackItem.Origin.TEAM
    assert item.owner == cast.scrum_master
    assert item.routed_at == T0
    assert list(item.events.values_list("kind", flat=True)) == ["raised", "routed"]


def test_it_walks_up_to_the_stakeholders_and_the_originator_closes(cast):
    top_stakeholder = factories.make_stakeholder(cast.parent)
    item = raise_impediment(cast)

    services.feedback_acknowledge(item=item, by=cast.msm, at=T0 + timedelta(hours=2))
    assert item.state == State.ACKNOWLEDGED
    assert item.acknowledged_at == T0 + timedelta(hours=2)

    services.feedback_escalate(item=item, by=cast.msm, comment="Needs budget",
                               at=T0 + timedelta(hours=3))
    assert (item.level, item.holder_programme, item.state) == (
        Level.PARENT, cast.parent, State.ROUTED)

    services.feedback_escalate(item=item, by=cast.parent_msm, at=T0 + timedelta(hours=4))
    assert (item.level, item.holder_programme) == (Level.STAKEHOLDERS, cast.parent)
    assert item.escalated_at == T0 + timedelta(hours=4)

    services.feedback_acknowledge(item=item, by=top_stakeholder, at=T0 + timedelta(days=1))
    services.feedback_answer(item=item, by=top_stakeholder, text="Budget approved",
                             at=T0 + timedelta(days=2))
    assert item.state == State.ANSWERED
    assert item.answer == "Budget approved"
    assert item.respond_by is None

    services.feedback_close(item=item, by=cast.scrum_master, at=T0 + timedelta(days=3))
    item.refresh_from_db()
    assert item.state == State.CLOSED
    assert item.closed_at == T0 + timedelta(days=3)
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == ["raised", "routed", "acknowledged", "escalated", "escalated",
                     "acknowledged", "answered", "closed"]
    actors = list(item.events.values_list("actor__email", flat=True))
    assert actors[-1] == cast.scrum_master.email


def test_a_programme_without_parent_escalates_straight_to_its_stakeholders(db):
    programme = factories.ProgrammeFactory(name="Solo")
    team = factories.TeamFactory(programme=programme)
    sm = factories.make_scrum_master(team)
    msm = factories.make_msm(programme)
    item = services.impediment_raise(programme=programme, team=team, title="x", raised_by=sm)

    services.feedback_escalate(item=item, by=msm)

    assert item.level == Level.STAKEHOLDERS
    assert item.holder_programme == programme


def test_the_originator_reopens_with_a_comment(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Restarted it")
    services.feedback_close(item=item, by=cast.scrum_master)

    services.feedback_reopen(item=item, by=cast.scrum_master, comment="Down again")

    assert item.state == State.ACKNOWLEDGED
    assert item.closed_at is None and item.answered_at is None
    event = item.events.get(kind=FeedbackEvent.Kind.REOPENED)
    assert event.text == "Down again"


def test_another_member_of_the_team_is_not_the_originator_but_the_scrum_master_is(cast):
    item = raise_impediment(cast, raised_by=cast.member)
    services.feedback_answer(item=item, by=cast.msm, text="Done")

    services.feedback_close(item=item, by=cast.scrum_master)

    assert item.state == State.CLOSED


def test_the_msm_delegates_an_item_down_to_a_team(cast):
    item = services.feedback_raise(programme=cast.programme, kind="question", title="Why?",
                                   direction="down", raised_by=cast.stakeholder)
    assert item.level == Level.PROGRAMME

    services.feedback_delegate(item=item, by=cast.msm, teams=[cast.team])

    assert item.level == Level.TEAM
    assert list(item.addressees.values_list("team", flat=True)) == [cast.team.pk]
    services.feedback_acknowledge(item=item, by=cast.member)
    assert item.state == State.ACKNOWLEDGED
