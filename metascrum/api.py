"""The versioned JSON API (/api/v1/), built with django-ninja.

django-ninja generates the OpenAPI document from typed Python signatures and serves Swagger UI
from its own vendored files (no CDN), which is why it was chosen over Django REST framework:
less code per endpoint and a schema that cannot drift from the code.
Errors are always JSON: {"detail": "...", "errors": {"field": ["message"]}}, a 500 included.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from ceremonies.room.api import router as meetings_router
from ceremonies.updates.api import router as updates_router
from feedback.api import router as feedback_router
from metascrum.lib.api_errors import ApiError, error_body
from programmes.access.tokens import person_for_token
from programmes.api import router as programmes_router
from programmes.resources.api import router as bookings_router


class PersonalToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


NOT_AN_OBJECT = "The body must be a JSON object."


class BodyError(ValueError):
    """A request body that is not a JSON object in UTF-8."""


class ObjectBodies(Parser):
    """Every request body is a JSON object, in strict UTF-8, or the request is a 400.

    Refused here, once for every operation, because a schema would not refuse it: ninja's Schema
    reads fields as attributes of whatever it is given, so `[1,2]`, `"hello"` or `null` passed
    as a body whose fields all have defaults (a green daily update, 201).
    """

    def parse_body(self, request):
        try:
            # Strict: an overlong sequence or an encoded surrogate is not UTF-8 (json.loads on
            # bytes would let "\xed\xa0\x80" through as a lone surrogate).
            body = request.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BodyError("The body is not valid UTF-8.") from error
        try:
            data = json.loads(body)
        except ValueError as error:
            raise BodyError("The body is not valid JSON.") from error
        if not isinstance(data, dict):
            raise BodyError(NOT_AN_OBJECT)
        return data


api = NinjaAPI(
    title="metascrum API",
    version="1",
    description="Post daily updates and feedback from anywhere. Authenticate with a personal "
                "token from your settings page: `Authorization: Bearer msk_…`.",
    auth=PersonalToken(),
    urls_namespace="api",
    parser=ObjectBodies(),
)


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, error_body(detail, errors), status=status)


@api.exception_handler(ApiError)
def refused(request, exc: ApiError):
    return _error(request, exc.status, exc.detail, exc.errors)


WRAPPERS = ("body", "payload", "query", "path")  # pydantic's location prefixes, not fields


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in WRAPPERS]
        message = error.get("msg", "invalid")
        if not location and error.get("type") == "missing":  # an empty body, not a field
            message = NOT_AN_OBJECT
        errors.setdefault(".".join(location) or "request", []).append(message)
    return _error(request, 400, "The request is not valid.", errors)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "A valid personal API token is required.")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or "Your role does not allow this.")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, BodyError):  # ninja wraps what the parser raises
        return _error(request, 400, "The request is not valid.", {"request": [str(exc.__cause__)]})
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """Anything unexpected: logged with its traceback as Django logs a 500, answered in JSON."""
    response = _error(request, 500, "Something went wrong on our side.")
    log_response("Internal Server Error: %s", request.path, response=response, request=request,
                 exception=exc)
    return response


api.add_router("/", programmes_router)
api.add_router("/", bookings_router)
api.add_router("/", feedback_router)
api.add_router("/", meetings_router)
api.add_router("/", updates_router)
