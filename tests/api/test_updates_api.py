"""The daily-update API: read, post, edit (409 on stale versions or a closed window), list."""

from datetime import timedelta

import pytest
from django.utils.timezone import localdate

from ceremonies.meetings import state as room
from ceremonies.models import DailyUpdate, Dependency, Meeting
from programmes.models import Team
from tests import factories
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import upcoming_meeting

# token, programme, 2 access, team; in the service: 2 access again, next meeting, meeting lock,
# update lock, 3 foreign-key checks of full_clean (the database holds the constraints),
# insert or update, audit entry, webhook subscribers and the chat app to broadcast to (a first
# post only), 4 savepoints
POST_QUERIES, EDIT_QUERIES = 21, 19


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def path(cast, team=None, tail="update"):
    return f"/api/v1/programmes/{cast.programme.slug}/teams/{(team or cast.team).pk}/{tail}"


def put(client, url, data):
    return client.client.put(url, data, content_type="application/json",
                             headers=client.headers)


def test_it_reads_my_teams_slot_before_anything_is_posted(api_as, cast, meeting):
    body = api_as(cast.scrum_master).get(path(cast)).json()
    assert body["meeting"]["id"] == meeting.pk and body["update"] is None
    assert body["editable"] is True and body["may_post"] is True


def test_the_scrum_master_posts_and_reads_it_back(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    response = client.post(path(cast), {"done": "Shipped", "health": "amber",
                                        "health_reason": "Late",
                                        "needs": [{"team_id": cast.other_team.pk,
                                                   "what": "Card API",
                                                   "needed_by": str(localdate()
                                                                    + timedelta(days=30))}]})
    assert response.status_code == 201
    assert response.json()["version"] == 1 and response.json()["health_label"] == "Amber: at risk"
    assert client.get(path(cast)).json()["update"]["done"] == "Shipped"
    assert Dependency.objects.get().providing_team == cast.other_team


def test_a_second_post_is_a_conflict(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    client.post(path(cast), {"health": "green", "done": "One"})
    assert client.post(path(cast), {"health": "green", "done": "Two"}).status_code == 409


def test_an_edit_with_the_current_version_wins(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    client.post(path(cast), {"health": "green", "done": "One"})
    response = put(client, path(cast), {"health": "green", "done": "Two", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2


def test_a_stale_edit_is_a_409_that_names_the_current_version(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    client.post(path(cast), {"health": "green", "done": "One"})
    put(client, path(cast), {"health": "green", "done": "Two", "version": 1})
    response = put(api_as(cast.msm), path(cast), {"health": "green", "done": "Three", "version": 1})
    assert response.status_code == 409
    assert response.json()["errors"]["version"] == ["The current version is 2."]
    assert DailyUpdate.objects.get().done == "Two"


def test_an_edit_after_the_meeting_started_is_a_409(api_as, cast, meeting):
    client = api_as(cast.scrum_master)
    client.post(path(cast), {"health": "green", "done": "One"})
    room.meeting_start(meeting=meeting, by=cast.msm)
    response = put(client, path(cast), {"health": "green", "done": "Late", "version": 1,
                                        "meeting": meeting.pk})
    assert response.status_code == 409 and "read-only" in response.json()["detail"]


def test_bad_fields_are_a_400_per_field(api_as, cast, meeting):
    response = api_as(cast.scrum_master).post(path(cast), {"health": "purple",
                                                          "done": "x" * 5000})
    assert response.status_code == 400 and "health" in response.json()["errors"]
    response = api_as(cast.scrum_master).post(path(cast), {"health": "green", "done": "x" * 5000})
    assert response.status_code == 400 and "done" in response.json()["errors"]


def test_a_need_on_another_programmes_team_is_a_422(api_as, cast, meeting):
    elsewhere = factories.TeamFactory(programme=cast.other_programme, name="Hidden")
    response = api_as(cast.scrum_master).post(path(cast), {
        "health": "green", "done": "Shipped",
        "needs": [{"team_id": elsewhere.pk, "what": "Secrets"}]})
    assert response.status_code == 422 and "needs" in response.json()["errors"]
    assert not DailyUpdate.objects.exists()


def test_others_may_read_but_not_post(api_as, cast, meeting):
    client = api_as(cast.other_scrum_master)
    assert client.get(path(cast)).json()["may_post"] is False
    assert client.post(path(cast), {"health": "green", "done": "Mine"}).status_code == 403


def test_an_outsider_gets_404(api_as, cast, meeting):
    assert api_as(cast.outsider).get(path(cast)).status_code == 404
    update = {"health": "green", "done": "Shipped"}
    assert api_as(cast.outsider).post(path(cast), update).status_code == 404


def test_another_programmes_team_id_is_a_404(api_as, cast, meeting):
    elsewhere = factories.TeamFactory(programme=cast.other_programme, name="Hidden")
    assert api_as(cast.msm).get(path(cast, team=elsewhere)).status_code == 404


def test_a_teams_updates_are_listed_newest_first_paginated(api_as, cast, meeting):
    later = upcoming_meeting(cast.programme, days=2)
    DailyUpdate.objects.create(team=cast.team, meeting=meeting, done="Earlier", health="green")
    DailyUpdate.objects.create(team=cast.team, meeting=later, done="Later", health="green")
    body = api_as(cast.member).get(path(cast, tail="updates"), limit=1).json()
    assert body["count"] == 2 and [u["done"] for u in body["items"]] == ["Later"]


def _history(cast, teams: int, days: int = 20) -> None:
    """More teams in the programme, and past Scrums of Scrums with everyone's update."""
    Team.objects.bulk_create(Team(programme=cast.programme, name=f"Squad {n}", slug=f"sq-{n}")
                             for n in range(teams))
    past = [make_meeting(cast.programme, day=localdate() - timedelta(days=d))
            for d in range(1, days + 1)]
    Meeting.objects.filter(pk__in=[m.pk for m in past]).update(state=Meeting.State.ENDED)
    DailyUpdate.objects.bulk_create(DailyUpdate(team=t, meeting=m, done="Shipped", health="green")
                                    for m in past for t in cast.programme.teams.all())


@pytest.mark.parametrize("teams", [2, 60])
def test_posting_and_editing_cost_the_same_whatever_the_programme_size(
        api_as, cast, meeting, teams, django_assert_num_queries):
    _history(cast, teams)
    client = api_as(cast.scrum_master)
    client.get("/api/v1/me")  # the token's last use is written at most once a minute: now
    with django_assert_num_queries(POST_QUERIES):
        assert client.post(path(cast), {"health": "green", "done": "One"}).status_code == 201
    with django_assert_num_queries(EDIT_QUERIES):
        edit = {"health": "green", "done": "Two", "version": 1}
        assert put(client, path(cast), edit).status_code == 200


# An update that says nothing is refused (the form's twin: tests/ceremonies/updates/test_honest.py)

@pytest.mark.parametrize(("body", "field"), [
    ({}, "health"),
    ({"health": "green"}, "done"),
    ({"health": "green", "done": "   ", "next": ""}, "done"),
    ({"health": "red", "done": "Blocked on the gateway"}, "health_reason"),
])
def test_the_api_refuses_an_update_that_says_nothing(api_as, cast, meeting, body, field):
    response = api_as(cast.scrum_master).post(path(cast), body)
    assert response.status_code == 400
    assert response.json()["errors"][field][0]
    assert not DailyUpdate.objects.exists()


def test_the_api_takes_nothing_new_and_says_so(api_as, cast, meeting):
    response = api_as(cast.scrum_master).post(path(cast), {"health": "green",
                                                              "nothing_new": True})
    assert response.status_code == 201 and response.json()["nothing_new"] is True
