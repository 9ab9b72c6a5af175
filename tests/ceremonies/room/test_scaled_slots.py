"""The Scrum of Scrums as a team: each slot shows what its team said it may stop in others
and what others said about it, late dependencies in both teams' slots, every team counted as
represented when someone of it is here or its update is posted, and the closing slot walking
the top of the impediment backlog in the MSM's order."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ceremonies.models import Attendance, Dependency
from ceremonies.steering.pack import steering_pack
from ceremonies.updates.services import Stop
from feedback.backlog import services as backlog
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post, upcoming_meeting
from tests.feedback.backlog import raised


def url(meeting):
    return reverse("ceremonies:room", kwargs={"slug": meeting.programme.slug, "pk": meeting.pk})


def slot(html, title):
    """The agenda entry of the slot called `title`."""
    entry = html.split(f'<span class="agenda-title">{title}</span>')[1]
    return entry.split('<li class="agenda-item')[0]


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def test_the_stopped_team_sees_what_another_team_said_about_it(client, cast):
    meeting = upcoming_meeting(cast.programme)  # the one Today shows too
    post(cast.team, cast.scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=cast.other_team, what="We freeze the card schema on Friday")])
    client.force_login(cast.other_scrum_master)
    html = client.get(url(meeting)).content.decode()
    assert "Other teams may stop Card Gateway:" in slot(html, "Card Gateway")
    assert "Ledger: We freeze the card schema on Friday" in slot(html, "Card Gateway")
    assert "Ledger may stop:" in slot(html, "Ledger")
    today = client.get(reverse("ceremonies:today", kwargs={"slug": cast.programme.slug}))
    assert "Ledger: We freeze the card schema on Friday" in today.content.decode()


def test_a_late_dependency_is_flagged_in_both_teams_slots(client, cast, meeting):
    Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                              providing_team=cast.other_team, what="Card API v2",
                              status="accepted",
                              committed_date=cast.programme.today() - timedelta(days=1))
    client.force_login(cast.msm)
    html = client.get(url(meeting)).content.decode()
    for title in ("Ledger", "Card Gateway"):
        assert "Late dependency" in slot(html, title)
        assert "Card API v2" in slot(html, title)


def test_an_accepted_dependency_on_time_is_not_flagged(client, cast, meeting):
    Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                              providing_team=cast.other_team, what="Card API v2",
                              status="accepted", committed_date=cast.programme.today())
    client.force_login(cast.msm)
    assert "Late dependency" not in client.get(url(meeting)).content.decode()


def test_a_team_is_represented_by_its_update_or_by_someone_of_it_in_the_room(
        client, cast, meeting):
    post(cast.team, cast.scrum_master, meeting=meeting)
    client.force_login(cast.msm)
    html = client.get(url(meeting)).content.decode()
    assert "Not represented (1 of 2 teams" in html and "</strong> Card Gateway</p>" in html
    Attendance.objects.create(meeting=meeting, person=cast.other_scrum_master)
    html = client.get(url(meeting)).content.decode()
    assert "Every team is represented" in html


def test_the_msm_being_here_does_not_represent_a_team(client, cast, meeting):
    Attendance.objects.create(meeting=meeting, person=cast.msm)
    client.force_login(cast.msm)
    assert "Not represented (2 of 2 teams" in client.get(url(meeting)).content.decode()


def test_the_closing_slot_walks_the_backlog_in_the_msms_order(client, cast, meeting):
    first, second = raised(cast, "Test env down", "No card sandbox")
    backlog.backlog_move(programme=cast.programme, item_id=second.pk, by=cast.msm,
                         direction="up")
    client.force_login(cast.member)
    closing = slot(client.get(url(meeting)).content.decode(),
                   "Impediments and resource conflicts")
    assert closing.index("No card sandbox") < closing.index("Test env down")


def test_the_steering_pack_follows_the_backlog_order(cast):
    first, second = raised(cast, "Test env down", "No card sandbox")
    assert [i["title"] for i in steering_pack(programme=cast.programme)["stopping"][
        "impediments"]] == ["Test env down", "No card sandbox"]
    backlog.backlog_move(programme=cast.programme, item_id=second.pk, by=cast.msm,
                         direction="up")
    stopping = steering_pack(programme=cast.programme)["stopping"]["impediments"]
    assert [(i["title"], i["backlog_position"]) for i in stopping] == [
        ("No card sandbox", 1), ("Test env down", 2)]
