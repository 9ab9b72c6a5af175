"""An update is editable until the Scrum of Scrums starts, and read-only afterwards."""

from datetime import timedelta

import pytest

from ceremonies.meetings import state as room
from ceremonies.updates.services import UpdateError, next_sos, update_save
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import BEFORE, post


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def test_the_scrum_master_posts_for_the_next_scrum_of_scrums(cast, meeting):
    update = post(cast.team, cast.scrum_master)
    assert update.meeting == meeting and update.version == 1
    assert update.author == cast.scrum_master


def test_it_is_editable_before_the_meeting_starts(cast, meeting):
    update = post(cast.team, cast.scrum_master)
    edited = post(cast.team, cast.scrum_master, version=1, done="Edited",
                  at=BEFORE + timedelta(minutes=29))
    assert edited.pk == update.pk and edited.version == 2 and edited.done == "Edited"


def test_it_is_read_only_once_the_meeting_started(cast, meeting):
    post(cast.team, cast.scrum_master)
    room.meeting_start(meeting=meeting, by=cast.msm, at=BEFORE + timedelta(minutes=30))
    with pytest.raises(UpdateError) as refused:
        post(cast.team, cast.scrum_master, version=1, done="Too late",
             at=BEFORE + timedelta(minutes=31))
    assert refused.value.status == 409
    meeting.updates.get()  # unchanged
    assert meeting.updates.get().done == "Shipped the ledger export"


def test_it_is_read_only_once_the_timebox_passed_even_if_nobody_started_it(cast, meeting):
    with pytest.raises(UpdateError) as refused:
        post(cast.team, cast.scrum_master, at=BEFORE + timedelta(minutes=46))
    assert refused.value.status == 409 and "no Scrum of Scrums coming up" in str(refused.value)


def test_a_late_post_goes_to_the_next_meeting(cast, meeting):
    tomorrow = make_meeting(cast.programme, day=meeting.occurrence + timedelta(days=1))
    room.meeting_start(meeting=meeting, by=cast.msm, at=BEFORE + timedelta(minutes=30))
    assert next_sos(cast.programme, BEFORE + timedelta(minutes=31)) == tomorrow


def test_without_a_meeting_the_message_says_so(cast):
    with pytest.raises(UpdateError, match="no Scrum of Scrums coming up"):
        post(cast.team, cast.scrum_master)


def test_another_teams_scrum_master_may_not_post(cast, meeting):
    with pytest.raises(UpdateError) as refused:
        post(cast.team, cast.other_scrum_master)
    assert refused.value.status == 403


def test_a_member_posts_only_when_the_scrum_master_allows_it(cast, meeting):
    from ceremonies.updates.services import policy_set
    with pytest.raises(UpdateError):
        post(cast.team, cast.member)
    policy_set(team=cast.team, by=cast.scrum_master, members_may_post=True)
    assert post(cast.team, cast.member).author == cast.member


def test_a_member_cannot_allow_themselves(cast, meeting):
    from ceremonies.updates.services import policy_set
    with pytest.raises(UpdateError):
        policy_set(team=cast.team, by=cast.member, members_may_post=True)


def test_bad_input_is_a_400_with_field_errors(cast, meeting):
    with pytest.raises(UpdateError) as refused:
        update_save(team=cast.team, by=cast.scrum_master, version=None, at=BEFORE,
                    health="purple")
    assert refused.value.status == 400 and "health" in refused.value.errors


def test_a_save_for_a_meeting_that_started_is_refused_not_moved_to_the_next(cast, meeting):
    make_meeting(cast.programme, day=meeting.occurrence + timedelta(days=1))
    room.meeting_start(meeting=meeting, by=cast.msm, at=BEFORE + timedelta(minutes=30))
    with pytest.raises(UpdateError, match="read-only") as refused:
        post(cast.team, cast.scrum_master, meeting=meeting, at=BEFORE + timedelta(minutes=31))
    assert refused.value.status == 409
