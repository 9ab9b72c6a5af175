"""Every API route × every role (by personal token) × GET and POST; outsiders get 404."""

import pytest
from django.urls import reverse

from tests.security.test_authorization_matrix import INSIDERS, ROLES
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
    # One path, three operations (GET, POST, PUT): the same rules under each name.
    "api:team_update": (INSIDERS, POSTERS),
    "api:team_update_post": (INSIDERS, POSTERS),
    "api:team_update_edit": (INSIDERS, POSTERS),
    "api:team_updates": (INSIDERS, None),
}


def expected(allowed, role):
    if allowed is None:
        return {"404", "405"}  # ninja answers unknown methods on a path with 405
    if allowed == DOCS:
        return {"200"}
    if role == "anonymous":
        return {"401"}
    if allowed == ANY_TOKEN or role in allowed:
        return {"200", "201", "400"}
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
        response = getattr(client, method)(url)
        got = str(response.status_code)
        assert got in expected(allowed, role), f"{method.upper()} {url} as {role}: {got}"
        if got == "404" and response.get("Content-Type", "").startswith("application/json"):
            assert cast.team.name not in response.content.decode()
