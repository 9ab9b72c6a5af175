"""API endpoints for a dependency's tracker items: list them, link one by its link or key."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from ceremonies.dependency_links import services
from ceremonies.models import Dependency
from metascrum.lib.api_errors import ApiError, answers, refusal, unprocessable
from metascrum.lib.api_http import located
from metascrum.lib.api_types import BodyIn, ObjectId, text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.permissions import Access

router = Router(tags=["dependencies"])


class LinkedItemOut(Schema):
    id: int
    key: str
    title: str
    url: str
    state: str
    closed_at: datetime | None
    gone: bool

    @staticmethod
    def resolve_gone(obj) -> bool:
        return obj.gone_at is not None


class DependencyLinkOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 3, "tracker_item": {"id": 51, "key": "PAY-7", "title": "Card API v2 sandbox",
                                  "url": "https://acme.atlassian.net/browse/PAY-7",
                                  "state": "done", "closed_at": "2027-02-25T16:00:00Z",
                                  "gone": False},
        "linked_at": "2027-02-02T10:00:00Z"}]})

    id: int
    tracker_item: LinkedItemOut
    linked_at: datetime


class DependencyLinkIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reference": "PAY-7"}]})

    reference: text(500, required=True)


def _dependency(access: Access, dependency_id: int) -> Dependency:
    found = (Dependency.objects.select_related("programme", "raised_by",
                                               "needing_team__programme",
                                               "providing_team__programme")
             .filter(Q(programme=access.programme)
                     | Q(providing_team__programme=access.programme), pk=dependency_id)
             .first())
    if found is None:
        raise ApiError(404, _("Not found."))
    return found


@router.get("/programmes/{slug}/dependencies/{dependency_id}/tracker-links",
            response=answers(list[DependencyLinkOut]),
            summary="The tracker items linked to a dependency",
            url_name="dependency_tracker_links")
@paginate(Pagination)
def dependency_links(request, slug: str, dependency_id: ObjectId):
    return services.dependency_links(_dependency(api_access(request, slug), dependency_id))


@router.post("/programmes/{slug}/dependencies/{dependency_id}/tracker-links",
             response=answers(DependencyLinkOut, 201, refuses=(403,)),
             summary="Link a tracker item to a dependency",
             description="By the item's link or key (PAY-7, acme/ledger#12), in the trackers "
                         "of either team's programme. When it closes, whoever raised the "
                         "dependency is asked to mark it delivered. `Location` is the "
                         "dependency's list of tracker items, which holds the new link.")
def dependency_link_add(request, slug: str, dependency_id: ObjectId,
                        payload: DependencyLinkIn, response: HttpResponse):
    dependency = _dependency(api_access(request, slug), dependency_id)
    try:
        link = services.dependency_link_add(dependency=dependency, by=request.user,
                                            reference=payload.reference)
    except PermissionDenied as error:
        raise refusal(403, str(error)) from error
    except ValidationError as error:
        raise unprocessable({"reference": error.messages}) from error
    located(request, response, reverse(
        "api:dependency_tracker_links",
        kwargs={"slug": dependency.programme.slug, "dependency_id": dependency.pk}))
    return Status(201, link)
