"""Who has posted for which Scrum of Scrums: one answer, for a programme, a tree and a room."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ceremonies.meetings import state as room
from ceremonies.meetings.posting import (
    child_totals,
    figure,
    meetings_posted_for,
    posting_for,
    posting_tree,
)
from ceremonies.models import Kind
from tests import factories
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import BEFORE, post


@pytest.fixture
def trains(cast):
    """Northwind above Payments (Ledger, Card Gateway) and Experience, which has a programme
    of its own below it, Mobile (App, Web): three levels."""
    experience = factories.ProgrammeFactory(name="Experience", parent=cast.parent)
    mobile = factories.ProgrammeFactory(name="Mobile", parent=experience)
    app = factories.TeamFactory(programme=mobile, name="App")
    factories.TeamFactory(programme=mobile, name="Web")
    return experience, mobile, app


def test_each_programme_posts_for_its_running_meeting_else_its_next_open_one(cast, trains):
    _, mobile, _ = trains
    missed = make_meeting(cast.programme)  # 09:30 today, never started
    tomorrow = make_meeting(cast.programme, day=missed.occurrence + timedelta(days=1))
    running = make_meeting(mobile)
    room.meeting_start(meeting=running, by=cast.msm, at=BEFORE + timedelta(minutes=30))
    make_meeting(mobile, day=missed.occurrence + timedelta(days=1))
    after_the_timebox = BEFORE + timedelta(minutes=46)

    chosen = meetings_posted_for([cast.programme.pk, mobile.pk, cast.parent.pk],
                                 after_the_timebox)

    assert chosen == {cast.programme.pk: tomorrow, mobile.pk: running}
    assert meetings_posted_for([cast.programme.pk], BEFORE) == {cast.programme.pk: missed}


def test_a_team_posted_when_its_update_for_that_meeting_exists(cast):
    meeting = make_meeting(cast.programme)
    post(cast.team, cast.scrum_master)
    posting = posting_for(meeting)
    assert [t.name for t in posting.teams] == ["Card Gateway", "Ledger"]
    assert posting.missing == [cast.other_team] and posting.posted == 1


def test_an_update_for_another_day_does_not_count(cast):
    today = make_meeting(cast.programme)
    tomorrow = make_meeting(cast.programme, day=today.occurrence + timedelta(days=1))
    post(cast.team, cast.scrum_master)  # for today's
    assert posting_for(tomorrow).posted == 0


def test_a_parent_adds_up_every_programme_with_teams_below_it(cast, trains):
    experience, mobile, app = trains
    make_meeting(cast.programme)
    make_meeting(mobile)
    post(cast.team, cast.scrum_master)
    post(app, cast.parent_msm)

    tree = posting_tree(cast.parent, BEFORE)

    assert tree.own.teams == []
    assert [row.programme for row in tree.below.rows] == [cast.programme, mobile]
    assert (tree.below.teams, tree.below.posted, tree.below.missing) == (4, 2, 2)
    data = figure(tree.below)
    assert [(p["name"], p["posted"], p["teams"]) for p in data["programmes"]] == [
        ("Payments", 1, 2), ("Mobile", 1, 2)]
    assert data["programmes"][1]["missing_teams"] == [{"id": mobile.teams.get(name="Web").pk,
                                                       "name": "Web"}]
    assert posting_tree(experience, BEFORE).below.teams == 2


def test_teams_of_a_programme_with_no_meeting_coming_up_have_not_posted(cast, trains):
    make_meeting(cast.programme)
    tree = posting_tree(cast.parent, BEFORE)
    mobile = tree.below.rows[1]
    assert mobile.meeting is None and mobile.posted == 0 and len(mobile.missing) == 2


def test_the_tree_costs_the_same_queries_for_two_programmes_and_for_ten(
        cast, django_assert_num_queries):
    for n in range(8):
        train = factories.ProgrammeFactory(name=f"Train {n}", parent=cast.parent)
        factories.TeamFactory(programme=train, name=f"Squad {n}")
        make_meeting(train)
    with django_assert_num_queries(2):  # the meetings, the teams with their updates
        tree = posting_tree(cast.parent, BEFORE)
    assert len(tree.below.rows) == 9


def test_a_child_slot_adds_up_the_child_and_the_programmes_below_it(cast, trains):
    experience, mobile, app = trains
    parent_meeting = make_meeting(cast.parent)
    make_meeting(mobile)
    post(app, cast.parent_msm, health="red", health_reason="Store review")

    totals = child_totals(parent_meeting, [cast.programme, experience])

    assert (totals[experience.pk].teams, totals[experience.pk].posted) == (2, 1)
    assert totals[experience.pk].red == 1
    assert (totals[cast.programme.pk].teams, totals[cast.programme.pk].posted) == (2, 0)


def test_nobody_posts_for_a_brown_bag(cast):
    meeting = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60)
    assert posting_for(meeting).teams == []


def _room(client, meeting):
    return client.get(reverse("ceremonies:room", kwargs={"slug": meeting.programme.slug,
                                                         "pk": meeting.pk})).content.decode()


def test_the_room_lists_a_missing_team_even_when_its_slot_was_removed(client, cast):
    meeting = make_meeting(cast.programme)
    meeting.items.filter(team=cast.other_team).delete()
    client.force_login(cast.msm)
    html = _room(client, meeting)
    assert "No update yet (2 of 2 teams):</strong> Card Gateway, Ledger</p>" in html


def test_a_brown_bag_talk_of_a_team_is_not_flagged_as_a_missing_update(client, cast):
    meeting = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60)
    meeting.items.create(position=50, title="Auth, solved first", timebox_seconds=600,
                         team=cast.team)
    client.force_login(cast.msm)
    html = _room(client, meeting)
    assert "No update posted" not in html and "No update yet" not in html
