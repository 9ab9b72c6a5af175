"""A believable demo programme: a parent with two trains, nine teams and their people."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from programmes import services
from programmes.models import Person, Programme, ProgrammeRole, Resource, TeamMembership
from programmes.resources import services as bookings

DEMO_PASSWORD = "metascrum-demo"
PARENT_SLUG = "northwind"
PARENT_NAME = "Northwind Digital"
PARENT_MSM = ("Maya Okafor", "msm@example.com")
PARENT_STAKEHOLDER = ("Helen Carter", "helen@example.com")

TRAINS = {
    "Payments Train": {
        "msm": ("Priya Shah", "priya@example.com"),
        "stakeholder": ("Tom Becker", "tom@example.com"),
        "teams": {
            "Ledger": ("Sam Rivera", ["Ana Costa", "Ben Hale", "Chloe Diaz"]),
            "Card Gateway": ("Kenji Mori", ["Dev Patel", "Eva Novak", "Felix Braun"]),
            "Fraud Shield": ("Lena Fischer", ["Gita Rao", "Hugo Lambert", "Iris Young"]),
            "Settlements": ("Omar Haddad", ["Jon Berg", "Kira Ivanova", "Liam Walsh"]),
        },
    },
    "Customer Experience Train": {
        "msm": ("Jonas Weber", "jonas@example.com"),
        "stakeholder": ("Grace Liu", "grace@example.com"),
        "teams": {
            "Onboarding": ("Nadia Karim", ["Mateo Silva", "Nora Quinn", "Oscar Lind"]),
            "Mobile App": ("Raj Menon", ["Paula Reyes", "Quentin Roy", "Rosa Marin"]),
            "Web Storefront": ("Sofia Rossi", ["Theo Grant", "Uma Nair", "Victor Hugo"]),
            "Search & Discovery": ("Ivan Petrov", ["Wen Zhao", "Xavier Dupont", "Yara Aziz"]),
            "Notifications": ("Zoe Adams", ["Aaron Kim", "Bea Lopez", "Carl Jensen"]),
        },
    },
}

SPRINT_GOALS = [
    "Card payments live for the first merchants",
    "Self-service onboarding in two countries",
    "Settlement reports reconcile every night",
    "Search answers in under 200 ms",
]


@dataclass
class Demo:
    parent: Programme
    msm: Person
    programmes: list[Programme] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)


@dataclass(frozen=True)
class Account:
    """A demo person to sign in as: "Scrum Master" of "Ledger"."""

    name: str
    email: str
    role: str
    of: str


def accounts() -> list[Account]:
    """One or two demo people per role, for the sign-in page (demo mode) and the README."""
    payments, experience = TRAINS["Payments Train"], TRAINS["Customer Experience Train"]
    ledger_sm, ledger_members = payments["teams"]["Ledger"]
    mobile_sm, _ = experience["teams"]["Mobile App"]
    return [
        Account(*PARENT_MSM, "Meta Scrum Master", PARENT_NAME),
        Account(*payments["msm"], "Meta Scrum Master", "Payments Train"),
        Account(*experience["msm"], "Meta Scrum Master", "Customer Experience Train"),
        Account(*PARENT_STAKEHOLDER, "Stakeholder", PARENT_NAME),
        Account(*payments["stakeholder"], "Stakeholder", "Payments Train"),
        Account(ledger_sm, _email(ledger_sm), "Scrum Master", "Ledger"),
        Account(mobile_sm, _email(mobile_sm), "Scrum Master", "Mobile App"),
        Account(ledger_members[0], _email(ledger_members[0]), "Team member", "Ledger"),
    ]


def _email(name: str) -> str:
    return name.split(" ")[0].lower() + "@example.com"


@functools.cache
def _password_hash() -> str:
    # One slow hash shared by every demo person, instead of one per person.
    return make_password(DEMO_PASSWORD)


def _person(name: str, email: str | None = None, tz: str = "Europe/London") -> Person:
    email = email or _email(name)
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"name": name, "timezone": tz, "password": _password_hash()})
    return person


def is_loaded() -> bool:
    return Programme.objects.filter(slug=PARENT_SLUG).exists()


@transaction.atomic
def load() -> Demo:
    msm = _person(*PARENT_MSM)
    today = msm.date_joined.date()
    monday = today - timedelta(days=today.weekday())
    parent = services.programme_create(
        by=msm, name=PARENT_NAME, slug=PARENT_SLUG, timezone="Europe/London",
        description="Northwind's digital programme: payments and customer experience.",
        sprint_length_days=14, first_sprint_start=monday - timedelta(weeks=10),
    )
    demo = Demo(parent=parent, msm=msm, programmes=[parent], people={"msm": msm})
    cfo = _person(*PARENT_STAKEHOLDER)
    services.programme_add_role(programme=parent, person=cfo, role=ProgrammeRole.Role.STAKEHOLDER)
    demo.people["stakeholder"] = cfo
    for train_name, train in TRAINS.items():
        demo.programmes.append(_load_train(demo, train_name, train))
    for programme in demo.programmes:
        for sprint, goal in zip(programme.sprints.order_by("number")[3:], SPRINT_GOALS,
                                strict=False):
            services.sprint_update_goal(sprint=sprint, goal=goal)
    load_resources(demo)
    return demo


def _load_train(demo: Demo, name: str, train: dict) -> Programme:
    programme = services.programme_create(
        by=demo.msm, parent=demo.parent, name=name, timezone="Europe/London",
        sprint_length_days=demo.parent.sprint_length_days,
        first_sprint_start=demo.parent.first_sprint_start,
    )
    msm = _person(*train["msm"])
    services.programme_add_role(programme=programme, person=msm, role=ProgrammeRole.Role.MSM)
    stakeholder = _person(*train["stakeholder"])
    services.programme_add_role(programme=programme, person=stakeholder,
                                role=ProgrammeRole.Role.STAKEHOLDER)
    for team_name, (sm_name, members) in train["teams"].items():
        team = services.team_create(programme=programme, name=team_name,
                                    scrum_master=_person(sm_name))
        demo.people.setdefault(f"sm:{team.slug}", _person(sm_name))
        for member in members:
            services.team_add_member(team=team, person=_person(member),
                                     role=TeamMembership.Role.MEMBER)
    return programme


def _next_weekday(day, weekday: int):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def load_resources(demo: Demo) -> None:
    """Shared resources of the Payments Train, with a confirmed booking, a conflict to
    coordinate in the Scrum of Scrums, and a release window two teams want; idempotent."""
    train = next(p for p in demo.programmes if p.name == "Payments Train")
    if train.resources.exists():
        return
    tz, today = train.tzinfo, train.today()

    def at(day, hour):
        return datetime.combine(day, time(hour), tzinfo=tz)

    def add(kind, name, description="", window=None):
        extra = {"window_starts_at": window[0], "window_ends_at": window[1]} if window else {}
        return bookings.resource_create(programme=train, by=demo.msm, kind=kind, name=name,
                                        description=description, **extra)

    staging = add(Resource.Kind.TEST_ENVIRONMENT, "Staging",
                  "Production-like, shared by every team of the train.")
    perf = add(Resource.Kind.TEST_ENVIRONMENT, "Performance lab", "Load generators and a "
               "copy of last night's data.")
    slots = []
    for weekday in (1, 3):  # Tuesday and Thursday afternoons, next week or this one
        day = _next_weekday(today, weekday)
        slots.append(add(Resource.Kind.RELEASE_SLOT, f"Release {day:%a %-d %b}",
                         window=(at(day, 14), at(day, 16))))
    teams = {t.slug: t for t in train.teams.all()}

    def ask(slug, resource, start=None, end=None, purpose=""):
        return bookings.booking_request(resource=resource, team=teams[slug], starts_at=start,
                                        ends_at=end, purpose=purpose,
                                        by=demo.people[f"sm:{slug}"])

    soon = _next_weekday(today, 0) if today.weekday() >= 4 else today + timedelta(days=1)
    ledger = ask("ledger", staging, at(soon, 9), at(soon, 17), "Regression run for 4.2")
    bookings.booking_confirm(booking=ledger, by=demo.msm)
    ask("card-gateway", staging, at(soon, 13), at(soon, 18), "3-D Secure certification")
    ask("fraud-shield", perf, at(soon + timedelta(days=1), 8), at(soon + timedelta(days=2), 12),
        "Load test of the new scoring model")
    settlements = ask("settlements", slots[0], purpose="Nightly reconciliation 2.0")
    bookings.booking_confirm(booking=settlements, by=demo.msm)
    ask("ledger", slots[1], purpose="Ledger 4.2")
    ask("card-gateway", slots[1], purpose="Card Gateway hotfix")
