"""API endpoints for daily updates: read, post and edit a team's update; list its history;
raise one of its blockers as the team's impediment.

An edit says which version it changes: `version` in the body, or the ETag of the team's update
slot (GET …/update) in `If-Match`; with neither it is a 428.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from ceremonies.meetings.posting import figure, posting_tree
from ceremonies.models import BlockerImpediment, DailyUpdate, Health, Meeting
from ceremonies.updates import services as updates
from feedback.api import ITEM_STEPS, FeedbackDetailOut, item_detail, item_url
from metascrum.lib.api_document import follow
from metascrum.lib.api_errors import NOT_VALID, ApiError, answers, refusal, unprocessable
from metascrum.lib.api_http import located, rendered, require_match
from metascrum.lib.api_types import BodyIn, ObjectId, text
from metascrum.lib.pagination import Pagination
from programmes.api import api_access
from programmes.models import Team
from programmes.permissions import Access

router = Router(tags=["daily updates"])
SLOT_STEPS = ("team_update", "team_update_edit", "team_updates")


class SlotMeetingOut(Schema):
    """The Scrum of Scrums an update slot is for (its own name: MeetingOut is the room's)."""

    id: int
    title: str
    scheduled_start: datetime
    state: str


UPDATE_EXAMPLE = {
    "id": 981, "team": 5, "meeting": 311, "version": 2, "health": "amber",
    "health_label": "Amber", "health_reason": "Staging is down: the release may slip a day.",
    "done": "Ledger export in review", "next": "Release the export", "nothing_new": False,
    "blockers": "Test environment down", "resources_needed": "", "author": "sam@example.com",
    "posted_at": "2027-02-01T08:40:00Z", "updated_at": "2027-02-01T08:55:00Z"}


class UpdateOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [UPDATE_EXAMPLE]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "meeting": {"id": 311, "title": "Scrum of Scrums",
                    "scheduled_start": "2027-02-01T09:30:00Z", "state": "scheduled"},
        "editable": True, "may_post": True, "update": UPDATE_EXAMPLE}]})

    meeting: SlotMeetingOut | None
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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "programme": "northwind", "teams": 3, "posted": 1, "missing": 2,
        "programmes": [{
            "id": 2, "name": "Payments", "slug": "payments", "teams": 2, "posted": 1,
            "missing": 1, "missing_teams": [{"id": 6, "name": "Card Gateway"}],
            "meeting": {"id": 40, "title": "Scrum of Scrums",
                        "scheduled_start": "2027-02-01T09:30:00Z", "state": "scheduled"}}, {
            "id": 3, "name": "Experience", "slug": "experience", "teams": 1, "posted": 0,
            "missing": 1, "missing_teams": [{"id": 9, "name": "Web Storefront"}],
            "meeting": None}]}]})

    programme: str = Field(description="The programme asked about (its slug).")
    teams: int = Field(description="Teams counted: the programme's own and those of every "
                                   "programme below it, at any depth.")
    posted: int = Field(description="How many of them have posted for their programme's "
                                    "current or next Scrum of Scrums.")
    missing: int = Field(description="How many have not: `teams` − `posted`.")
    programmes: list[ProgrammePostingOut] = Field(
        description="One row per programme with teams, the programme itself first (when it "
                    "has teams), then those below it in tree order; the totals add these up.")


class NeedIn(BodyIn):
    team_id: ObjectId = Field(description="The team of the same programme it is needed from.")
    what: text(300, required=True)
    needed_by: date | None = None


SAYS_SOMETHING = r"\S"  # more than white space

# The rule of ceremonies.models.DailyUpdate.clean, said in the schema too: done or next (or
# nothing_new, on purpose), and a reason for amber and red.
HONEST_UPDATE = {
    # Two conditions (if/else, if/then) rather than a bare anyOf, so that a client generated
    # from the document still has one UpdateIn type, not a union of three.
    "allOf": [
        {"if": {"required": ["nothing_new"], "properties": {"nothing_new": {"const": True}}},
         "else": {"anyOf": [
             {"required": ["done"], "properties": {"done": {"pattern": SAYS_SOMETHING}}},
             {"required": ["next"], "properties": {"next": {"pattern": SAYS_SOMETHING}}}]}},
        {"if": {"required": ["health"],
                "properties": {"health": {"enum": ["amber", "red"]}}},
         "then": {"required": ["health_reason"],
                  "properties": {"health_reason": {"pattern": SAYS_SOMETHING}}}},
    ],
}


class UpdateIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={**HONEST_UPDATE, "examples": [{
        "health": "amber", "health_reason": "Staging is down: the release may slip a day.",
        "done": "Ledger export in review", "next": "Release the export",
        "blockers": "Test environment down",
        "needs": [{"team_id": 6, "what": "Card API sandbox keys", "needed_by": "2027-02-03"}]}]})

    health: Health = Field(description="Required: there is no default health.")
    health_reason: text(300) = Field("", description="Required when health is amber or red.")
    done: text(4000) = ""
    next: text(4000) = ""
    nothing_new: bool = Field(False, description="Said on purpose when done and next are both "
                                                  "empty; otherwise one of them is required.")
    blockers: text(4000) = Field("", description="One blocker per line.")
    resources_needed: text(2000) = ""
    needs: list[NeedIn] = Field(default_factory=list, max_length=10)
    meeting: ObjectId | None = Field(
        None, description="The meeting the client was shown; a save after it started is "
                          "refused (409).")


class UpdateEditIn(UpdateIn):
    model_config = ConfigDict(json_schema_extra={**HONEST_UPDATE, "examples": [{
        "version": 2, "health": "green", "done": "Ledger export released",
        "next": "Start the refunds report"}]})

    version: ObjectId | None = Field(
        None, description="The version the client last read; 409 if it is stale. Not needed "
                          "with `If-Match`; one of the two is required (428).")


class BlockerIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"examples": [{"line": 0}]})

    line: int = Field(ge=0, le=4000, description="Which blocker of the update: its line among "
                                                 "the non-empty lines of `blockers`, from 0.")


def _team(access: Access, team_id: int) -> Team:
    team = access.programme.teams.select_related("programme").filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def _needs(team: Team, needs: list[NeedIn]) -> list[updates.Need]:
    teams = {t.pk: t for t in team.programme.teams.filter(pk__in=[n.team_id for n in needs])}
    if any(n.team_id not in teams for n in needs):
        raise unprocessable({"needs": [_("Choose a team of this programme.")]})
    return [updates.Need(providing_team=teams[n.team_id], what=n.what,
                         needed_by=n.needed_by) for n in needs]


def _poster(request, slug: str, team_id: int) -> tuple[Access, Team]:
    access = api_access(request, slug)
    team = _team(access, team_id)
    if not updates.may_post(access, team):
        raise PermissionDenied(_("Only %(team)s's Scrum Master posts its update.") % {"team": team})
    return access, team


def _honest(payload: UpdateIn) -> dict:
    """The update's fields, if they keep the rule HONEST_UPDATE states in the document: the
    model's own (DailyUpdate.clean). A body that breaks it does not follow the document, so it
    is a 400, before any precondition or reference is looked at."""
    fields = payload.dict(exclude={"needs", "meeting", "version"})
    try:
        DailyUpdate(**{name: fields[name] for name in updates.FIELDS}).clean()
    except ValidationError as error:
        raise ApiError(400, NOT_VALID, error.message_dict) from error
    return fields


def _save(request, access: Access, team: Team, payload: UpdateIn, version: int | None):
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(programme=access.programme, pk=payload.meeting).first()
        if meeting is None:
            raise unprocessable({"meeting": [_("No such meeting in this programme.")]})
    fields = _honest(payload)
    try:
        return updates.update_save(team=team, by=request.user, version=version,
                                   meeting=meeting, needs=_needs(team, payload.needs),
                                   **fields)
    except updates.UpdateConflict as conflict:
        raise ApiError(409, str(conflict), {"version": [
            _("The current version is %(version)s.") % {"version": conflict.current.version}]},
        ) from conflict
    except updates.UpdateError as refused:
        raise refusal(refused.status, str(refused), refused.errors) from refused


