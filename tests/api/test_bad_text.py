"""Text the database cannot store (NUL) or UTF-8 cannot encode (a lone surrogate) is a 400 on
the field that carries it, in the JSON error shape, and nothing is stored; real text, emoji
sent as a JSON surrogate pair included, is kept."""

import json

import pytest

from ceremonies.models import DailyUpdate, Dependency
from programmes.models import Booking
from tests.ceremonies.updates import upcoming_meeting
from tests.programmes.resources import make_env

NUL, LONE_SURROGATE = "a\x00b", "a\ud800b"
NUL_MESSAGE = "Text cannot contain NUL characters."
SURROGATE_MESSAGE = "Text cannot contain lone surrogate characters (U+D800 to U+DFFF)."
BAD_TEXT = pytest.mark.parametrize("bad, message", [(NUL, NUL_MESSAGE),
                                                    (LONE_SURROGATE, SURROGATE_MESSAGE)],
                                   ids=["nul", "lone-surrogate"])


@pytest.fixture
def update_url(cast):
    upcoming_meeting(cast.programme)
    return f"/api/v1/programmes/{cast.programme.slug}/teams/{cast.team.pk}/update"


def send(client, method, url, body: dict):
    # json.dumps writes "\u0000" and "\ud800" as escapes, as a client would.
    return client.send(method, url, json.dumps(body))


def refused(response, field: str, message: str) -> bool:
    return (response.status_code == 400
            and response["Content-Type"].startswith("application/json")
            and response.json()["errors"][field] == [message])


@BAD_TEXT
@pytest.mark.parametrize("field", ["done", "next", "blockers", "resources_needed",
                                   "health_reason"])
def test_it_refuses_bad_text_in_a_posted_update(api_as, cast, update_url, field, bad, message):
    response = send(api_as(cast.scrum_master), "POST", update_url,
                    {"health": "amber", "health_reason": "Staging", "done": "Shipped", field: bad})
    assert refused(response, field, message)
    assert not DailyUpdate.objects.exists()


@BAD_TEXT
def test_it_refuses_bad_text_in_an_edited_update(api_as, cast, update_url, bad, message):
    client = api_as(cast.scrum_master)
    client.post(update_url, {"health": "green", "done": "Shipped"})
    response = send(client, "PUT", update_url, {"health": "green", "done": bad, "version": 1})
    assert refused(response, "done", message)
    assert DailyUpdate.objects.get().done == "Shipped"


@BAD_TEXT
def test_it_refuses_bad_text_in_a_need(api_as, cast, update_url, bad, message):
    response = send(api_as(cast.scrum_master), "POST", update_url,
                    {"health": "green", "done": "Shipped",
                     "needs": [{"team_id": cast.other_team.pk, "what": bad}]})
    assert refused(response, "needs.0.what", message)
    assert not DailyUpdate.objects.exists() and not Dependency.objects.exists()


def test_it_keeps_an_emoji_sent_as_a_surrogate_pair(api_as, cast, update_url):
    response = api_as(cast.scrum_master).send("POST", update_url,
                                              '{"health": "green", '
                                              '"done": "Shipped \\ud83d\\ude80"}')
    assert response.status_code == 201
    assert DailyUpdate.objects.get().done == "Shipped 🚀"


@BAD_TEXT
def test_it_refuses_bad_text_in_a_booking_purpose(api_as, cast, bad, message):
    env = make_env(cast)
    response = send(api_as(cast.scrum_master), "POST",
                    f"/api/v1/programmes/{cast.programme.slug}/bookings",
                    {"resource": env.pk, "team": cast.team.slug, "purpose": bad})
    assert refused(response, "purpose", message)
    assert not Booking.objects.exists()


def test_it_refuses_a_nul_in_a_query_filter(api_as, cast):
    response = api_as(cast.member).get(f"/api/v1/programmes/{cast.programme.slug}/bookings",
                                       team=NUL)
    assert refused(response, "team", NUL_MESSAGE)


def test_it_filters_on_a_plain_query_value(api_as, cast):
    response = api_as(cast.member).get(f"/api/v1/programmes/{cast.programme.slug}/bookings",
                                       team=cast.team.slug)
    assert response.status_code == 200 and response.json()["count"] == 0


@BAD_TEXT
def test_it_refuses_bad_text_in_feedback(api_as, cast, bad, message):
    response = send(api_as(cast.msm), "POST", f"/api/v1/programmes/{cast.programme.slug}/feedback",
                    {"kind": "question", "title": bad, "direction": "down",
                     "team_ids": [cast.team.pk]})
    assert refused(response, "title", message)
