"""API endpoints for daily updates: read, post and edit a team's update; list its history."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from ceremonies.meetings.posting import figure, posting_tree
from ceremonies.models import DailyUpdate, Health, Meeting
from ceremonies.updates import services as updates
from metascrum.lib.api_errors import ApiError, answers
from metascrum.lib.api_types import text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Team
from programmes.permissions import Access

router = Router(tags=["daily updates"])
MAX_ID = 2**31 - 1


class MeetingOut(Schema):
    id: int
    title: str
    scheduled_start: datetime
    state: str


class UpdateOut(Schema):
    id: int
    team: int = Field(alias="team_id")
    meeting: int = Field(alias="meeting_id")
    version: int
    health: Health
    health_label: str
    health_reason: str
    done: str
    next: str
    nothing_new: bool
    blockers: str
    resources_needed: str
    author: str | None
    posted_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_health_label(obj: DailyUpdate) -> str:
        return obj.get_health_display()

    @staticmethod
    def resolve_author(obj: DailyUpdate) -> str | None:
        return obj.author.email if obj.author_id else None


class SlotOut(Schema):
    """The team's update for the next Scrum of Scrums (both None when none is coming up)."""

    meeting: MeetingOut | None
    editable: bool
    may_post: bool
    update: UpdateOut | None


class TeamRefOut(Schema):
    id: int
    name: str


class PostingMeetingOut(Schema):
    id: int
    title: str
    scheduled_start: datetime
    state: str


class ProgrammePostingOut(Schema):
    """Who of one programme's teams has posted for its Scrum of Scrums."""

    id: int
    name: str
    slug: str
    teams: int = Field(description="How many teams the programme has (of its own).")
    posted: int = Field(description="How many of them have an update for `meeting`.")
    missing: int = Field(description="How many have not: `teams` − `posted`.")
    missing_teams: list[TeamRefOut] = Field(description="The teams without an update.")
    meeting: PostingMeetingOut | None = Field(
        description="The Scrum of Scrums its teams post for: the one running now, else the "
                    "earliest scheduled one whose timebox has not passed. Null when none is "
                    "coming up; then none of its teams has posted.")


class PostingOut(Schema):
    """The figure Today, the steering pack and the dashboard show, from the same selector."""

    programme: str = Field(description="The programme asked about (its slug).")
    teams: int = Field(description="Teams counted: the programme's own and those of every "
                                   "programme below it, at any depth.")
    posted: int = Field(description="How many of them have posted for their programme's "
                                    "current or next Scrum of Scrums.")
    missing: int = Field(description="How many have not: `teams` − `posted`.")
    programmes: list[ProgrammePostingOut] = Field(
        description="One row per programme with teams, the programme itself first (when it "
                    "has teams), then those below it in tree order; the totals add these up.")


class NeedIn(Schema):
    team_id: int = Field(ge=1, le=MAX_ID,
                         description="The team of the same programme it is needed from.")
    what: text(300, required=True)
    needed_by: date | None = None


SAYS_SOMETHING = r"\S"  # more than white space

# The rule of ceremonies.models.DailyUpdate.clean, said in the schema too: done or next (or
# nothing_new, on purpose), and a reason for amber and red.
HONEST_UPDATE = {
    "anyOf": [
        {"required": ["done"], "properties": {"done": {"pattern": SAYS_SOMETHING}}},
        {"required": ["next"], "properties": {"next": {"pattern": SAYS_SOMETHING}}},
        {"required": ["nothing_new"], "properties": {"nothing_new": {"const": True}}},
    ],
    "if": {"properties": {"health": {"enum": ["amber", "red"]}}},
    "then": {"required": ["health_reason"],
             "properties": {"health_reason": {"pattern": SAYS_SOMETHING}}},
}


class UpdateIn(Schema):
    model_config = ConfigDict(json_schema_extra=HONEST_UPDATE)

    health: Health = Field(description="Required: there is no default health.")
    health_reason: text(300) = Field("", description="Required when health is amber or red.")
    done: text(4000) = ""
    next: text(4000) = ""
    nothing_new: bool = Field(False, description="Said on purpose when done and next are both "
                                                  "empty; otherwise one of them is required.")
    blockers: text(4000) = Field("", description="One blocker per line.")
    resources_needed: text(2000) = ""
    needs: list[NeedIn] = Field(default_factory=list, max_length=10)
    meeting: int | None = Field(
        None, ge=1, le=MAX_ID,
        description="The meeting the client was shown; a save after it started is refused "
                    "(409).")


