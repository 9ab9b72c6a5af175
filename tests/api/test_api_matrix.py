"""Every API route × every role (by personal token) × GET and POST; outsiders get 404.

A token acts with its owner's roles, so a programme's routes are classified by the same rows
of the visibility table as the web pages (tests/security/visibility.py, printed in README.md).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.security.test_authorization_matrix import (
    CARD_GATEWAY,
    EVERYONE,
    LEDGER,
    MSMS,
    ROLES,
    On,
    on,
    people,
    posts,
)
from tests.security.urls import api_routes
from tests.security.visibility import READ, TABLE, WRITE, outcome_here
from tests.security.world import rolled_back

ANY_TOKEN = "any-token"
DOCS = "docs"
LEDGER_SM = frozenset({"scrum_master"})
# route -> the row it belongs to, or (who may GET, who may POST) outside any programme;
# None = no such method (405).
API_RULES = {
    "api:api-root": (None, None),
    "api:openapi-json": (DOCS, DOCS),
    "api:openapi-view": (DOCS, DOCS),  # ninja renders its docs page for any method
    "api:me": (ANY_TOKEN, None),
    "api:my_programmes": (ANY_TOKEN, None),
    "api:feedback_inbox": (ANY_TOKEN, None),
    "api:my_meetings": (ANY_TOKEN, None),
    "api:programme_detail": on("programme"),
    "api:programme_teams": on("programme"),
    "api:resource_list": on("resources"),
    # One path, two operations: GET lists, POST requests a booking for one's own team: the
    # body names Ledger, so its Scrum Master (and the MSMs) may.
    "api:booking_list": on("resources", READ, WRITE, theirs=LEDGER_SM),
    "api:booking_request": on("resources", READ, WRITE, theirs=LEDGER_SM),
    "api:booking_detail": on("resources"),
    "api:booking_confirm": posts("resources"),
    "api:booking_decline": posts("resources"),
    "api:booking_cancel": posts("resources", theirs=LEDGER_SM),  # the Scrum Master asked
    "api:booking_reinstate": posts("resources", theirs=LEDGER_SM),  # as cancel
    # Feedback: the world's item is an impediment the Scrum Master raised for the team, routed
    # to the programme's MSM; so the MSMs hold it and only the Scrum Master may close it (409:
    # it has no answer yet).
    "api:programme_feedback": on("feedback", READ, WRITE, theirs=EVERYONE),
    "api:feedback_raise": on("feedback", READ, WRITE, theirs=EVERYONE),
    "api:feedback_item": on("feedback"),
    "api:feedback_acknowledge": posts("feedback", theirs=MSMS),
    "api:feedback_answer": posts("feedback", theirs=MSMS),
    "api:feedback_escalate": posts("feedback", theirs=MSMS),
    "api:feedback_close": posts("feedback", theirs=LEDGER_SM),
    "api:feedback_reopen": posts("feedback", theirs=LEDGER_SM),
    "api:feedback_comment": posts("feedback", theirs=EVERYONE),
    "api:programme_meetings": on("meetings"),
    "api:meeting_detail": on("meetings"),
    "api:meeting_live": on("room"),
    # One path, three operations (GET, POST, PUT): the same rules under each name; the
    # world's team is Ledger.
    "api:team_update": on("updates", READ, WRITE, theirs=LEDGER_SM),
    "api:team_update_post": on("updates", READ, WRITE, theirs=LEDGER_SM),
    "api:team_update_edit": on("updates", READ, WRITE, theirs=LEDGER_SM),
    "api:team_updates": on("updates"),
    # The world's update is Ledger's, with one blocker.
    "api:update_blocker_raise": posts("updates", theirs=LEDGER_SM),
    "api:programme_posting": on("updates"),
    "api:programme_loops": on("feedback"),
    # The backlog holds the world's impediment, held by the programme: its MSMs order it (an
    # impediment has no ROAM state: 422 for them).
    "api:backlog": on("feedback"),
    "api:backlog_move": posts("feedback", theirs=MSMS),
    "api:backlog_roam": posts("feedback", theirs=MSMS),
    "api:backlog_done": posts("feedback", theirs=MSMS),
    # Stop notices are read like the updates they come from.
    "api:stop_notices": on("updates"),
    # The world's dependency is Ledger's need of Card Gateway, countered with a later date. One
    # path, two operations: GET lists, POST requests one for Ledger (its people, the MSMs).
    "api:dependencies": on("dependencies", READ, WRITE, theirs=LEDGER | MSMS),
    "api:dependency_request": on("dependencies", READ, WRITE, theirs=LEDGER | MSMS),
    "api:dependency": on("dependencies"),
    "api:dependency_answer": posts("dependencies", theirs=CARD_GATEWAY),
    "api:dependency_take_counter": posts("dependencies", theirs=LEDGER | MSMS),
    # Delivering a countered one is 409 for those who may.
    "api:dependency_deliver": posts("dependencies", theirs=LEDGER | CARD_GATEWAY | MSMS),
    "api:dependency_drop": posts("dependencies", theirs=LEDGER | CARD_GATEWAY | MSMS),
    # Its tracker items: one path, two operations; the two teams and the MSMs link one (the
    # world's trackers hold no such item: 422 for them).
    "api:dependency_tracker_links": on("dependencies", READ, WRITE,
                                       theirs=LEDGER | CARD_GATEWAY | MSMS),
    "api:dependency_link_add": on("dependencies", READ, WRITE,
                                  theirs=LEDGER | CARD_GATEWAY | MSMS),
}
# The body each POST sends: valid, so what decides the outcome is who asks.
RAISE = {"kind": "question", "title": "From the matrix", "direction": "up"}
API_BODIES = {
    "api:programme_feedback": RAISE,
    "api:feedback_raise": RAISE,
    "api:feedback_answer": {"text": "Done"},
    "api:feedback_reopen": {"comment": "Again"},
    "api:feedback_comment": {"text": "Noted"},
    **dict.fromkeys(("api:team_update", "api:team_update_post", "api:team_update_edit"),
                    {"health": "green", "done": "From the matrix"}),
    "api:update_blocker_raise": {"line": 0},
    "api:backlog_move": {"direction": "up"},
    "api:backlog_roam": {"roam": "mitigated"},
    "api:backlog_done": {"definition_of_done": "From the matrix"},
    **dict.fromkeys(("api:dependencies", "api:dependency_request"), lambda world: {
        "needing_team_id": world.cast.team.pk, "providing_team_id": world.cast.other_team.pk,
        "what": "From the matrix"}),
    **dict.fromkeys(("api:dependency_tracker_links", "api:dependency_link_add"),
                    {"reference": "acme/ledger#1"}),
    "api:dependency_answer": lambda world: {
        "answer": "accepted",
        "committed_date": (world.cast.programme.today() + timedelta(days=21)).isoformat()},
    # A booking names its resource and team (the schema requires both).
    **dict.fromkeys(("api:booking_list", "api:booking_request"), lambda world: {
        "resource": world.values["resource_id"], "team": world.cast.team.slug,
        "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
        "ends_at": (timezone.now() + timedelta(days=3, hours=2)).isoformat()}),
}


def body_for(name: str, world) -> dict:
    body = API_BODIES.get(name, {})
    return body(world) if callable(body) else body


ALLOWED = {"200", "201", "409", "422"}  # 409/422: allowed, but the state or a rule says no


def expected(rule, method: str, role: str) -> set[str]:
    if isinstance(rule, On):
        need = rule.get if method == "get" else rule.post
        if need is None:
            return {"404", "405"}  # ninja answers unknown methods on a path with 405
        if role == "anonymous":
            return {"401"}
        got = outcome_here(TABLE[rule.row].cell(role), need, role, rule.theirs)
        return ALLOWED if got == "ok" else {got}
    allowed = rule[0] if method == "get" else rule[1]
    if allowed is None:
        return {"404", "405"}
    if allowed == DOCS:
        return {"200"}
    return {"401"} if role == "anonymous" else ALLOWED


def test_every_api_route_is_classified():
    assert sorted(r.name for r in api_routes() if r.name not in API_RULES) == []


@pytest.mark.parametrize("route", api_routes(), ids=lambda r: r.name)
def test_api_authorization(api_as, module_world, route):
    """Every role, GET then POST, each role from the world as built (the module's world, in
    this test's savepoint, and each role in a savepoint within)."""
    world = module_world
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    everyone = people(world)
    wrong = []
    for role in ROLES:
        with rolled_back():
            wrong += _wrong_outcomes(api_as(everyone.get(role)), route, url, role, world)
    assert wrong == [], "\n".join(wrong)


def _wrong_outcomes(client, route, url: str, role: str, world) -> list[str]:
    wrong = []
    for method in ("get", "post"):
        response = getattr(client, method)(url, **(
            {"data": body_for(route.name, world)} if method == "post" else {}))
        got = str(response.status_code)
        want = expected(API_RULES[route.name], method, role)
        if got not in want:
            wrong.append(f"{method.upper()} {url} as {role}: {got}, want {want}")
        elif got == "404" and response.get("Content-Type", "").startswith("application/json") \
                and world.cast.team.name in response.content.decode():
            wrong.append(f"{method.upper()} {url} as {role}: the 404 names the team")
    return wrong
