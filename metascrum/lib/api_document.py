"""The OpenAPI document, finished: what every operation of a kind answers, said once here.

django-ninja writes each operation from its signature: parameters, body and the responses the
router declares (`metascrum.lib.api_errors.answers`). What follows from the operation's shape
is added here, from the same facts the server acts on, so that each operation lists exactly
the statuses it can answer:

- every operation: 401 (it needs a token), 406 (JSON only), 429 (rate limits), 500;
- a parameter in the path or the query, or a body: 400; a parameter in the path: 404;
- a programme's `slug` in the path: 403 (its two-factor rule refuses the token's person);
- a body: 413 (larger than DATA_UPLOAD_MAX_MEMORY_SIZE), 415 (not `application/json`);
- every POST: the `Idempotency-Key` header, and 422 for a key reused with another request;
- a GET: `ETag` and `Cache-Control` on the 200, `Link` on a list's, and 304;
- a 201: `Location`.

Each error status is described once, in components/responses, with the one JSON shape
(`ErrorOut`) and an example; each request body and successful response carries the example of
its schema (`examples` in its model's config).
"""

import json

from ninja.responses import NinjaJSONEncoder

ERROR = {"$ref": "#/components/schemas/ErrorOut"}
# The name of each error response in components/responses, where each is described once.
NAMES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
         406: "NotAcceptable", 409: "Conflict", 412: "PreconditionFailed",
         413: "ContentTooLarge", 415: "UnsupportedMediaType", 422: "UnprocessableContent",
         428: "PreconditionRequired", 429: "TooManyRequests", 500: "ServerError"}

# status -> (what it means in this API, an example body)
ERRORS = {
    400: ("The request does not follow this document: the body is not a JSON object, a value "
          "has the wrong type, is too long or breaks its pattern, a required field is missing, "
          "the body has a field the operation does not read, or a query or path parameter is "
          "out of its range. `errors` names each field ('request' for the request as a whole).",
          {"detail": "The request is not valid.",
           "errors": {"title": ["String should have at least 1 character"],
                      "colour": ["Unknown field: this operation does not read it."]}}),
    401: ("No token, or a token that is unknown, revoked or belongs to a deactivated person. "
          "The `WWW-Authenticate: Bearer` header says so too.",
          {"detail": "A valid personal API token is required."}),
    403: ("The token's person may see this, but their role does not allow this action; or "
          "the programme requires two-factor authentication and the token's person has not "
          "turned it on.",
          {"detail": "Only the Meta Scrum Master decides on bookings."}),
    404: ("No such programme, or the token's person is not in it (an outsider learns nothing "
          "more), or no such item in it.",
          {"detail": "Not found."}),
    406: ("The `Accept` header does not allow `application/json`, the only type this API "
          "answers in.",
          {"detail": "This API answers in JSON only: send `Accept: application/json` (or "
                     "none)."}),
    409: ("The current state does not allow it: the request was already decided, the item "
          "is not in a state for this step, the meeting has started, or someone saved a newer "
          "version (`errors.version` says which is current).",
          {"detail": "This request is already confirmed."}),
    412: ("`If-Match` does not name the current ETag: it changed since it was read. Read it "
          "again and send the change with the new ETag.",
          {"detail": "It has changed since you read it (If-Match does not name its current "
                     "ETag): read it again, then send your change with the new ETag."}),
    413: None,  # from the size limit, see `finish`
    415: ("The body is not sent as `Content-Type: application/json`.",
          {"detail": "Send the body as JSON, with `Content-Type: application/json`."}),
    422: ("The request follows this document but cannot be carried out as sent: it names a "
          "team, resource or meeting that is not in this programme, it breaks a rule no schema "
          "can state (a booking that ends before it starts, a release slot already past), or "
          "its `Idempotency-Key` was used in the last 24 hours for a different request. "
          "`errors` names the fields.",
          {"detail": "The request cannot be carried out as sent.",
           "errors": {"team_id": ["No such team in this programme."]}}),
    428: ("An update needs a precondition: the `version` you read, in the body, or its "
          "`ETag`, in `If-Match`.",
          {"detail": "Say which version you change: `version` in the body or If-Match."}),
    429: ("Too many requests: past the limit of this token (each token has its own), or of "
          "this address for requests without a valid token. `Retry-After` says in how many "
          "seconds to try again.",
          {"detail": "Too many requests: try again in 6 seconds."}),
    500: ("Something went wrong on the server (it is logged); the body never says what. "
          "Retrying later with the same Idempotency-Key is safe: nothing of the failed request "
          "was kept.",
          {"detail": "Something went wrong on our side."}),
}

IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "description": "Any unique string (a UUID): a retry with the same key, from the same token, "
                   "within 24 hours gets the first answer again (status, headers and body, "
                   "with `Idempotent-Replayed: true`) and changes nothing twice. The same key "
                   "with a different request is a 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255,
               "pattern": "^[\\x21-\\x7e]+$"},
}
REPLAYED = {"description": "`true` when this is the stored answer to an earlier request with "
                           "the same Idempotency-Key.",
            "schema": {"type": "string", "enum": ["true"]}}
HEADERS = {
    "ETag": {"description": "The version of this answer: send it in `If-None-Match` to get "
                            "a 304 while it is current (and in `If-Match` to update it).",
             "required": True, "schema": {"type": "string"}},
    "Cache-Control": {"description": "`private, no-cache`: for this token only, checked again "
                                     "before each use.",
                      "required": True, "schema": {"type": "string"}},
    "Link": {"description": "`<…>; rel=\"next\"` (RFC 8288): the next page, as in `next`; "
                            "absent on the last page.",
             "required": False, "schema": {"type": "string"}},
    "Location": {"description": "Where to read what was created.", "required": True,
                 "schema": {"type": "string", "format": "uri"}},
    "Retry-After": {"description": "Seconds to wait before trying again.", "required": True,
                    "schema": {"type": "integer", "minimum": 1}},
    "WWW-Authenticate": {"description": "`Bearer realm=\"metascrum\"` (RFC 6750), with "
                                        "`error=\"invalid_token\"` when a token was sent.",
                         "required": True, "schema": {"type": "string"}},
}


def finish(document: dict, *, max_body_bytes: int, servers: list[dict],
           security: dict[str, str]) -> dict:
    """The document as served and committed (docs/openapi.json)."""
    document = json.loads(json.dumps(document, cls=NinjaJSONEncoder))  # a copy, as served
    document["servers"] = servers
    schemas = document["components"]["schemas"]
    examples = {name: schema.pop("examples")[0] for name, schema in schemas.items()
                if schema.get("examples")}
    errors = {**ERRORS, 413: (
        f"The body is larger than {max_body_bytes:,} bytes.",
        {"detail": f"The body is larger than {max_body_bytes:,} bytes."})}
    operations = [(method, operation) for path in document["paths"].values()
                  for method, operation in path.items()]
    parameters = {operation["operationId"]: {p["name"] for p in operation.get("parameters", ())}
                  for _, operation in operations}
    for method, operation in operations:
        _link(operation, parameters)
        _finish_operation(method, operation, errors, examples, schemas)
    document["components"]["responses"] = {NAMES[status]: _error(status, *errors[status])
                                           for status in sorted(NAMES)}
    for name, description in security.items():
        document["components"]["securitySchemes"][name].update(
            bearerFormat="msk_…", description=description)
    return document


