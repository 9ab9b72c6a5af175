"""Every API operation that reads a body, sent each kind of bad input.

The operations come from the OpenAPI document, so a new one is covered without a line here.
Each bad input (a body that is not a JSON object, not JSON, not UTF-8; a NUL or a lone
surrogate in any of the operation's text fields) is a 400 in the JSON error shape with a
message saying what is wrong, and nothing is stored.
"""

import json

import pytest

from tests.api import DOCUMENT, body_operations, row_counts, url

NOT_AN_OBJECT = "The body must be a JSON object."
NOT_JSON = "The body is not valid JSON."
NOT_UTF8 = "The body is not valid UTF-8."
BAD_BODIES = {
    "empty": (b"", NOT_AN_OBJECT),
    "array": (b"[1, 2]", NOT_AN_OBJECT),
    "string": (b'"hello"', NOT_AN_OBJECT),
    "null": (b"null", NOT_AN_OBJECT),
    "number": (b"42", NOT_AN_OBJECT),
    "array of nulls": (b"[null, null]", NOT_AN_OBJECT),
    "text": (b'"x"', NOT_AN_OBJECT),
    "true": (b"true", NOT_AN_OBJECT),
    "truncated JSON": (b'{"done": ', NOT_JSON),
    "not JSON": (b"done=Shipped", NOT_JSON),
    "overlong UTF-8": (b'{"done": "\xc0\xaf"}', NOT_UTF8),
    "encoded surrogate": (b'{"done": "\xed\xa0\x80"}', NOT_UTF8),
    "cut UTF-8": (b'{"done": "\xe2\x82"}', NOT_UTF8),
    "latin-1": (b'{"done": "caf\xe9"}', NOT_UTF8),
}
BAD_TEXT = {
    "nul": ("a\x00b", "Text cannot contain NUL characters."),
    "lone surrogate": ("a\udc00b", "Text cannot contain lone surrogate characters "
                                   "(U+D800 to U+DFFF)."),
}


def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _is_text(schema: dict) -> bool:
    """A free string: not a date, a datetime or a choice."""
    return any(option.get("type") == "string" and "format" not in option
               and "enum" not in option for option in [schema, *schema.get("anyOf", ())])


def text_fields(schema: dict, prefix: str = "") -> list[tuple[str, object]]:
    """(error key, body placing a value there) for each string in a body, nested ones too."""
    found = []
    for name, prop in _resolve(schema).get("properties", {}).items():
        if _is_text(prop):
            found.append((f"{prefix}{name}", lambda value, n=name: {n: value}))
        elif prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            for key, body in text_fields(prop["items"], f"{prefix}{name}.0."):
                found.append((key, lambda value, n=name, b=body: {n: [b(value)]}))
    return found


def query_texts(document: dict) -> list[tuple[str, str]]:
    """(path, name) of each free-text query parameter of a GET."""
    return [(path, parameter["name"]) for path, operations in document["paths"].items()
            for parameter in operations.get("get", {}).get("parameters", ())
            if parameter["in"] == "query" and _is_text(parameter["schema"])]


def bodiless_writes(document: dict) -> list[str]:
    return [path for path, operations in document["paths"].items()
            if "post" in operations and "requestBody" not in operations["post"]]


OPERATIONS = body_operations(DOCUMENT)
TEXT_CASES = [(method, path, key, body) for method, path, schema in OPERATIONS
              for key, body in text_fields(schema)]


def assert_refused(response, key: str, message: str) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert message in body["errors"][key]


@pytest.fixture
def world(db, module_world):
    """The cast's world, built once for the module; each test runs in a savepoint of it."""
    return module_world


@pytest.fixture
def cast(world):
    return world.cast


@pytest.fixture
def msm_client(api_as, cast):
    """The programme's MSM, who may do most things: what decides the answer is the body."""
    return api_as(cast.msm)


def test_the_served_document_has_these_operations(msm_client):
    served = msm_client.get("/api/v1/openapi.json").json()
    assert [(m, p) for m, p, _ in body_operations(served)] == [(m, p) for m, p, _ in OPERATIONS]
    assert len(OPERATIONS) >= 10


def test_every_text_field_of_a_body_is_checked():
    keys = {(method, path, key) for method, path, key, _ in TEXT_CASES}
    assert ("POST", "/api/v1/programmes/{slug}/teams/{team_id}/update", "needs.0.what") in keys
    assert ("POST", "/api/v1/programmes/{slug}/bookings", "purpose") in keys
    assert len(TEXT_CASES) >= 20


@pytest.mark.parametrize("kind", BAD_BODIES)
@pytest.mark.parametrize("method, path", [(m, p) for m, p, _ in OPERATIONS],
                         ids=lambda value: value)
def test_it_refuses_a_body_that_is_not_a_json_object(msm_client, world, method, path, kind):
    before = row_counts()
    raw, message = BAD_BODIES[kind]
    response = msm_client.send(method, url(world, path), raw)
    assert_refused(response, "request", message)
    assert row_counts() == before


@pytest.mark.parametrize("kind", BAD_TEXT)
@pytest.mark.parametrize("method, path, key, body", TEXT_CASES,
                         ids=[f"{m} {p} {k}" for m, p, k, _ in TEXT_CASES])
def test_it_refuses_bad_text_in_every_field(msm_client, world, method, path, key, body, kind):
    before = row_counts()
    value, message = BAD_TEXT[kind]
    response = msm_client.send(method, url(world, path), json.dumps(body(value)))
    assert_refused(response, key, message)
    assert row_counts() == before


@pytest.mark.parametrize("path, name", query_texts(DOCUMENT), ids=lambda value: value)
def test_it_refuses_a_nul_in_every_text_query_parameter(msm_client, world, path, name):
    # A query string cannot carry a lone surrogate: Django decodes it with U+FFFD in place.
    response = msm_client.get(url(world, path), **{name: "a\x00b"})
    assert_refused(response, name, BAD_TEXT["nul"][1])


def test_the_text_query_parameters_are_found():
    assert ("/api/v1/meetings", "programme") in query_texts(DOCUMENT)
    assert ("/api/v1/programmes/{slug}/bookings", "team") in query_texts(DOCUMENT)


@pytest.mark.parametrize("kind", ["array", "overlong UTF-8", "truncated JSON"])
@pytest.mark.parametrize("path", bodiless_writes(DOCUMENT), ids=lambda value: value)
def test_an_operation_without_a_body_ignores_one(msm_client, world, path, kind):
    response = msm_client.send("POST", url(world, path), BAD_BODIES[kind][0])
    assert response.status_code in (200, 409), response.content
    assert response["Content-Type"].startswith("application/json")


def test_the_steps_that_once_acted_on_any_body_are_among_them():
    # `42` to close, `[null, null]` to escalate, `"x"` to acknowledge: once 200s that acted.
    paths = {path for method, path, _ in OPERATIONS if method == "POST"}
    assert {f"/api/v1/programmes/{{slug}}/feedback/{{item_id}}/{step}"
            for step in ("close", "escalate", "acknowledge")} <= paths
