"""'We used this' and 'ask this team' on register entries."""

from datetime import date

import pytest

from ceremonies.brownbag import register
from ceremonies.brownbag import services as brownbag
from ceremonies.models import Reuse
from feedback.models import FeedbackItem
from tests.ceremonies.brownbag import sibling_of


@pytest.fixture
def entry(cast):
    return register.register_record(
        team=cast.team, by=cast.member, problem="Card tokenisation", tags="pci",
        solved_on=date(2026, 11, 10), write_up="We tokenise at the edge.")


def test_only_people_of_the_team_or_the_msm_record_its_entries(cast):
    with pytest.raises(brownbag.BrownBagError) as refused:
        register.register_record(team=cast.other_team, by=cast.member, problem="P",
                                 write_up="W", solved_on=date(2026, 11, 1))
    assert refused.value.status == 403
    register.register_record(team=cast.other_team, by=cast.msm, problem="P", write_up="W",
                             solved_on=date(2026, 11, 1))


def test_another_team_records_that_it_used_the_solution(cast, entry):
    register.register_reuse(entry=entry, team=cast.other_team, by=cast.other_scrum_master,
                            note="Saved us a sprint")
    assert [r.team for r in entry.reuses.all()] == [cast.other_team]


def test_a_team_says_so_only_once(cast, entry):
    register.register_reuse(entry=entry, team=cast.other_team, by=cast.other_scrum_master)
    with pytest.raises(brownbag.BrownBagError) as refused:
        register.register_reuse(entry=entry, team=cast.other_team, by=cast.msm)
    assert "already" in str(refused.value)
    assert Reuse.objects.count() == 1


def test_the_team_that_wrote_it_does_not_reuse_it(cast, entry):
    with pytest.raises(brownbag.BrownBagError):
        register.register_reuse(entry=entry, team=cast.team, by=cast.scrum_master)


def test_a_member_cannot_record_reuse_for_a_team_they_are_not_in(cast, entry):
    with pytest.raises(brownbag.BrownBagError) as refused:
        register.register_reuse(entry=entry, team=cast.other_team, by=cast.member)
    assert refused.value.status == 403


def test_a_sibling_programmes_team_records_reuse(cast, entry):
    _, team, member, _ = sibling_of(cast)
    register.register_reuse(entry=entry, team=team, by=member)
    [spread] = register.knowledge_spread(cast.parent)
    assert spread.reuse_count == 1


def test_asking_the_team_routes_a_question_to_it(cast, entry):
    item = register.register_ask(entry=entry, by=cast.other_scrum_master,
                                 via=cast.programme, title="Which vault do you use?")
    assert item.kind == FeedbackItem.Kind.QUESTION and item.level == FeedbackItem.Level.TEAM
    assert [a.team for a in item.addressees.all()] == [cast.team]
    assert item.origin_team == cast.other_team
    assert "Card tokenisation" in item.details


def test_a_member_of_the_team_is_told_to_ask_at_home(cast, entry):
    with pytest.raises(brownbag.BrownBagError) as refused:
        register.register_ask(entry=entry, by=cast.member, via=cast.programme, title="Q?")
    assert refused.value.status == 400


def test_a_sibling_asks_through_their_own_msm(cast, entry):
    sibling, team, member, _ = sibling_of(cast)
    item = register.register_ask(entry=entry, by=member, via=sibling, title="How?")
    assert item.programme == sibling and item.level == FeedbackItem.Level.PROGRAMME
    assert item.origin_team == team and item.title == f"For {cast.team}: How?"


def test_the_knowledge_spread_orders_entries_by_reuse(cast, entry):
    quiet = register.register_record(team=cast.other_team, by=cast.msm, problem="Quiet",
                                     write_up="W", solved_on=date(2026, 11, 11))
    register.register_reuse(entry=entry, team=cast.other_team, by=cast.msm)
    assert register.knowledge_spread(cast.programme) == [entry, quiet]
