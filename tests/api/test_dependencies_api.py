"""The dependency API: request, answer (only the providing team; no date in the past), take a
counter, deliver, drop; a dropped one leaves the list; each answer sends its event."""

from datetime import timedelta

import pytest

from ceremonies.models import Dependency
from tests.ceremonies.dependencies import events, subscribe


def path(cast, tail=""):
    return f"/api/v1/programmes/{cast.programme.slug}/dependencies{tail}"


@pytest.fixture
def later(cast):
    return (cast.programme.today() + timedelta(days=10)).isoformat()


@pytest.fixture
def asked(api_as, cast):
    response = api_as(cast.scrum_master).post(path(cast), {
        "needing_team_id": cast.team.pk, "providing_team_id": cast.other_team.pk,
        "what": "Card API v2"})
    assert response.status_code == 201
    return response.json()


def test_a_request_is_created_located_and_announced(api_as, cast):
    hook = subscribe(cast.programme, "dependency.requested")
    response = api_as(cast.scrum_master).post(path(cast), {
        "needing_team_id": cast.team.pk, "providing_team_id": cast.other_team.pk,
        "what": "Card API v2"})
    body = response.json()
    assert response.status_code == 201 and body["status"] == "requested"
    assert response["Location"].endswith(path(cast, f"/{body['id']}"))
    assert events(hook) == ["dependency.requested"]


def test_the_providing_team_accepts_and_the_needing_team_delivers(api_as, cast, asked, later):
    hook = subscribe(cast.programme, "dependency.answered")
    answer = api_as(cast.other_scrum_master).post(path(cast, f"/{asked['id']}/answer"),
                                                  {"answer": "accepted",
                                                   "committed_date": later})
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["committed_date"]) == ("accepted", later)
    assert events(hook) == ["dependency.answered"]
    done = api_as(cast.scrum_master).post(path(cast, f"/{asked['id']}/deliver"), {})
    assert done.status_code == 200 and done.json()["status"] == "delivered"


def test_the_needing_team_may_not_answer_its_own_request(api_as, cast, asked, later):
    response = api_as(cast.scrum_master).post(path(cast, f"/{asked['id']}/answer"),
                                              {"answer": "accepted", "committed_date": later})
    assert response.status_code == 403
    assert Dependency.objects.get().status == "requested"


def test_a_date_in_the_past_is_unprocessable(api_as, cast, asked):
    yesterday = (cast.programme.today() - timedelta(days=1)).isoformat()
    response = api_as(cast.other_scrum_master).post(
        path(cast, f"/{asked['id']}/answer"),
        {"answer": "countered", "committed_date": yesterday})
    assert response.status_code == 422
    assert "committed_date" in response.json()["errors"]


def test_a_counter_is_taken_by_the_needing_team(api_as, cast, asked, later):
    api_as(cast.other_scrum_master).post(path(cast, f"/{asked['id']}/answer"),
                                         {"answer": "countered", "committed_date": later})
    taken = api_as(cast.scrum_master).post(path(cast, f"/{asked['id']}/take-counter"), {})
    assert taken.status_code == 200 and taken.json()["status"] == "accepted"


def test_delivering_what_was_never_accepted_is_a_conflict(api_as, cast, asked):
    response = api_as(cast.scrum_master).post(path(cast, f"/{asked['id']}/deliver"), {})
    assert response.status_code == 409


def test_a_dropped_dependency_leaves_the_list(api_as, cast, asked):
    client = api_as(cast.scrum_master)
    assert [d["id"] for d in client.get(path(cast)).json()["items"]] == [asked["id"]]
    assert client.post(path(cast, f"/{asked['id']}/drop"), {}).status_code == 200
    assert client.get(path(cast)).json()["items"] == []
    assert [d["id"] for d in client.get(path(cast), status="dropped").json()["items"]] == [
        asked["id"]]


def test_another_programmes_dependency_is_not_found(api_as, cast, asked):
    response = api_as(cast.outsider).get(
        f"/api/v1/programmes/{cast.other_programme.slug}/dependencies/{asked['id']}")
    assert response.status_code == 404