def _slot(access: Access, team: Team) -> dict:
    meeting = updates.next_sos(access.programme)
    return {"meeting": meeting, "editable": meeting is not None,
            "may_post": updates.may_post(access, team),
            "update": updates.update_for(team, meeting) if meeting else None}


@router.get("/programmes/{slug}/teams/{team_id}/update", response=answers(SlotOut),
            url_name="team_update", summary="The team's update for the next Scrum of Scrums",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "update_id": "$response.body#/update/id"},
                                 "update_blocker_raise"))
def team_update(request, slug: str, team_id: ObjectId):
    access = api_access(request, slug)
    return _slot(access, _team(access, team_id))


@router.post("/programmes/{slug}/teams/{team_id}/update",
             response=answers(UpdateOut, 201, refuses=(403, 409)),
             summary="Post the team's update for the next Scrum of Scrums",
             openapi_extra=follow({"slug": "$request.path.slug",
                                   "team_id": "$request.path.team_id",
                                   "update_id": "$response.body#/id"},
                                  *SLOT_STEPS, "update_blocker_raise", statuses=(201,)))
def team_update_post(request, slug: str, team_id: ObjectId, payload: UpdateIn,
                     response: HttpResponse):
    access, team = _poster(request, slug, team_id)
    update = _save(request, access, team, payload, version=None)
    located(request, response, reverse("api:team_update", kwargs={
        "slug": access.programme.slug, "team_id": team.pk}))
    return Status(201, update)


@router.put("/programmes/{slug}/teams/{team_id}/update",
            response=answers(UpdateOut, refuses=(403, 409, 412, 422, 428)),
            summary="Edit the team's update (send the version you read, or its ETag)")
def team_update_edit(request, slug: str, team_id: ObjectId, payload: UpdateEditIn,
                     if_match: str = Header(
                         None, alias="If-Match",
                         description="The ETag of GET …/update as you read it: 412 if the "
                                     "update (or its meeting) changed since.")):
    access, team = _poster(request, slug, team_id)
    _honest(payload)
    version = payload.version
    if if_match is not None:
        slot = _slot(access, team)
        require_match(if_match, rendered(request, SlotOut, slot))
        if version is None and slot["update"] is not None:
            version = slot["update"].version
    elif version is None:
        raise ApiError(428, _("Say which version you change: `version` in the body or If-Match."))
    return _save(request, access, team, payload, version=version)


@router.get("/programmes/{slug}/teams/{team_id}/updates", response=answers(list[UpdateOut]),
            summary="A team's updates, newest first",
            openapi_extra=follow({"slug": "$request.path.slug",
                                  "update_id": "$response.body#/items/0/id"},
                                 "update_blocker_raise"))
@paginate(Pagination)
def team_updates(request, slug: str, team_id: ObjectId):
    team = _team(api_access(request, slug), team_id)
    return team.updates.select_related("author").order_by("-meeting__scheduled_start")


@router.post("/programmes/{slug}/updates/{update_id}/impediments",
             response={**answers(FeedbackDetailOut, 201, refuses=(403,)),
                       200: FeedbackDetailOut},
             summary="Raise a blocker of an update as the team's impediment",
             openapi_extra=follow({"slug": "$request.path.slug", "item_id": "$response.body#/id"},
                                  *ITEM_STEPS, statuses=(200, 201)),
             description="The blocker's line becomes an impediment of the team, routed to the "
                         "programme's MSM (201). Raised already: the same item (200).")
def update_blocker_raise(request, slug: str, update_id: ObjectId, payload: BlockerIn,
                         response: HttpResponse):
    access = api_access(request, slug)
    update = (DailyUpdate.objects.select_related("team__programme", "meeting")
              .filter(pk=update_id, team__programme=access.programme).first())
    if update is None:
        raise Http404
    raised = set(BlockerImpediment.objects.filter(update=update).values_list("item", flat=True))
    try:
        link = updates.blocker_to_impediment(update=update, line=payload.line, by=request.user)
    except updates.UpdateError as refused:
        raise refusal(refused.status, str(refused),
                      {"line": [str(refused)]} if refused.status == 400 else None) from refused
    item = item_detail(request, access, link.item_id)
    if link.item_id in raised:
        return item
    located(request, response, item_url(access, item.pk))
    return Status(201, item)


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
