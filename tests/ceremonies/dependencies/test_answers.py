"""A dependency is requested until the providing team answers: accepted with a committed date,
countered with another date (which the needing team may take), or declined with a reason;
only the providing team answers, never with a date in the past; then delivered or dropped."""

from datetime import timedelta

import pytest

from ceremonies.dependencies import services as deps
from ceremonies.models import Dependency
from tests import factories
from tests.ceremonies.dependencies import events, requested, sent_to, subscribe

S = Dependency.Status


@pytest.fixture
def later(cast):
    return cast.programme.today() + timedelta(days=10)


def test_a_request_reaches_the_providing_team_and_is_sent_as_an_event(cast):
    hook = subscribe(cast.programme, "dependency.requested")
    dependency = requested(cast)
    assert dependency.status == S.REQUESTED
    assert sent_to(cast.other_scrum_master) == [
        "Ledger needs something from Card Gateway"]
    assert events(hook) == ["dependency.requested"]


def test_the_providing_team_accepts_with_a_date_and_the_needing_team_hears_it(cast, later):
    hook = subscribe(cast.programme, "dependency.answered")
    dependency = deps.dependency_answer(dependency=requested(cast), by=cast.other_scrum_master,
                                        answer=S.ACCEPTED, committed_date=later)
    assert (dependency.status, dependency.committed_date) == (S.ACCEPTED, later)
    assert sent_to(cast.scrum_master) == ["Card Gateway answered: accepted"]
    assert events(hook) == ["dependency.answered"]


def test_a_counter_offers_another_date_that_the_needing_team_takes(cast, later):
    dependency = deps.dependency_answer(dependency=requested(cast), by=cast.other_scrum_master,
                                        answer=S.COUNTERED, committed_date=later)
    assert dependency.status == S.COUNTERED
    assert sent_to(cast.scrum_master) == ["Card Gateway answered: countered"]
    with pytest.raises(deps.DependencyError) as refused:
        deps.dependency_take_counter(dependency=dependency, by=cast.other_scrum_master)
    assert refused.value.status == 403
    taken = deps.dependency_take_counter(dependency=dependency, by=cast.scrum_master)
    assert (taken.status, taken.committed_date) == (S.ACCEPTED, later)


def test_a_decline_needs_a_reason(cast):
    dependency = requested(cast)
    with pytest.raises(deps.DependencyError, match="Say why"):
        deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                               answer=S.DECLINED)
    declined = deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                                      answer=S.DECLINED, reason="Not this quarter.")
    assert (declined.status, declined.answer, declined.committed_date) == (
        S.DECLINED, "Not this quarter.", None)
    assert sent_to(cast.scrum_master) == ["Card Gateway answered: declined"]


@pytest.mark.parametrize("who", ["scrum_master", "member", "msm", "stakeholder", "outsider"])
def test_only_the_providing_team_answers(cast, later, who):
    dependency = requested(cast)
    with pytest.raises(deps.DependencyError) as refused:
        deps.dependency_answer(dependency=dependency, by=getattr(cast, who),
                               answer=S.ACCEPTED, committed_date=later)
    assert refused.value.status == 403
    assert Dependency.objects.get().status == S.REQUESTED


@pytest.mark.parametrize("answer", [S.ACCEPTED, S.COUNTERED])
def test_a_date_in_the_past_or_none_is_refused(cast, answer):
    dependency = requested(cast)
    for date in (cast.programme.today() - timedelta(days=1), None):
        with pytest.raises(deps.DependencyError) as refused:
            deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                                   answer=answer, committed_date=date)
        assert (refused.value.status, refused.value.field) == (400, "committed_date")
    assert Dependency.objects.get().status == S.REQUESTED


def test_an_answered_dependency_is_not_answered_again(cast, later):
    dependency = deps.dependency_answer(dependency=requested(cast), by=cast.other_scrum_master,
                                        answer=S.ACCEPTED, committed_date=later)
    with pytest.raises(deps.DependencyError) as refused:
        deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                               answer=S.DECLINED, reason="Changed our minds")
    assert refused.value.status == 409
    assert Dependency.objects.get().status == S.ACCEPTED


def test_only_an_accepted_dependency_is_delivered(cast, later):
    dependency = requested(cast)
    with pytest.raises(deps.DependencyError, match="Only an accepted"):
        deps.dependency_close(dependency=dependency, by=cast.scrum_master, status=S.DELIVERED)
    deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                           answer=S.ACCEPTED, committed_date=later)
    delivered = deps.dependency_close(dependency=dependency, by=cast.scrum_master,
                                      status=S.DELIVERED)
    assert delivered.status == S.DELIVERED and delivered.delivered_at is not None
    with pytest.raises(deps.DependencyError):
        deps.dependency_close(dependency=dependency, by=cast.scrum_master, status=S.DROPPED)


def test_people_outside_both_teams_neither_deliver_nor_drop(cast):
    dependency = requested(cast)
    for who in (cast.stakeholder, cast.outsider):
        with pytest.raises(deps.DependencyError) as refused:
            deps.dependency_close(dependency=dependency, by=who, status=S.DROPPED)
        assert refused.value.status == 403
    assert deps.dependency_close(dependency=dependency, by=cast.msm,
                                 status=S.DROPPED).status == S.DROPPED


def test_the_same_open_request_twice_is_one_dependency(cast):
    assert requested(cast).pk == requested(cast).pk
    assert Dependency.objects.count() == 1


def test_a_team_of_another_programme_tree_is_refused(cast):
    elsewhere = factories.TeamFactory(programme=cast.other_programme, name="Hidden")
    with pytest.raises(deps.DependencyError) as refused:
        deps.dependency_request(needing_team=cast.team, by=cast.scrum_master,
                                need=deps.Need(providing_team=elsewhere, what="Secrets"))
    assert refused.value.field == "providing_team"


def test_people_outside_the_needing_team_do_not_request_for_it(cast):
    with pytest.raises(deps.DependencyError) as refused:
        deps.dependency_request(needing_team=cast.team, by=cast.other_scrum_master,
                                need=deps.Need(providing_team=cast.other_team, what="X"))
    assert refused.value.status == 403
