"""Input types shared by the API routers: bodies that name every field they read, bounded ids
and text PostgreSQL can store."""

from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from metascrum.lib.text import text_problem

MAX_ID = 2_147_483_647  # PostgreSQL's integer: a larger id could never exist


def _storable(value):
    # Before pydantic's own checks, so a lone surrogate gets this message, not "unable to parse
    # raw data as a unicode string" from the length or pattern check; a custom error, so the
    # message is not prefixed with "Value error, ".
    if isinstance(value, str) and (problem := text_problem(value)):
        raise PydanticCustomError("text_not_storable", problem)
    return value


class _Documented:
    """Puts a `pattern` in the OpenAPI document, for clients: what is refused is said there."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema["pattern"] = self.pattern
        return schema


ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class BodyIn(Schema):
    """A request body. A field it does not declare is refused with a 400 naming it, rather than
    dropped: a client that misspells `health_reason` or sends a field of a later version learns
    at once that it was not read, instead of believing it was saved. The document says so too
    (`additionalProperties: false`), so a generated client cannot send one."""

    model_config = ConfigDict(extra="forbid")

# No NUL (lone surrogates cannot be written in a JSON Schema pattern, and a UTF-8 client has
# none); a required text also has a non-space character, so a client (or schemathesis) never
# sends "\n" or "a\x00" believing it valid.
_ANY_TEXT = r"^[^\u0000]*$"
_SOME_TEXT = r"^[^\u0000]*\S[^\u0000]*$"


def text(max_length: int, *, required: bool = False):
    """A string of at most `max_length` characters, stripped; `required` means not blank.

    Every string an API operation reads (body, query) is one: it refuses NUL and lone surrogates
    with a 400 that names the field (`metascrum.lib.text`).
    """
    return Annotated[str, StringConstraints(max_length=max_length, strip_whitespace=True,
                                            min_length=1 if required else 0),
                     BeforeValidator(_storable),
                     _Documented(_SOME_TEXT if required else _ANY_TEXT)]

