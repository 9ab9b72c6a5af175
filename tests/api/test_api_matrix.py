"""Every API route × every role (by personal token) × GET and POST; outsiders get 404."""

import pytest
from django.urls import reverse

from tests.security.test_authorization_matrix import BOOKERS, INSIDERS, MANAGERS, ROLES
from tests.security.urls import api_routes
from tests.security.world import build_world

ANY_TOKEN = "any-token"
DOCS = "docs"
POSTERS = {"scrum_master", "msm", "parent_msm"}
# route -> (who may GET, who may POST); None = no such method (405).
API_RULES = {
    "api:api-root": (None, None),
    "api:openapi-json": (DOCS, DOCS),
    "api:openapi-view": (DOCS, DOCS),  # ninja renders its docs page for any method
    "api:me": (ANY_TOKEN, None),
    "api:my_programmes": (ANY_TOKEN, None),
    "api:programme_detail": (INSIDERS, None),
    "api:programme_teams": (INSIDERS, None),
    "api:resource_list": (INSIDERS, None),
    # One path, two operations: GET lists, POST requests a booking.
    "api:booking_list": (INSIDERS, BOOKERS),
    "api:booking_request": (INSIDERS, BOOKERS),
    "api:booking_confirm": (None, MANAGERS),
    "api:booking_decline": (None, MANAGERS),
    "api:booking_cancel": (None, MANAGERS | {"scrum_master"}),  # the Scrum Master asked
    # Feedback: the world's item is an impediment the Scrum Master raised for the team, routed
    # to the programme's MSM; so the MSMs hold it and only the Scrum Master may close it (409:
    # it has no answer yet).
    "api:feedback_inbox": (ANY_TOKEN, None),
    "api:programme_feedback": (INSIDERS, INSIDERS),
    "api:feedback_raise": (INSIDERS, INSIDERS),
    "api:feedback_item": (INSIDERS, None),
    "api:feedback_acknowledge": (None, MANAGERS),
    "api:feedback_answer": (None, MANAGERS),
    "api:feedback_escalate": (None, MANAGERS),
    "api:feedback_close": (None, {"scrum_master"}),
    "api:feedback_reopen": (None, {"scrum_master"}),
    "api:feedback_comment": (None, INSIDERS),
    # Meetings: everyone in the programme reads them; "mine" is the person's own list.
    "api:my_meetings": (ANY_TOKEN, None),
    "api:programme_meetings": (INSIDERS, None),
    "api:meeting_detail": (INSIDERS, None),
    "api:meeting_live": (INSIDERS, None),
    # One path, three operations (GET, POST, PUT): the same rules under each name.
    "api:team_update": (INSIDERS, POSTERS),
    "api:team_update_post": (INSIDERS, POSTERS),
    "api:team_update_edit": (INSIDERS, POSTERS),
    "api:team_updates": (INSIDERS, None),
}
# The body each POST sends: valid, so what decides the outcome is who asks.
RAISE = {"kind": "question", "title": "From the matrix", "direction": "up"}
API_BODIES = {
    "api:programme_feedback": RAISE,
    "api:feedback_raise": RAISE,
    "api:feedback_answer": {"text": "Done"},
    "api:feedback_reopen": {"comment": "Again"},
    "api:feedback_comment": {"text": "Noted"},
}


def expected(allowed, role):
    if allowed is None:
        return {"404", "405"}  # ninja answers unknown methods on a path with 405
    if allowed == DOCS:
        return {"200"}
    if role == "anonymous":
        return {"401"}
    if allowed == ANY_TOKEN or role in allowed:
        return {"200", "201", "400", "409"}  # 400/409: allowed, but the input or state says no
    return {"404"} if role == "outsider" else {"403"}


def test_every_api_route_is_classified():
    assert sorted(r.name for r in api_routes() if r.name not in API_RULES) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", api_routes(), ids=lambda r: r.name)
def test_api_authorization(api_as, cast, route, role):
    world = build_world(cast)
    client = api_as(getattr(cast, role, None))
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    get_rule, post_rule = API_RULES[route.name]
    for method, allowed in (("get", get_rule), ("post", post_rule)):
        response = getattr(client, method)(url, **(
            {"data": API_BODIES.get(route.name, {})} if method == "post" else {}))
        got = str(response.status_code)
        assert got in expected(allowed, role), f"{method.upper()} {url} as {role}: {got}"
        if got == "404" and response.get("Content-Type", "").startswith("application/json"):
            assert cast.team.name not in response.content.decode()
