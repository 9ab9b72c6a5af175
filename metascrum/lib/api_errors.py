"""The API's one error style: routers raise, the API root renders.

Every error body is {"detail": "...", "errors": {"field": ["message"]}} (errors optional).
`answers` declares an operation's own response and the refusals only its code can give (403,
409, 422); the statuses every operation of a kind can answer (400, 401, 404, 406, 413, 415,
…) are added to the document by `metascrum.lib.api_document`, from the operation's shape.

Which status says what:
- 400: the request does not follow the API's document (a body that is not a JSON object, a
  wrong type, a value too long, an unknown field, a bad query or path parameter, a daily
  update that breaks the rule its schema states with anyOf and if/then). The schema layer
  answers it; a router only for a rule the document states but pydantic does not enforce.
- 422: the request follows the document, but cannot be carried out as sent: it names a team,
  resource or meeting that is not in the programme, or breaks a rule no schema can state (a
  booking that ends before it starts), or reuses an Idempotency-Key for another request.
"""

from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import ConfigDict

UNPROCESSABLE = 422
# In the language of the request (the token's person's, else Accept-Language, else English).
NOT_VALID = gettext_lazy("The request is not valid.")
CANNOT = gettext_lazy("The request cannot be carried out as sent.")


class ErrorOut(Schema):
    """Every error the API answers, whatever its status."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"detail": "The request cannot be carried out as sent.",
         "errors": {"team_id": ["No such team in this programme."]}}]})

    detail: str
    errors: dict[str, list[str]] | None = None


# Statuses only an operation's own code can answer; `answers` refuses any other.
OWN_REFUSALS = frozenset({403, 409, 412, 428, UNPROCESSABLE})


def answers(schema, status: int = 200, *, refuses: tuple[int, ...] = ()) -> dict:
    """The responses an operation declares: its own, and the refusals its code can give."""
    unknown = set(refuses) - OWN_REFUSALS
    if unknown:
        raise ValueError(f"{sorted(unknown)} are added from the operation's shape, not declared")
    return {status: schema, **dict.fromkeys(sorted(refuses), ErrorOut)}


class ApiError(Exception):
    """Raised by a router; the API root answers it with `status` and the JSON error body."""

    def __init__(self, status: int, detail: str, errors: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def unprocessable(errors: dict[str, list[str]], detail: str = CANNOT) -> ApiError:
    """A body that follows the schema but names what is not there, or breaks a domain rule."""
    return ApiError(UNPROCESSABLE, detail, errors)


def refusal(status: int, detail: str, errors: dict | None = None) -> ApiError:
    """A service's refusal as the API answers it: what a service calls bad input (400) is, for
    a request that passed the schema, an unprocessable one (422)."""
    return ApiError(UNPROCESSABLE if status == 400 else status, detail, errors or None)


def error_body(detail: str, errors: dict | None = None) -> dict:
    body: dict = {"detail": str(detail)}  # a lazy message is written in the active language
    if errors:
        body["errors"] = {field: [str(message) for message in messages]
                          for field, messages in errors.items()}
    return body
