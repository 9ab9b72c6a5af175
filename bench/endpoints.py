"""The endpoints the HTTP benchmark drives, resolved against the generated scale data."""

from dataclasses import dataclass

from programmes.models import Person, Programme, ProgrammeRole


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
    return [
        Endpoint("hello (healthz)", "/healthz/"),
        Endpoint("my programmes", "/", msm),
        Endpoint("programme home (train)", train.get_absolute_url(), msm),
        Endpoint("programme home (parent)", parent.get_absolute_url(), msm),
    ]
