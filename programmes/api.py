"""API endpoints for programmes and teams: what integrations need to find their way."""

from __future__ import annotations

from django.core.validators import slug_re
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from metascrum.lib.api_document import follow
from metascrum.lib.api_errors import ApiError, answers
from metascrum.lib.pagination import Pagination
from programmes import selectors
from programmes.access.second_factor import token_lacks_second_factor
from programmes.models import Programme, Team
from programmes.permissions import Access, access_for

router = Router(tags=["programmes"])


class PersonOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 12, "email": "sam@example.com", "name": "Sam SM", "timezone": "Europe/London",
        "language": "de"}]})

    id: int
    email: str
    name: str
    timezone: str
    language: str = Field(description=(
        "The language chosen in the person's settings (en, de or es), in which the API's "
        "messages are written for their token; empty: as the request's Accept-Language asks."))


class ProgrammeOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 2, "slug": "payments", "name": "Payments",
        "description": "Everything that moves money.", "timezone": "Europe/London",
        "parent": "northwind", "sprint_length_days": 14}]})

    id: int
    slug: str
    name: str
    description: str
    timezone: str
    parent: str | None
    sprint_length_days: int

    @staticmethod
    def resolve_parent(obj: Programme) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class TeamOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 5, "slug": "ledger", "name": "Ledger", "programme": "payments",
        "scrum_master": "sam@example.com", "my_role": "scrum_master"}]})

    id: int
    slug: str
    name: str
    programme: str
    scrum_master: str | None
    my_role: str | None

    @staticmethod
    def resolve_programme(obj: Team) -> str:
        return obj.programme.slug

    @staticmethod
    def resolve_scrum_master(obj: Team) -> str | None:
        masters = obj.scrum_master_memberships
        return masters[0].person.email if masters else None

    @staticmethod
    def resolve_my_role(obj: Team, context) -> str | None:
        return context["request"].programme_access.team_roles.get(obj.pk)


def api_access(request, slug: str) -> Access:
    """The caller's access to a programme; a 404 for outsiders, as in the web pages."""
    if not slug_re.fullmatch(slug):  # e.g. a NUL byte, which PostgreSQL refuses to compare
        raise Http404
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        raise Http404
    access = access_for(request.user, programme)
    if not access.may_view:
        raise Http404
    if token_lacks_second_factor(request.user, programme):
        raise ApiError(403, _("%(programme)s requires two-factor authentication: turn it on "
                              "in your account settings, then use your token again.")
                       % {"programme": programme})

    return access


@router.get("/me", response=answers(PersonOut), summary="The person the token belongs to")
def me(request):
    return request.user


@router.get("/programmes", response=answers(list[ProgrammeOut]), summary="Programmes I belong to",
            openapi_extra=follow({"slug": "$response.body#/items/0/slug"},
                                 "programme_detail", "programme_teams", "resource_list",
                                 "booking_list", "booking_request", "programme_feedback",
                                 "feedback_raise", "programme_meetings"))
@paginate(Pagination)
def my_programmes(request):
    return selectors.programmes_for_person(request.user)


@router.get("/programmes/{slug}", response=answers(ProgrammeOut), summary="One programme")
def programme_detail(request, slug: str):
    return api_access(request, slug).programme


@router.get("/programmes/{slug}/teams", response=answers(list[TeamOut]),
            summary="Teams of a programme",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "team_id": "$response.body#/items/0/id"},
                                 "team_update", "team_update_post", "team_update_edit",
                                 "team_updates"))
@paginate(Pagination)
def programme_teams(request, slug: str, mine: bool = False):
    access = request.programme_access = api_access(request, slug)
    teams = selectors.teams_with_scrum_masters(access.programme).select_related("programme")
    if mine:
        teams = teams.filter(pk__in=list(access.team_roles))
    return teams
