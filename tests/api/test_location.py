"""Every 201 says where to read what it created (`Location`), and that address reads it."""

from datetime import timedelta

from django.utils import timezone

from metascrum.api import api
from programmes.models import Resource
from tests.ceremonies.updates import upcoming_meeting

BASE = "/api/v1/programmes/{slug}"
CREATING = {("POST", "/api/v1/programmes/{slug}/bookings"),
            ("POST", "/api/v1/programmes/{slug}/dependencies"),
            ("POST", "/api/v1/programmes/{slug}/dependencies/{dependency_id}/tracker-links"),
            ("POST", "/api/v1/programmes/{slug}/feedback"),
            ("POST", "/api/v1/programmes/{slug}/teams/{team_id}/update"),
            ("POST", "/api/v1/programmes/{slug}/updates/{update_id}/impediments")}


def read_back(client, response):
    location = response["Location"]
    assert location.startswith("http://testserver/api/v1/")
    return client.get(location.removeprefix("http://testserver"))


def test_these_are_the_operations_that_create():
    document = api.get_openapi_schema()
    assert {(method.upper(), path) for path, operations in document["paths"].items()
            for method, operation in operations.items()
            if "201" in operation["responses"]} == CREATING


def test_a_raised_item_is_read_where_location_says(api_as, cast):
    client = api_as(cast.scrum_master)
    response = client.post(BASE.format(slug=cast.programme.slug) + "/feedback", {
        "kind": "impediment", "title": "Staging down", "direction": "up",
        "origin_team_id": cast.team.pk})
    assert response.status_code == 201
    again = read_back(client, response)
    assert again.status_code == 200 and again.json() == response.json()


def test_a_requested_dependency_is_read_where_location_says(api_as, cast):
    client = api_as(cast.scrum_master)
    response = client.post(BASE.format(slug=cast.programme.slug) + "/dependencies", {
        "needing_team_id": cast.team.pk, "providing_team_id": cast.other_team.pk,
        "what": "Card API sandbox"})
    assert response.status_code == 201
    again = read_back(client, response)
    assert again.status_code == 200 and again.json() == response.json()


def test_a_requested_booking_is_read_where_location_says(api_as, cast):
    resource = Resource.objects.create(programme=cast.programme, name="Staging",
                                       kind=Resource.Kind.TEST_ENVIRONMENT)
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    client = api_as(cast.scrum_master)
    response = client.post(BASE.format(slug=cast.programme.slug) + "/bookings", {
        "resource": resource.pk, "team": cast.team.slug, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat()})
    assert response.status_code == 201
    again = read_back(client, response)
    assert again.status_code == 200 and again.json() == response.json()


def test_a_posted_update_is_read_in_its_teams_slot(api_as, cast):
    upcoming_meeting(cast.programme)
    client = api_as(cast.scrum_master)
    response = client.post(BASE.format(slug=cast.programme.slug)
                           + f"/teams/{cast.team.pk}/update",
                           {"health": "green", "done": "Shipped", "blockers": "Staging down"})
    assert response.status_code == 201
    assert read_back(client, response).json()["update"] == response.json()


def test_a_blocker_raised_as_an_impediment_is_read_where_location_says(api_as, cast):
    upcoming_meeting(cast.programme)
    client = api_as(cast.scrum_master)
    update = client.post(BASE.format(slug=cast.programme.slug) + f"/teams/{cast.team.pk}/update",
                         {"health": "green", "done": "Shipped", "blockers": "Staging down"})
    url = BASE.format(slug=cast.programme.slug) + f"/updates/{update.json()['id']}/impediments"
    response = client.post(url, {"line": 0})
    assert response.status_code == 201
    assert response.json()["kind"] == "impediment" and response.json()["title"] == "Staging down"
    assert read_back(client, response).json()["id"] == response.json()["id"]
    twice = client.post(url, {"line": 0})
    assert twice.status_code == 200 and "Location" not in twice
    assert twice.json()["id"] == response.json()["id"]


def test_a_member_may_not_raise_the_teams_blocker(api_as, cast):
    upcoming_meeting(cast.programme)
    update = api_as(cast.scrum_master).post(
        BASE.format(slug=cast.programme.slug) + f"/teams/{cast.team.pk}/update",
        {"health": "green", "done": "Shipped", "blockers": "Staging down"}).json()
    url = BASE.format(slug=cast.programme.slug) + f"/updates/{update['id']}/impediments"
    assert api_as(cast.member).post(url, {"line": 0}).status_code == 403


def test_a_blocker_that_is_not_there_is_unprocessable(api_as, cast):
    upcoming_meeting(cast.programme)
    client = api_as(cast.scrum_master)
    update = client.post(BASE.format(slug=cast.programme.slug) + f"/teams/{cast.team.pk}/update",
                         {"health": "green", "done": "Shipped", "blockers": "Staging down"})
    url = BASE.format(slug=cast.programme.slug) + f"/updates/{update.json()['id']}/impediments"
    response = client.post(url, {"line": 3})
    assert response.status_code == 422 and "line" in response.json()["errors"]
