"""Schemathesis drives every API operation from the OpenAPI document (a bounded number of
examples each): no server error, and every response matches the documented schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from ceremonies.meetings.state import meeting_start
from feedback.services import impediment_raise
from programmes.access.tokens import token_create
from tests.ceremonies.meetings import make_meeting
from tests.security.world import build_world


@pytest.fixture
def api_schema(db):
    from metascrum.wsgi import application

    # Like Django's test client: keep the test's connection (and its transaction) open
    # across the WSGI calls instead of closing it at the end of each request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


CALLS = []


def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_document_is_valid_openapi(api_schema):
    assert api_schema.raw_schema["openapi"].startswith("3.")
    assert len(operations(api_schema)) >= 4


def test_every_operation_honours_its_contract(api_schema, cast):
    # Something to list, so the item and meeting schemas are checked against real rows.
    impediment_raise(programme=cast.programme, team=cast.team, title="Test env down",
                     raised_by=cast.scrum_master)
    meeting_start(meeting=make_meeting(cast.programme, day=timezone.now().date()), by=cast.msm)
    _, raw = token_create(person=cast.msm, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(headers=headers)
            CALLS.append(case.operation.label)

        call()
    assert {label.split(" ", 1)[1] for label in CALLS} >= {
        "/api/v1/me", "/api/v1/programmes", "/api/v1/programmes/{slug}/teams",
        "/api/v1/feedback", "/api/v1/programmes/{slug}/feedback",
        "/api/v1/programmes/{slug}/feedback/{item_id}/answer", "/api/v1/meetings",
        "/api/v1/programmes/{slug}/meetings/{meeting_id}/live"}


def test_every_operation_refuses_input_its_contract_refuses(api_schema, cast):
    """Negative data (wrong types, a list or a number for an object, a NUL where the pattern
    forbids it, …) in the body of every operation that reads one: a 4xx in the JSON error
    shape, never a 500. The path is a real one, so what is refused is the body, not the URL.
    (Query strings are left out: an unknown query parameter is ignored, on purpose.)"""
    world = build_world(cast)
    _, raw = token_create(person=cast.msm, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    path_values = {name: str(value) for name, value in world.values.items()}
    tried = []
    for operation in operations(api_schema):
        names = {p.name for p in operation.path_parameters}
        if not list(operation.body):
            continue

        @given(case=operation.as_strategy(
            GenerationMode.NEGATIVE, headers=headers,
            path_parameters={n: v for n, v in path_values.items() if n in names}))
        @settings(max_examples=15, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call_and_validate(headers=headers)
            assert response.headers["content-type"][0].startswith("application/json")
            tried.append(case.operation.label)

        call()
    assert {label for label in tried if label.startswith(("POST", "PUT"))} >= {
        "POST /api/v1/programmes/{slug}/teams/{team_id}/update",
        "PUT /api/v1/programmes/{slug}/teams/{team_id}/update",
        "POST /api/v1/programmes/{slug}/bookings", "POST /api/v1/programmes/{slug}/feedback"}
