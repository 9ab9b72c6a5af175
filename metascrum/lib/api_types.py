"""Input types shared by the API routers: bounded ids and text PostgreSQL can store."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

MAX_ID = 2_147_483_647  # PostgreSQL's integer: a larger id could never exist


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    return value


ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(_no_nul)]


def text(max_length: int, *, required: bool = False):
    """A string of at most `max_length` characters; `required` means not blank."""
    # A required text must have a non-space character: the schema says so too (`pattern`),
    # so a client (or schemathesis) never sends "\n" believing it valid.
    return Annotated[str, StringConstraints(max_length=max_length, strip_whitespace=True,
                                            min_length=1 if required else 0,
                                            pattern=r"\S" if required else None),
                     AfterValidator(_no_nul)]
