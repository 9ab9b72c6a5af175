"""HTTP as API clients expect it, for every operation in one place (`http_semantics`, a view
decorator the API root applies to all of them), and the helpers routers use for the rest.

- A request that does not accept JSON (`Accept: application/xml`) is a 406: JSON is all the
  API speaks, and a client that asked for something else should hear so, not parse JSON by
  surprise.
- A GET's 200 carries an `ETag` (a digest of the body) and `Cache-Control: private, no-cache`
  (a cache may keep it for this token only, and must ask again before using it); a request
  whose `If-None-Match` names the current ETag gets a 304 without a body.
- A list's next page is in a `Link: <…>; rel="next"` header as in the body's `next`.
- `Location` on a 201 and `If-Match` on an update are the routers' (`located`,
  `require_match`): only they know the address and the current state.
"""

import hashlib
from functools import wraps

from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.renderers import JSONRenderer

from metascrum.lib.api_errors import ApiError, error_body

JSON = "application/json"
CACHE_CONTROL = "private, no-cache"
NOT_ACCEPTABLE = gettext_lazy(
    "This API answers in JSON only: send `Accept: application/json` (or none).")


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _weak(tag: str) -> str:
    return tag.removeprefix("W/")


def http_semantics(run):
    """Wraps an operation (ninja's view mode: around authentication and the operation)."""

    @wraps(run)
    def operation(request, *args, **kwargs):
        if not request.accepts(JSON):
            return JsonResponse(error_body(NOT_ACCEPTABLE), status=406)
        response = run(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response = _cacheable(request, response)
        return response

    return operation


def _cacheable(request, response: HttpResponse) -> HttpResponse:
    tag = etag_of(response.content)
    known = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in known or tag in {_weak(t) for t in known}:
        response = HttpResponseNotModified()
    response["ETag"] = tag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Authorization"])
    following = getattr(request, "api_next_page", None)
    if following and response.status_code == 200:
        response["Link"] = f'<{following}>; rel="next"'
    return response


def rendered(request, schema, data) -> bytes:
    """The body a GET answering `data` with `schema` sends: to compare ETags on an update."""
    value = schema.model_validate(data, context={"request": request}).model_dump()
    return JSONRenderer().render(request, value, response_status=200).encode()


def require_match(header: str, current: bytes) -> None:
    """An `If-Match` header must name the ETag of `current`, the body a GET would answer now;
    otherwise 412, and nothing changes."""
    known = parse_etags(header)
    if "*" in known or etag_of(current) in known:
        return
    raise ApiError(412, _("It has changed since you read it (If-Match does not name its "
                          "current ETag): read it again, then send your change with the new "
                          "ETag."))


def located(request, response: HttpResponse, path: str) -> None:
    """The address of what a 201 created, where a GET reads it."""
    response["Location"] = request.build_absolute_uri(path)
