"""Pagination, for the API (`Pagination`: bounded limit and offset, so no input can overflow a
query) and for pages (`paginate`: several paginated lists on one page)."""

from django.core.paginator import Page, Paginator
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # well inside PostgreSQL's bigint


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


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
