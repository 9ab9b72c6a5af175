"""Proposing talks: anyone in the programme, for their own team, while the call is open."""

from datetime import UTC, datetime

import pytest

from ceremonies.brownbag import services as brownbag
from ceremonies.models import Talk
from tests.ceremonies.brownbag import fixed_brown_bag, talk

OPEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def call(cast):
    return fixed_brown_bag(cast.programme)


def test_a_member_proposes_a_talk_for_their_team_in_the_current_sprint(cast, call):
    proposed = talk(cast.programme, cast.member, team=cast.team, at=OPEN, minutes=15)
    assert proposed.sprint.number == 1 and proposed.team == cast.team
    assert proposed.proposed_by == cast.member and proposed.minutes == 15


def test_a_member_cannot_propose_for_another_team(cast, call):
    with pytest.raises(brownbag.BrownBagError) as refused:
        talk(cast.programme, cast.member, team=cast.other_team, at=OPEN)
    assert refused.value.status == 403


def test_a_member_must_name_the_team_giving_the_talk(cast, call):
    with pytest.raises(brownbag.BrownBagError) as refused:
        talk(cast.programme, cast.member, at=OPEN)
    assert refused.value.status == 400


def test_the_msm_and_a_stakeholder_may_propose_without_a_team(cast, call):
    talk(cast.programme, cast.msm, at=OPEN)
    talk(cast.programme, cast.stakeholder, at=OPEN, kind=Talk.Kind.DEMO)
    assert Talk.objects.count() == 2


def test_an_outsider_cannot_propose(cast, call):
    with pytest.raises(brownbag.BrownBagError) as refused:
        talk(cast.programme, cast.outsider, at=OPEN)
    assert refused.value.status == 403


def test_proposals_are_refused_after_the_call_closed(cast, call):
    with pytest.raises(brownbag.BrownBagError) as refused:
        talk(cast.programme, cast.member, team=cast.team,
             at=datetime(2026, 11, 23, 13, 0, tzinfo=UTC))
    assert "closed" in str(refused.value)


def test_links_must_be_web_links(cast, call):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as invalid:
        brownbag.talk_propose(programme=cast.programme, by=cast.member, team=cast.team,
                              title="SSO", kind="demo", links="javascript:alert(1)", at=OPEN)
    assert "links" in invalid.value.message_dict
