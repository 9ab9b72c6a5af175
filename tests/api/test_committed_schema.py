"""docs/openapi.json is the document the API serves, so that a change to the contract shows in
review; `make api-schema` writes it."""

import json
from pathlib import Path

from django.conf import settings

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def test_the_committed_document_is_the_served_one(api_as, cast):
    served = api_as(cast.member).get("/api/v1/openapi.json").json()
    committed = json.loads(COMMITTED.read_text())
    assert committed == served, (
        "docs/openapi.json differs from the document /api/v1/openapi.json serves: run "
        "`make api-schema` and commit docs/openapi.json with the change that made it differ.")


def test_it_is_served_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "metascrum API"
