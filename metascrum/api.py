"""The versioned JSON API (/api/v1/), built with django-ninja.

django-ninja generates the OpenAPI document from typed Python signatures and serves Swagger UI
from its own vendored files (no CDN), which is why it was chosen over Django REST framework:
less code per endpoint and a schema that cannot drift from the code.
Errors are always JSON: {"detail": "...", "errors": {"field": ["message"]}}.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from ceremonies.room.api import router as meetings_router
from ceremonies.updates.api import router as updates_router
from feedback.api import router as feedback_router
from metascrum.lib.api_errors import ApiError, error_body
from programmes.access.tokens import person_for_token
from programmes.api import router as programmes_router
from programmes.resources.api import router as bookings_router


class Conflict(HttpError):
    """The request clashes with the current state (double booking, closed window, stale edit)."""

    def __init__(self, message: str):
        super().__init__(409, message)


class PersonalToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


api = NinjaAPI(
    title="metascrum API",
    version="1",
    description="Post daily updates and feedback from anywhere. Authenticate with a personal "
                "token from your settings page: `Authorization: Bearer msk_…`.",
    auth=PersonalToken(),
    urls_namespace="api",
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
        errors.setdefault(".".join(location) or "request", []).append(error.get("msg", "invalid"))
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
    return _error(request, exc.status_code, str(exc))


api.add_router("/", programmes_router)
api.add_router("/", bookings_router)
api.add_router("/", feedback_router)
api.add_router("/", meetings_router)
api.add_router("/", updates_router)