class UpdateEditIn(UpdateIn):
    version: int = Field(ge=1, le=MAX_ID,
                         description="The version the client last read; 409 if it is stale.")


def _team(access: Access, team_id: int) -> Team:
    team = access.programme.teams.select_related("programme").filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def _needs(team: Team, needs: list[NeedIn]) -> list[updates.Need]:
    teams = {t.pk: t for t in team.programme.teams.filter(pk__in=[n.team_id for n in needs])}
    if any(n.team_id not in teams for n in needs):
        raise updates.UpdateError("Needs are on teams of the same programme.", status=400,
                                  errors={"needs": ["Choose a team of this programme."]})
    return [updates.Need(providing_team=teams[n.team_id], what=n.what,
                         needed_by=n.needed_by) for n in needs]


def _save(request, slug: str, team_id: int, payload: UpdateIn, version: int | None):
    access = api_access(request, slug)
    team = _team(access, team_id)
    if not updates.may_post(access, team):
        raise PermissionDenied(f"Only {team}'s Scrum Master posts its update.")
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(programme=access.programme, pk=payload.meeting).first()
        if meeting is None:
            raise ApiError(400, "The request is not valid.",
                           {"meeting": ["No such meeting in this programme."]})
    fields = payload.dict(exclude={"needs", "meeting", "version"})
    try:
        return updates.update_save(team=team, by=request.user, version=version,
                                   meeting=meeting, needs=_needs(team, payload.needs),
                                   **fields)
    except updates.UpdateConflict as conflict:
        raise ApiError(409, str(conflict), {"version": [
            f"The current version is {conflict.current.version}."]}) from conflict
    except updates.UpdateError as refused:
        raise ApiError(refused.status, str(refused), refused.errors or None) from refused


@router.get("/programmes/{slug}/teams/{team_id}/update", response=answers(SlotOut),
            url_name="team_update", summary="The team's update for the next Scrum of Scrums")
def team_update(request, slug: str, team_id: int):
    access = api_access(request, slug)
    team = _team(access, team_id)
    meeting = updates.next_sos(access.programme)
    return {"meeting": meeting, "editable": meeting is not None,
            "may_post": updates.may_post(access, team),
            "update": updates.update_for(team, meeting) if meeting else None}


@router.post("/programmes/{slug}/teams/{team_id}/update", response=answers(UpdateOut, 201),
             summary="Post the team's update for the next Scrum of Scrums")
def team_update_post(request, slug: str, team_id: int, payload: UpdateIn):
    return Status(201, _save(request, slug, team_id, payload, version=None))


@router.put("/programmes/{slug}/teams/{team_id}/update", response=answers(UpdateOut),
            summary="Edit the team's update (send the version you read)")
def team_update_edit(request, slug: str, team_id: int, payload: UpdateEditIn):
    return _save(request, slug, team_id, payload, version=payload.version)


@router.get("/programmes/{slug}/teams/{team_id}/updates", response=answers(list[UpdateOut]),
            summary="A team's updates, newest first")
@paginate(Pagination)
def team_updates(request, slug: str, team_id: int):
    team = _team(api_access(request, slug), team_id)
    return team.updates.select_related("author").order_by("-meeting__scheduled_start")


@router.get("/programmes/{slug}/posting", response=answers(PostingOut),
            url_name="programme_posting",
            summary="Who has posted for the next Scrum of Scrums (a parent: every programme "
                    "below it)",
            description="A team has posted when it has an update for its programme's Scrum "
                        "of Scrums running now, else the next one open for updates. A parent "
                        "programme adds up every programme with teams below it; its Today, "
                        "its steering pack and its dashboard show the same figure.")
def programme_posting(request, slug: str):
    programme = api_access(request, slug).programme
    return {"programme": programme.slug, **figure(posting_tree(programme).everywhere)}
