"""The pack and the dashboard say who has posted for the next Scrum of Scrums in Today's words:
a parent adds up the programmes below it, each linking to its Today; a train counts its own."""

import copy
import re

import pytest
from django.urls import reverse

from ceremonies.models import Kind, SteeringSnapshot
from ceremonies.steering.pack import steering_pack
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import half_posted_tree, post


@pytest.fixture
def tree(cast):
    return half_posted_tree(cast)


def page(client, programme, name):
    return client.get(reverse(f"ceremonies:{name}", kwargs={"slug": programme.slug}))


def today_link(programme):
    return f'<a href="{reverse("ceremonies:today", kwargs={"slug": programme.slug})}">'


@pytest.mark.parametrize("name", ["steering_pack", "steering"])
def test_a_parent_s_pack_and_dashboard_show_the_children_s_missing_updates(
        client, cast, tree, name):
    client.force_login(cast.parent_msm)
    html = page(client, cast.parent, name).content.decode()
    assert ("<strong>3 of 4 teams</strong> have not posted for their next Scrum of Scrums — "
            f"{today_link(cast.programme)}Payments</a> 1 of 2, "
            f"{today_link(tree)}Experience</a> 2 of 2.") in html
    assert 'data-figure="teams-posted"' in html and 'data-count="1" data-of="4"' in html


def test_the_parent_s_pack_lists_each_programme_with_its_meeting_and_missing_teams(
        client, cast, tree):
    client.force_login(cast.parent_msm)
    html = page(client, cast.parent, "steering_pack").content.decode()
    assert "Payments</a>: 1 of 2 posted; no update yet from Card Gateway" in html
    assert "Experience</a>: 0 of 2 posted; no update yet from Mobile App, Storefront" in html


def test_a_train_s_pack_says_it_for_its_own_teams_and_its_table_agrees(client, cast, tree):
    client.force_login(cast.msm)
    html = page(client, cast.programme, "steering_pack").content.decode()
    assert ("<strong>1 of 2 teams</strong> has not posted for their next Scrum of Scrums — "
            f"{today_link(cast.programme)}Payments</a> 1 of 2.") in html
    assert "Experience" not in html
    table = html.split('id="pack-team-health"')[1].split("</table>")[0]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>.*?data-posted="(\w+)"', table, re.S))
    assert rows == {"Ledger": "yes", "Card Gateway": "no"}


def test_when_every_team_has_posted_the_dashboard_says_so_with_the_count(client, cast, tree):
    for team in [cast.other_team, *tree.teams.all()]:
        post(team, cast.parent_msm, at=None)
    client.force_login(cast.parent_msm)
    html = page(client, cast.parent, "steering").content.decode()
    assert "All 4 teams have posted for their next Scrum of Scrums." in html


def test_the_figure_is_frozen_into_the_snapshot(cast, tree):
    data = steering_pack(programme=cast.parent)
    assert data["version"] == 2
    posting = data["now"]["posting"]
    assert (posting["teams"], posting["posted"], posting["missing"]) == (4, 1, 3)
    assert [(p["slug"], p["missing"]) for p in posting["programmes"]] == [
        (cast.programme.slug, 1), (tree.slug, 2)]


def test_a_snapshot_frozen_before_the_figure_existed_still_renders(client, cast, tree):
    meeting = make_meeting(cast.parent, kind=Kind.STEERING, minutes=60)
    old = copy.deepcopy(steering_pack(programme=cast.parent, meeting=meeting))
    old["version"] = 1
    del old["now"]["posting"]
    for team in old["now"]["teams"]:
        del team["posted_next"]
    for key in ("first", "last", "closed_in_period"):
        del old["now"]["loops"][key]
    snapshot = SteeringSnapshot.objects.create(meeting=meeting, programme=cast.parent,
                                               taken_at=meeting.scheduled_start, data=old)
    client.force_login(cast.parent_msm)
    response = client.get(snapshot.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "It never changes" in html
    assert "Ledger" in html and "Next Scrum of Scrums" not in html
    assert 'data-figure="teams-posted"' not in html
    assert "Feedback loops, last 30 days" in html and "whenever raised" not in html
