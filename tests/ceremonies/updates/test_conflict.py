"""Two people editing one update: a stale save is refused with the other text, not lost."""

import threading

import pytest
from django.db import connection

from ceremonies.models import DailyUpdate
from ceremonies.updates.services import UpdateConflict, policy_set
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def test_a_save_against_a_newer_version_is_refused_with_their_text(cast, meeting):
    post(cast.team, cast.scrum_master)
    policy_set(team=cast.team, by=cast.scrum_master, members_may_post=True)
    post(cast.team, cast.scrum_master, version=1, done="Sam's edit")
    with pytest.raises(UpdateConflict) as conflict:
        post(cast.team, cast.member, version=1, done="Ana's edit")
    assert conflict.value.current.done == "Sam's edit" and conflict.value.current.version == 2
    assert conflict.value.status == 409
    assert DailyUpdate.objects.get().done == "Sam's edit"


def test_re_applying_with_the_version_shown_wins(cast, meeting):
    post(cast.team, cast.scrum_master)
    post(cast.team, cast.scrum_master, version=1, done="Sam's edit")
    assert post(cast.team, cast.msm, version=2, done="Maya's edit").version == 3


def test_a_second_first_post_is_a_conflict(cast, meeting):
    post(cast.team, cast.scrum_master, done="First")
    with pytest.raises(UpdateConflict) as conflict:
        post(cast.team, cast.msm, done="Also first")
    assert conflict.value.current.done == "First"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_win(cast, meeting):
    post(cast.team, cast.scrum_master)
    barrier, outcomes = threading.Barrier(2), []

    def save(person, text):
        try:
            barrier.wait()
            post(cast.team, person, version=1, done=text)
            outcomes.append("saved")
        except UpdateConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(p, t)) for p, t in
               ((cast.scrum_master, "one"), (cast.msm, "two"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert DailyUpdate.objects.get().version == 2
