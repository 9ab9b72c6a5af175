"""The endpoints the HTTP benchmark drives, resolved against the generated scale data."""

from dataclasses import dataclass

from ceremonies.live_poll import poll_token
from ceremonies.models import Meeting
from programmes.models import Person, Programme, ProgrammeRole, TeamMembership


@dataclass
class Endpoint:
    name: str
    path: str
    person: Person | None = None
    method: str = "GET"
    body: str | None = None


def endpoints_for() -> list[Endpoint]:
    parent = Programme.objects.get(slug="scale")
    msm = ProgrammeRole.objects.get(programme=parent, role="msm").person
    train = parent.children.order_by("slug").first()
    scrum_master = (TeamMembership.objects.filter(team__programme=train, role="scrum_master")
                    .order_by("team__name").first().person)
    live = Meeting.objects.get(programme=train, state=Meeting.State.RUNNING)
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
        Endpoint("feedback inbox (Scrum Master)", "/inbox/", scrum_master),
        Endpoint("feedback inbox (MSM of the tree)", "/inbox/", msm),
        Endpoint("feedback flow (train)", f"{train.get_absolute_url()}feedback/", msm),
    ]
