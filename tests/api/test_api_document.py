"""The served OpenAPI document says what the server does: each operation lists only the statuses
it can answer, every error has the one JSON shape, and every example is valid for its schema."""

import jsonschema_rs
import pytest

from metascrum.api import api

DOCUMENT = api.get_openapi_schema()
OPERATIONS = [(method, path, operation) for path, operations in DOCUMENT["paths"].items()
              for method, operation in operations.items()]
IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]
NEVER = {"402", "407", "408", "410", "411", "416", "418", "425", "451"}


def statuses(operation) -> set[str]:
    return set(operation["responses"])


def resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref is None:
        return node
    section, name = ref.split("/")[-2:]
    return DOCUMENT["components"][section][name]


def validator(schema: dict):
    """A JSON Schema validator that resolves the document's own references."""
    wrapped = {**schema, "components": DOCUMENT["components"]}
    return jsonschema_rs.Draft202012Validator(wrapped, validate_formats=True)


@pytest.mark.parametrize("method, path, operation", OPERATIONS, ids=IDS)
def test_each_operation_lists_only_what_it_can_answer(method, path, operation):
    answers = statuses(operation)
    assert not answers & NEVER
    has_body = "requestBody" in operation
    assert ("413" in answers) == has_body and ("415" in answers) == has_body
    assert ("404" in answers) == ("{" in path)
    assert ("304" in answers) == (method == "get")
    assert ("412" in answers) == ("428" in answers) == (method == "put")
    if method == "post":
        assert "422" in answers
    assert {"401", "406", "429", "500"} <= answers  # 429: the rate limits (every operation)


def test_an_operation_without_parameters_cannot_be_a_bad_request():
    me = DOCUMENT["paths"]["/api/v1/me"]["get"]
    assert statuses(me) == {"200", "304", "401", "406", "429", "500"}
    programme = DOCUMENT["paths"]["/api/v1/programmes/{slug}"]["get"]
    assert "400" not in statuses(programme)  # any slug is a string; an unknown one is a 404


def test_a_429_says_when_to_try_again():
    too_many = DOCUMENT["components"]["responses"]["TooManyRequests"]
    assert too_many["headers"]["Retry-After"]["required"] is True
    assert too_many["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"}


def test_only_operations_that_check_a_role_or_the_programmes_two_factor_rule_say_403():
    outside = [operation for method, path, operation in OPERATIONS
               if method == "get" and "{slug}" not in path]
    assert outside and all("403" not in statuses(operation) for operation in outside)
    inside = [operation for _, path, operation in OPERATIONS if "{slug}" in path]
    assert all("403" in statuses(operation) for operation in inside)
    confirm = DOCUMENT["paths"]["/api/v1/programmes/{slug}/bookings/{booking_id}/confirm"]
    assert {"403", "409"} <= statuses(confirm["post"])


@pytest.mark.parametrize("method, path, operation", OPERATIONS, ids=IDS)
def test_every_error_is_the_one_json_shape(method, path, operation):
    for status, response in operation["responses"].items():
        if int(status) >= 400:
            media = resolve(response)["content"]["application/json"]
            assert media["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
            validator(media["schema"]).validate(media["example"])


def test_the_server_error_is_described_once():
    described = DOCUMENT["components"]["responses"]["ServerError"]
    assert "logged" in described["description"]
    assert all(operation["responses"]["500"] == {"$ref": "#/components/responses/ServerError"}
               for _, _, operation in OPERATIONS)


@pytest.mark.parametrize("method, path, operation", OPERATIONS, ids=IDS)
def test_every_request_and_answer_has_a_valid_example(method, path, operation):
    if "requestBody" in operation:
        media = operation["requestBody"]["content"]["application/json"]
        validator(media["schema"]).validate(media["example"])
    answered = [(status, response) for status, response in operation["responses"].items()
                if status in ("200", "201")]
    assert answered
    for _, response in answered:
        media = response["content"]["application/json"]
        validator(media["schema"]).validate(media["example"])


@pytest.mark.parametrize("method, path, operation", OPERATIONS, ids=IDS)
def test_it_describes_the_headers_clients_rely_on(method, path, operation):
    responses = operation["responses"]
    if "201" in responses:
        assert responses["201"]["headers"]["Location"]["required"] is True
    if method == "get":
        assert {"ETag", "Cache-Control"} <= set(responses["200"]["headers"])
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert ("Idempotency-Key" in names) == (method == "post")
    unauthorised = DOCUMENT["components"]["responses"]["Unauthorized"]
    assert "WWW-Authenticate" in unauthorised["headers"]


def test_a_list_says_where_its_next_page_is():
    teams = DOCUMENT["paths"]["/api/v1/programmes/{slug}/teams"]["get"]["responses"]["200"]
    assert "Link" in teams["headers"]
    page = resolve(teams["content"]["application/json"]["schema"])
    assert {"items", "count", "next"} <= set(page["required"])


def test_every_body_refuses_fields_it_does_not_read():
    bodies = [resolve(operation["requestBody"]["content"]["application/json"]["schema"])
              for _, _, operation in OPERATIONS if "requestBody" in operation]
    assert len(bodies) >= 10
    assert all(body["additionalProperties"] is False for body in bodies)


def test_a_booking_needs_its_team_and_resource():
    booking = DOCUMENT["components"]["schemas"]["BookingIn"]
    assert {"team", "resource"} <= set(booking["required"])
    assert booking["properties"]["team"]["maxLength"] == 60


def test_text_limits_and_the_nul_rule_are_stated():
    update = DOCUMENT["components"]["schemas"]["UpdateIn"]["properties"]
    assert update["done"]["maxLength"] == 4000
    assert update["health_reason"]["maxLength"] == 300
    assert update["done"]["pattern"] == "^[^\\u0000]*$"


def test_it_says_where_it_is_served_and_how_to_authenticate():
    assert DOCUMENT["servers"] == [{"url": "/", "description": "The metascrum site that serves "
                                                               "this document."}]
    scheme = DOCUMENT["components"]["securitySchemes"]["PersonalToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "Authorization: Bearer msk_" in scheme["description"]


def test_links_lead_from_a_creation_to_what_it_created():
    raised = DOCUMENT["paths"]["/api/v1/programmes/{slug}/feedback"]["post"]["responses"]["201"]
    link = raised["links"]["feedback_escalate"]
    assert link == {"operationId": "feedback_escalate",
                    "parameters": {"slug": "$request.path.slug", "item_id": "$response.body#/id"}}


def test_operation_ids_are_the_view_names():
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))
    assert "feedback_escalate" in ids and "team_update_post" in ids
