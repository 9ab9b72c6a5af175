"""The versioned JSON API (/api/v1/), built with django-ninja.

django-ninja generates the OpenAPI document from typed Python signatures and serves Swagger UI
(vendored under static/vendor/swagger-ui/, no CDN; templates/ninja/swagger.html adds our
accessibility plugin), which is why it was chosen over Django REST framework: less code per
endpoint and a schema that cannot drift from the code. `metascrum.lib.api_document` finishes
the document (the statuses each kind of operation answers, examples, headers);
docs/openapi.json is a copy, checked in (`make api-schema` writes it).
Errors are always JSON: {"detail": "...", "errors": {"field": ["message"]}}, a 500 included.
Around every operation (`add_decorator`, view mode): `http_semantics` (406, ETag, 304,
Cache-Control, Link) and `idempotent` (Idempotency-Key on every POST).
"""

import json
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.formats import number_format
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from ceremonies.dependencies.api import router as dependencies_router
from ceremonies.dependency_links.api import router as dependency_links_router
from ceremonies.room.api import router as meetings_router
from ceremonies.updates.api import router as updates_router
from feedback.api import router as feedback_router
from feedback.backlog.api import router as backlog_router
from metascrum.lib.api_document import finish
from metascrum.lib.api_errors import NOT_VALID, ApiError, error_body
from metascrum.lib.api_http import JSON, http_semantics
from programmes.access.idempotency import idempotent
from programmes.access.throttling import TokenThrottle, refuse_unauthenticated_flood
from programmes.access.tokens import person_for_token
from programmes.api import router as programmes_router
from programmes.middleware import activate_person_language
from programmes.resources.api import router as bookings_router

TOKEN_SCHEME = ("A personal token from your settings page (Settings → API tokens), sent as "
                "`Authorization: Bearer msk_…`. It acts with its owner's roles in every "
                "programme they belong to, until it is revoked.")


class PersonalToken(HttpBearer):
    openapi_scheme = "bearer"

    def __call__(self, request):
        person = super().__call__(request)
        if person is None:
            # Counted per address before the 401: guessing tokens is rate-limited too.
            refuse_unauthenticated_flood(request)
        return person

    def authenticate(self, request, token):
        person = person_for_token(token)
        if person is not None:
            request.user = person
            activate_person_language(person)  # else the Accept-Language, else English
        return person


NOT_AN_OBJECT = gettext_lazy("The body must be a JSON object.")
UNKNOWN_FIELD = gettext_lazy("Unknown field: this operation does not read it.")


class BodyError(ValueError):
    """A request body that cannot be read: not sent as JSON (415), not an object in UTF-8
    (400)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class ObjectBodies(Parser):
    """Every request body is a JSON object, in strict UTF-8, sent as JSON, or the request is
    refused.

    Refused here, once for every operation that reads a body, because a schema would not refuse
    it: ninja's Schema reads fields as attributes of whatever it is given, so `[1,2]`, `"hello"`
    or `null` passed as a body whose fields all have defaults (a green daily update, 201).
    """

    def parse_body(self, request):
        if request.content_type.lower() != JSON:
            raise BodyError(_("Send the body as JSON, with `Content-Type: application/json`."),
                            status=415)
        try:
            # Strict: an overlong sequence or an encoded surrogate is not UTF-8 (json.loads on
            # bytes would let "\xed\xa0\x80" through as a lone surrogate).
            body = request.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BodyError(_("The body is not valid UTF-8.")) from error
        try:
            data = json.loads(body)
        except ValueError as error:
            raise BodyError(_("The body is not valid JSON.")) from error
        if not isinstance(data, dict):
            raise BodyError(NOT_AN_OBJECT)
        return data


class ContractAPI(NinjaAPI):
    """The API whose document says what its server does (`metascrum.lib.api_document`)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return finish(super().get_openapi_schema(path_prefix=path_prefix,
                                                 path_params=path_params),
                      max_body_bytes=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
                      servers=[{"url": "/", "description": "The metascrum site that serves "
                                                           "this document."}],
                      security={"PersonalToken": TOKEN_SCHEME})

    def get_openapi_operation_id(self, operation) -> str:
        # The view's name, unique in the API (it is also its URL name): what a generated
        # client calls the method.
        return operation.view_func.__name__


api = ContractAPI(
    title="metascrum API",
    version="1",
    description="Post daily updates and feedback from anywhere. Authenticate with a personal "
                "token from your settings page: `Authorization: Bearer msk_…`. Every answer, "
                "errors included, is JSON; an error is `{\"detail\": …, \"errors\": {field: "
                "[messages]}}`. A POST may carry an `Idempotency-Key`, so that a retry changes "
                "nothing twice.",
    auth=PersonalToken(),
    throttle=[TokenThrottle()],
    urls_namespace="api",
    parser=ObjectBodies(),
)
# The later one wraps the earlier: content negotiation first, then the idempotent replay.
api.add_decorator(idempotent, mode="view")
api.add_decorator(http_semantics, mode="view")


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
        elif error.get("type") == "extra_forbidden":
            message = UNKNOWN_FIELD
        errors.setdefault(".".join(location) or "request", []).append(message)
    return _error(request, 400, NOT_VALID, errors)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(request, 401, _("A valid personal API token is required."))
    challenge = 'Bearer realm="metascrum"'
    if "Authorization" in request.headers:
        challenge += ', error="invalid_token"'
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    wait = max(1, math.ceil(exc.wait or 1))
    response = _error(request, 429, ngettext(
        "Too many requests: try again in %(wait)d second.",
        "Too many requests: try again in %(wait)d seconds.", wait) % {"wait": wait})
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    # Raised where the body is first read (ninja reads it before the parser): DATA_UPLOAD_
    # MAX_MEMORY_SIZE, Django's own limit, which the document states.
    return _error(request, 413, _("The body is larger than %(limit)s bytes.") % {
        "limit": number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, force_grouping=True)})


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Your role does not allow this."))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    cause = exc.__cause__
    if isinstance(cause, BodyError):  # ninja wraps what the parser raises
        if cause.status != 400:
            return _error(request, cause.status, str(cause))
        return _error(request, 400, NOT_VALID, {"request": [str(cause)]})
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """Anything unexpected: logged with its traceback as Django logs a 500, answered in JSON."""
    response = _error(request, 500, _("Something went wrong on our side."))
    log_response("Internal Server Error: %s", request.path, response=response, request=request,
                 exception=exc)
    return response


api.add_router("/", programmes_router)
api.add_router("/", bookings_router)
api.add_router("/", feedback_router)
api.add_router("/", meetings_router)
api.add_router("/", updates_router)
api.add_router("/", dependencies_router)
api.add_router("/", dependency_links_router)
api.add_router("/", backlog_router)