def _finish_operation(method: str, operation: dict, errors: dict, examples: dict,
                      schemas: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    body = operation.get("requestBody")
    responses = operation["responses"]
    statuses = {int(status) for status in responses if int(status) >= 400}
    statuses.update({401, 406, 429})
    if body or any(_refusable(p["schema"]) for p in parameters):
        statuses.add(400)
    if any(p["in"] == "path" for p in parameters):
        statuses.add(404)
    if any(p["in"] == "path" and p["name"] == "slug" for p in parameters):
        statuses.add(403)
    if body:
        statuses.update({413, 415})
        media = body["content"]["application/json"]
        _example(media, examples, schemas)
    if method == "post":
        parameters.append(IDEMPOTENCY_KEY)
        statuses.add(422)
    for status, response in responses.items():
        if int(status) < 400:
            _success(method, int(status), response, examples, schemas)
    statuses.add(500)
    for status in sorted(statuses):
        responses[str(status)] = {"$ref": f"#/components/responses/{NAMES[status]}"}
    if method == "get":
        responses["304"] = {"description": "Not modified: the `If-None-Match` you sent names the "
                                         "current ETag. No body.",
                          "headers": {name: HEADERS[name] for name in ("ETag",
                                                                       "Cache-Control")}}
    operation["responses"] = {status: responses[status] for status in sorted(responses, key=int)}


def _error(status: int, description: str, example: dict) -> dict:
    response = {"description": description,
                "content": {"application/json": {"schema": ERROR, "example": example}}}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": HEADERS["WWW-Authenticate"]}
    if status == 429:
        response["headers"] = {"Retry-After": HEADERS["Retry-After"]}
    return response


def _success(method: str, status: int, response: dict, examples: dict, schemas: dict) -> None:
    headers = response.setdefault("headers", {})
    media = response.get("content", {}).get("application/json")
    if media is not None:
        _example(media, examples, schemas)
    if method == "get" and status == 200:
        headers.update(ETag=HEADERS["ETag"], **{"Cache-Control": HEADERS["Cache-Control"]})
        if media is not None and _is_page(media["schema"], schemas):
            headers["Link"] = HEADERS["Link"]
    if status == 201:
        headers["Location"] = HEADERS["Location"]
    if method == "post":
        headers["Idempotent-Replayed"] = REPLAYED
    if not headers:
        del response["headers"]


def _link(operation: dict, parameters: dict[str, set[str]]) -> None:
    """Each link passes the parameters its target has, of those `follow` offers."""
    for response in operation["responses"].values():
        for link in response.get("links", {}).values():
            if link["operationId"] not in parameters:
                raise ValueError(f"{operation['operationId']} links to an unknown operation "
                                 f"{link['operationId']}")
            wanted = parameters[link["operationId"]]
            link["parameters"] = {name: value for name, value in link["parameters"].items()
                                  if name in wanted}


def _refusable(schema: dict) -> bool:
    """Whether a parameter's value can be out of its schema: anything but a free string."""
    return schema.get("type") != "string" or any(
        key in schema for key in ("maxLength", "minLength", "pattern", "enum", "format"))


def _name(schema: dict) -> str | None:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] or None


def _is_page(schema: dict, schemas: dict) -> bool:
    properties = schemas.get(_name(schema) or "", {}).get("properties", {})
    return {"items", "count", "next"} <= set(properties)


def _example(media: dict, examples: dict, schemas: dict) -> None:
    """The example of the body's schema; a page's is one item's example, and no next page."""
    name = _name(media["schema"])
    if name in examples:
        media["example"] = examples[name]
    elif name is not None and _is_page(media["schema"], schemas):
        item = _name(schemas[name]["properties"]["items"]["items"])
        if item in examples:
            media["example"] = {"items": [examples[item]], "count": 1, "next": None}


def follow(parameters: dict[str, str], *operations: str, statuses=(200,)) -> dict:
    """OpenAPI links (an operation's `openapi_extra`): from this answer to the operations it
    leads to, with the runtime expressions that fill their parameters (`$response.body#/id`,
    `$request.path.slug`). A client, and schemathesis' stateful phase, chain them."""
    links = {operation: {"operationId": operation, "parameters": parameters}
             for operation in operations}
    return {"responses": {status: {"links": links} for status in statuses}}
