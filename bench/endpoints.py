"""The endpoints the HTTP benchmark drives, resolved against the generated scale data."""

from dataclasses import dataclass, field

from django.urls import reverse

from ceremonies.models import Meeting
from ceremonies.room.live_poll import poll_token
from programmes.models import Person, Programme, ProgrammeRole, TeamMembership


@dataclass
class ApiClient:
    """One wrk connection of a scripted endpoint: its own path, as its own person (who gets an
    API token for it)."""

    path: str
    person: Person


@dataclass
class Endpoint:
    name: str
    path: str
    person: Person | None = None  # signed in with a session cookie
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # A wrk Lua script of bench/ for requests that must change from one call to the next, and
    # the clients it spreads over (one per connection); the first one's is counted.
    script: str | None = None
    clients: list[ApiClient] = field(default_factory=list)
    # Updates posted per second in the background while this endpoint is loaded (bench/writer.py).
    writer: ApiClient | None = None
    writes_per_second: float = 0


UPDATE_BODY = '{"health": "green", "done": "Finished story 101", "next": "Start story 102"}'


def endpoints_for() -> list[Endpoint]:
    parent = Programme.objects.get(slug="scale")
    msm = ProgrammeRole.objects.get(programme=parent, role="msm").person
    train = parent.children.order_by("slug").first()
    stakeholders = {role.programme_id: role.person for role in ProgrammeRole.objects.filter(
        programme__in=[parent, train], role="stakeholder").select_related("person")}
    masters = list(TeamMembership.objects.filter(team__programme=train, role="scrum_master")
                   .select_related("team", "person").order_by("team__name"))
    scrum_master = masters[0].person
    live = Meeting.objects.get(programme=train, state=Meeting.State.RUNNING)
    updates = [ApiClient(f"/api/v1/programmes/{train.slug}/teams/{m.team_id}/update", m.person)
               for m in masters]
    return [
        Endpoint("hello (healthz)", "/healthz/"),
        Endpoint("meeting room live poll (unchanged)",
                 f"{live.get_absolute_url()}live/?v={live.version}"
                 f"&t={poll_token(person=scrum_master, meeting=live)}", scrum_master),
        Endpoint("meeting room live poll (changed)", f"{live.get_absolute_url()}live/?v=0",
                 scrum_master),
        Endpoint("my programmes", "/", msm),
        Endpoint("programme home (train)", train.get_absolute_url(), msm),
        Endpoint("programme home (parent)", parent.get_absolute_url(), msm),
        Endpoint("today's updates (train, MSM)",
                 reverse("ceremonies:today", kwargs={"slug": train.slug}), msm),
        # Today is kept under the train's data version, which every posted update renews: an
        # update a second (the busiest half hour before a Scrum of Scrums brings one every
        # 20 s or so) has it built again that often.
        Endpoint("today's updates (train, MSM), an update posted every second",
                 reverse("ceremonies:today", kwargs={"slug": train.slug}), msm,
                 writer=updates[-1], writes_per_second=1),
        Endpoint("steering dashboard (train, stakeholder)",
                 reverse("ceremonies:steering", kwargs={"slug": train.slug}),
                 stakeholders[train.pk]),
        Endpoint("steering dashboard (parent, stakeholder)",
                 reverse("ceremonies:steering", kwargs={"slug": parent.slug}),
                 stakeholders[parent.pk]),
        # The dashboard is cached under the tree's data version: here every second brings a
        # change (a busy morning has about one every 20 s), so it is rebuilt that often.
        Endpoint("steering dashboard (parent, stakeholder), an update posted every second",
                 reverse("ceremonies:steering", kwargs={"slug": parent.slug}),
                 stakeholders[parent.pk], writer=updates[-1], writes_per_second=1),
        Endpoint("feedback inbox (Scrum Master)", "/inbox/", scrum_master),
        Endpoint("feedback inbox (MSM of the tree)", "/inbox/", msm),
        Endpoint("feedback flow (train)", f"{train.get_absolute_url()}feedback/", msm),
        Endpoint("dependency board (train, MSM)",
                 reverse("ceremonies:dependencies", kwargs={"slug": train.slug}), msm),
        Endpoint("dependency list (train, MSM)",
                 reverse("ceremonies:dependencies", kwargs={"slug": train.slug})
                 + "?view=list", msm),
        Endpoint("impediment backlog (train, MSM)",
                 reverse("feedback:backlog", kwargs={"slug": train.slug}), msm),
        Endpoint("dependency list (train, MSM), an update posted every second",
                 reverse("ceremonies:dependencies", kwargs={"slug": train.slug})
                 + "?view=list", msm, writer=updates[-1], writes_per_second=1),
        Endpoint("impediment backlog (parent, MSM)",
                 reverse("feedback:backlog", kwargs={"slug": parent.slug}), msm),
        # Last: it writes. Each connection is one team's Scrum Master with an API token; it
        # posts the update for the next Scrum of Scrums, then edits it with the version each
        # answer returns (bench/update.lua), so every request is a valid one.
        Endpoint("daily update via API (Scrum Masters: POST, then PUT edits)",
                 updates[0].path, method="POST", body=UPDATE_BODY,
                 headers={"Content-Type": "application/json"}, script="update.lua",
                 clients=updates),
    ]
