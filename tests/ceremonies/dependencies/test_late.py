"""An accepted dependency past its committed date is late: flagged once (both teams told, a
`dependency.late` event), and after the programme's grace escalated as an impediment held by
the programme, or by the lowest programme above both teams when they sit in different ones."""

from datetime import date

import pytest

from ceremonies.dependencies import services as deps
from ceremonies.dependencies.services import dependencies_check_late, settings_for
from ceremonies.models import Dependency
from feedback.models import FeedbackItem
from tests import factories
from tests.ceremonies.dependencies import accepted, events, sent_to, subscribe

COMMITTED = date(2027, 3, 8)  # a Monday; the grace is 2 days by default


@pytest.mark.clock("2027-03-08T18:00:00+00:00")
def test_on_its_committed_day_it_is_not_late(cast):
    dependency = accepted(cast, COMMITTED)
    assert dependencies_check_late() == (0, 0)
    assert not dependency.is_late(cast.programme.today())


@pytest.mark.clock("2027-03-09T09:00:00+00:00")
def test_the_day_after_it_is_flagged_once_and_both_teams_hear(cast):
    hook = subscribe(cast.programme, "dependency.late")
    accepted(cast, COMMITTED)
    assert dependencies_check_late() == (1, 0)
    assert dependencies_check_late() == (0, 0)
    late = "Late: Card Gateway → Ledger, “Card API v2”"
    assert sent_to(cast.scrum_master) == [late]  # the needing team
    assert sorted(sent_to(cast.other_scrum_master)) == [  # the providing team, asked before
        late, "Ledger needs something from Card Gateway"]
    assert events(hook) == ["dependency.late"]
    assert Dependency.objects.get().escalation is None


@pytest.mark.clock("2027-03-11T09:00:00+00:00")
def test_past_the_grace_it_is_escalated_to_the_programme_once(cast):
    dependency = accepted(cast, COMMITTED)
    assert dependencies_check_late() == (1, 1)
    assert dependencies_check_late() == (0, 0)
    dependency.refresh_from_db()
    item = dependency.escalation
    assert (item.kind, item.level, item.holder_programme, item.origin_team) == (
        "impediment", "programme", cast.programme, cast.team)
    assert item.title == "Late dependency: Card API v2"


@pytest.mark.clock("2027-03-11T09:00:00+00:00")
def test_the_grace_is_the_programmes_own(cast):
    grace = settings_for(cast.programme)
    grace.dependency_grace_days = 5
    grace.save()
    accepted(cast, COMMITTED)
    assert dependencies_check_late() == (1, 0)
    assert not FeedbackItem.objects.exists()


@pytest.mark.clock("2027-03-11T09:00:00+00:00")
def test_a_delivered_or_dropped_one_is_never_late(cast):
    for status in ("delivered", "dropped"):
        dependency = accepted(cast, COMMITTED, what=status)
        Dependency.objects.filter(pk=dependency.pk).update(status=status)
    assert dependencies_check_late() == (0, 0)


@pytest.mark.clock("2027-03-11T09:00:00+00:00")
def test_across_programmes_it_climbs_to_the_programme_above_both(cast):
    sibling = factories.ProgrammeFactory(name="Cards", parent=cast.parent)
    cards = factories.TeamFactory(programme=sibling, name="Issuing")
    kai = factories.make_scrum_master(cards, factories.PersonFactory(name="Kai SM"))
    dependency = deps.dependency_request(
        needing_team=cast.team, by=cast.scrum_master,
        need=deps.Need(providing_team=cards, what="Token vault"))
    Dependency.objects.filter(pk=dependency.pk).update(status="accepted",
                                                       committed_date=COMMITTED)
    assert dependencies_check_late() == (1, 1)
    item = Dependency.objects.get().escalation
    assert (item.level, item.holder_programme, item.programme) == (
        "parent", cast.parent, cast.programme)
    assert sorted(sent_to(kai)) == ["Late: Issuing → Ledger, “Token vault”",
                                    "Ledger needs something from Issuing"]
