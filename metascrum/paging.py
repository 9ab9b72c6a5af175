"""Paginate a queryset for a page that may hold several paginated lists at once."""

from django.core.paginator import Page, Paginator


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
