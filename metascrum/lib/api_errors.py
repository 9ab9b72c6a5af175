"""The API's one error style: routers raise, the API root renders.

Every error body is {"detail": "...", "errors": {"field": ["message"]}} (errors optional);
`answers` documents it beside an operation's own response.
"""

from ninja import Schema
from ninja.responses import codes_4xx


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def answers(schema, status: int = 200) -> dict:
    """The documented responses of an operation: its own, and the JSON error for any 4xx."""
    return {status: schema, codes_4xx: ErrorOut}


class ApiError(Exception):
    """Raised by a router; the API root answers it with `status` and the JSON error body."""

    def __init__(self, status: int, detail: str, errors: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def error_body(detail: str, errors: dict | None = None) -> dict:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return body
