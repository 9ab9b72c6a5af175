"""The room shows each team's update in its slot, flags teams without one, and rolls up a
child programme in a parent's Scrum of Scrums; its cost does not grow with the teams."""

import pytest
from django.urls import reverse

from ceremonies.meetings import state as room
from ceremonies.models import DailyUpdate, Dependency
from feedback.services import impediment_raise
from programmes.models import Team
from tests import factories
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post


def url(meeting, name="room"):
    return reverse(f"ceremonies:{name}", kwargs={"slug": meeting.programme.slug,
                                                 "pk": meeting.pk})


@pytest.fixture
def meeting(cast):
    meeting = make_meeting(cast.programme)
    post(cast.team, cast.scrum_master, done="Ledger export shipped", health="amber",
         health_reason="Release slips a day", blockers="Test env down")
    return meeting


def test_before_the_meeting_the_room_flags_teams_without_an_update(client, cast, meeting):
    client.force_login(cast.msm)
    html = client.get(url(meeting)).content.decode()
    assert "No update yet (1 of 2 teams):</strong> Card Gateway</p>" in html
    assert "Amber: at risk" in html and "Ledger export shipped" in html


def test_the_current_slot_shows_its_teams_update_live(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    first = meeting.current_item
    client.force_login(cast.scrum_master)
    html = client.get(url(meeting, "live"), {"v": 0}).content.decode()
    live = html.split('id="agenda"')[0]
    if first.team == cast.team:
        assert "Ledger export shipped" in live and "Test env down" in live
    else:
        assert "Card Gateway posted no update" in live
    assert "No update posted" in html  # the agenda in the same fragment flags the missing team


def test_the_missing_team_is_flagged_in_its_slot_during_the_meeting(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    if meeting.current_item.team != cast.other_team:
        room.meeting_next(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    live = client.get(url(meeting, "live"), {"v": 0}).content.decode().split('id="agenda"')[0]
    assert "Card Gateway posted no update" in live


def test_a_parent_slot_rolls_up_its_child_programme(client, cast):
    child_meeting = make_meeting(cast.programme)
    post(cast.team, cast.scrum_master, health="red", health_reason="Blocked")
    impediment_raise(programme=cast.programme, team=cast.team, title="No DBA",
                     raised_by=cast.scrum_master)
    Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                              providing_team=cast.other_team, what="Card API")
    parent_meeting = make_meeting(cast.parent)
    item = parent_meeting.items.get(child_programme=cast.programme)
    assert child_meeting.occurrence == parent_meeting.occurrence
    client.force_login(cast.parent_msm)
    html = client.get(url(parent_meeting)).content.decode()
    rollup = html.split(f'aria-label="Roll-up of {cast.programme}"')[1].split("</ul>")[0]
    assert "<strong>1</strong> red" in rollup and "<strong>0</strong> amber" in rollup
    assert "<strong>1</strong> open impediments" in rollup
    assert "<strong>1</strong> unmet dependencies" in rollup
    assert "<strong>1</strong> of 2 teams without an update" in rollup
    assert item.title == cast.programme.name


def _programme_with_teams(count):
    programme = factories.ProgrammeFactory(name=f"Wide {count}")
    msm = factories.make_msm(programme)
    Team.objects.bulk_create(Team(programme=programme, name=f"Team {n:03}", slug=f"t{n}")
                             for n in range(count))
    meeting = make_meeting(programme)
    teams = list(programme.teams.all())
    DailyUpdate.objects.bulk_create(
        DailyUpdate(team=t, meeting=meeting, done="x", blockers="a\nb", health="red")
        for t in teams[::2])
    return meeting, msm


@pytest.mark.parametrize("teams", [5, 100])
def test_the_room_costs_the_same_for_5_and_100_teams(client, db, teams,
                                                    django_assert_num_queries):
    meeting, msm = _programme_with_teams(teams)
    client.force_login(msm)
    client.get(url(meeting))  # attendance is recorded once, on the first visit
    with django_assert_num_queries(ROOM_QUERIES):
        html = client.get(url(meeting)).content.decode()
    assert html.count("No update posted") == teams - (teams + 1) // 2


@pytest.mark.parametrize("teams", [5, 100])
def test_the_live_poll_costs_the_same_for_5_and_100_teams(client, db, teams,
                                                         django_assert_num_queries):
    meeting, msm = _programme_with_teams(teams)
    room.meeting_start(meeting=meeting, by=msm)
    client.force_login(msm)
    with django_assert_num_queries(12):  # as in room/test_pages: the poll stays at 12
        assert client.get(url(meeting, "live"), {"v": 0}).status_code == 200


ROOM_QUERIES = 23  # ... including the resource conflicts of the closing slot and the top of
# the impediment backlog, the stop notices and open dependencies of the slots, the teams
# represented (someone of the team here), who has posted
# for the meeting, the decision form's proposed team and whether the programme has
# stakeholders, the earlier open actions to review and the review recorded here (the owner
# and teams pickers search as one types, so the page lists no people and no other teams),
# and the people the facilitator added to the minutes' recipients


def test_a_team_slot_counts_the_teams_open_dependencies(client, cast, meeting):
    Dependency.objects.create(programme=cast.programme, needing_team=cast.other_team,
                              providing_team=cast.team, what="Ledger feed")
    client.force_login(cast.msm)
    html = client.get(url(meeting)).content.decode()
    assert "1 open dependency</a> involve Ledger" in html
    assert "1 open dependency</a> involve Card Gateway" in html
