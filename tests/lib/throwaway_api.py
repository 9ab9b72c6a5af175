"""A throwaway django-ninja API, mounted only by the deprecation tests (`pytest.mark.urls`)."""

from datetime import UTC, date, datetime

from django.http import Http404, HttpResponse
from django.urls import path
from ninja import NinjaAPI, Router

from metascrum.lib.deprecation import deprecated

CHANGELOG = "https://metascrum.example/docs/API.md#changelog"

router = Router()


@router.get("/old")
@deprecated(since=date(2027, 1, 4), sunset=date(2027, 7, 5), link=CHANGELOG)
def old(request, fail: bool = False):
    """The old way."""
    if fail:
        raise Http404
    return {"answer": 42}


@deprecated(since=datetime(2027, 1, 4, 9, 30, tzinfo=UTC), sunset=date(2027, 7, 5))
@router.get("/older")
def older(request):
    return {"answer": 41}


@router.get("/paged")
@deprecated(since=date(2027, 1, 4), sunset=date(2027, 7, 5), link=CHANGELOG)
def paged(request, response: HttpResponse):
    response["Link"] = '</paged?offset=50>; rel="next"'
    return {"items": []}


@router.get("/new")
def new(request):
    return {"answer": 43}


api = NinjaAPI(title="throwaway", urls_namespace="throwaway-deprecation")


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


api.add_router("/", router)

urlpatterns = [path("throwaway/", api.urls)]
