"""Pagination, for the API (`Pagination`: bounded limit and offset, so no input can overflow a
query, and a link to the next page) and for pages (`paginate`: several paginated lists on one
page)."""

from typing import Annotated, Any

from django.core.paginator import Page, Paginator
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # well inside PostgreSQL's bigint


class Pagination(LimitOffsetPagination):
    """`limit` items from `offset` on, the `count` of all, and the `next` page's address (also
    in a `Link: <…>; rel="next"` header, RFC 8288), or null on the last page."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="How many items the whole list has.")
        next: Annotated[str, Field(json_schema_extra={"format": "uri"})] | None = Field(
            description="The next page (same filters, the next `offset`); null on the last.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        following = pagination.offset + pagination.limit
        page["next"] = None
        if following < page["count"] and following <= MAX_OFFSET:
            query = request.GET.copy()
            query["offset"] = str(following)
            query["limit"] = str(pagination.limit)
            page["next"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        # The API's HTTP layer (`metascrum.lib.api_http`) repeats it as a Link header.
        request.api_next_page = page["next"]
        return page


def paginate(request, queryset, *, param: str = "page", per_page: int = 25) -> Page:
    """The requested page (bad numbers give the first or last), with prev/next links that keep
    every other query parameter, so two lists on one page page independently."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))
    page.prev_url = _link(request, param, page.previous_page_number()) \
        if page.has_previous() else None
    page.next_url = _link(request, param, page.next_page_number()) if page.has_next() else None
    return page


def _link(request, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()
