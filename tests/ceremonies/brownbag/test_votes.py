"""Voting on talks: one vote per person per talk, changeable, people of the programme only,
and final once the call for talks has closed."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError

from ceremonies.brownbag import services as brownbag
from ceremonies.models import TalkVote
from tests.ceremonies.brownbag import fixed_brown_bag, sibling_of, talk

OPEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
CLOSED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def proposed(cast):
    fixed_brown_bag(cast.programme)
    return talk(cast.programme, cast.member, team=cast.team, at=OPEN)


def test_a_person_votes_once_for_a_talk(cast, proposed):
    assert brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=True, at=OPEN)
    assert brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=True, at=OPEN)
    assert TalkVote.objects.filter(talk=proposed).count() == 1


def test_the_database_refuses_a_second_vote(cast, proposed):
    TalkVote.objects.create(talk=proposed, person=cast.msm)
    with pytest.raises(IntegrityError):
        TalkVote.objects.create(talk=proposed, person=cast.msm)


def test_a_vote_toggles_and_can_be_taken_back(cast, proposed):
    assert brownbag.talk_vote(talk=proposed, by=cast.stakeholder, at=OPEN) is True
    assert brownbag.talk_vote(talk=proposed, by=cast.stakeholder, at=OPEN) is False
    assert not TalkVote.objects.filter(talk=proposed).exists()
    brownbag.talk_vote(talk=proposed, by=cast.stakeholder, vote=True, at=OPEN)
    assert brownbag.talk_vote(talk=proposed, by=cast.stakeholder, vote=False, at=OPEN) is False
    assert not TalkVote.objects.filter(talk=proposed).exists()


def test_each_person_has_their_own_vote(cast, proposed):
    for person in (cast.msm, cast.scrum_master, cast.other_scrum_master, cast.parent_msm):
        brownbag.talk_vote(talk=proposed, by=person, vote=True, at=OPEN)
    [counted] = brownbag.talks_for(proposed.sprint, cast.msm)
    assert counted.vote_count == 4 and counted.my_vote


def test_an_outsider_cannot_vote(cast, proposed):
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.talk_vote(talk=proposed, by=cast.outsider, vote=True, at=OPEN)
    assert refused.value.status == 403
    assert not TalkVote.objects.exists()


def test_a_member_of_a_sibling_programme_cannot_vote(cast, proposed):
    _, _, sibling_member, _ = sibling_of(cast)
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.talk_vote(talk=proposed, by=sibling_member, vote=True, at=OPEN)
    assert refused.value.status == 403


def test_votes_are_refused_once_the_call_has_closed(cast, proposed):
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=True, at=CLOSED)
    assert refused.value.status == 409
    assert "closed on Mon 23 November at 12:00" in str(refused.value)
    assert "Votes are final" in str(refused.value)


def test_a_vote_cannot_be_taken_back_after_the_call_closed(cast, proposed):
    brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=True, at=OPEN)
    with pytest.raises(brownbag.BrownBagError):
        brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=False, at=CLOSED)
    assert TalkVote.objects.filter(talk=proposed, person=cast.scrum_master).exists()
