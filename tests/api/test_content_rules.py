"""What every operation refuses before it reads anything, for each operation of the served
document (a new one is covered without a line here): a body that is not JSON (415), too large
(413) or has a field the operation does not read (400 naming it); and any request that does
not accept JSON (406). Nothing is stored."""

import json

import pytest
from django.test import override_settings

from tests.api import DOCUMENT, body_operations, operations, row_counts, url

BODIES = [(method, path) for method, path, _ in body_operations()]
EVERY = [(method, path) for method, path, _ in operations()]


@pytest.fixture
def world(db, module_world):
    """The cast's world, built once for the module; each test runs in a savepoint of it."""
    return module_world


@pytest.fixture
def cast(world):
    return world.cast


@pytest.fixture
def msm_client(api_as, cast):
    return api_as(cast.msm)


def send(client, method, path, body: bytes, content_type="application/json", **headers):
    return client.client.generic(method, path, body, content_type=content_type,
                                 headers={**client.headers, **headers})


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/xml", ""])
@pytest.mark.parametrize("method, path", BODIES, ids=lambda value: value)
def test_a_body_not_sent_as_json_is_a_415(msm_client, world, method, path, content_type):
    before = row_counts()
    response = send(msm_client, method, url(world, path), b'{"title": "x"}', content_type)
    assert response.status_code == 415, response.content
    assert response.json() == {
        "detail": "Send the body as JSON, with `Content-Type: application/json`."}
    assert row_counts() == before


def test_json_with_a_charset_is_json(msm_client, cast):
    response = send(msm_client, "POST", f"/api/v1/programmes/{cast.programme.slug}/feedback",
                    json.dumps({"title": "Hello", "direction": "up"}).encode(),
                    "application/json; charset=utf-8")
    assert response.status_code == 201


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("method, path", BODIES, ids=lambda value: value)
def test_a_body_larger_than_the_limit_is_a_413(msm_client, world, method, path):
    before = row_counts()
    body = json.dumps({"title": "x" * 2000}).encode()
    response = send(msm_client, method, url(world, path), body)
    assert response.status_code == 413, response.content
    assert response.json() == {"detail": "The body is larger than 1,000 bytes."}
    assert row_counts() == before


def test_the_document_states_the_real_limit():
    described = DOCUMENT["components"]["responses"]["ContentTooLarge"]["description"]
    assert described == "The body is larger than 2,621,440 bytes."


@pytest.mark.parametrize("method, path", BODIES, ids=lambda value: value)
def test_a_field_the_operation_does_not_read_is_a_400_naming_it(msm_client, world, method, path):
    before = row_counts()
    response = send(msm_client, method, url(world, path),
                    json.dumps({"colour": "blue", "heatlh": "green"}).encode())
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors["colour"] == errors["heatlh"] == [
        "Unknown field: this operation does not read it."]
    assert row_counts() == before


@pytest.mark.parametrize("method, path", EVERY, ids=lambda value: value)
def test_a_request_that_does_not_accept_json_is_a_406(msm_client, world, method, path):
    before = row_counts()
    response = send(msm_client, method, url(world, path), b"{}", Accept="application/xml")
    assert response.status_code == 406
    assert "JSON only" in response.json()["detail"]
    assert row_counts() == before


@pytest.mark.parametrize("accept", ["application/json", "*/*", "application/*",
                                    "text/html, application/json;q=0.9"])
def test_a_request_that_accepts_json_is_answered(msm_client, cast, accept):
    response = msm_client.client.get("/api/v1/me", headers={**msm_client.headers,
                                                            "Accept": accept})
    assert response.status_code == 200
