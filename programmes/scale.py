"""Reproducible scale data for programmes: a tree of trains with teams and people."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password

from programmes.models import (
    Booking,
    Person,
    Programme,
    ProgrammeRole,
    Resource,
    Team,
    TeamMembership,
)
from programmes.services import programme_create, sprints_ensure

TEAMS_PER_TRAIN = 10
MEMBERS_PER_TEAM = 8
ADJECTIVES = ["Swift", "Bright", "Silent", "Bold", "Clever", "Steady", "Amber", "Cobalt",
              "Crimson", "Golden", "Iron", "Jade", "Lunar", "Solar", "Velvet", "Arctic"]
NOUNS = ["Falcons", "Otters", "Pandas", "Lynx", "Herons", "Badgers", "Comets", "Rivers",
         "Summits", "Harbours", "Beacons", "Forges", "Orbits", "Meadows", "Tides", "Canyons"]


@dataclass
class ScaleTree:
    parent: Programme
    msm: Person
    trains: list[Programme] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    scrum_masters: dict[int, Person] = field(default_factory=dict)
    stakeholders: list[Person] = field(default_factory=list)
    members: dict[int, list[Person]] = field(default_factory=dict)


def build(*, teams: int, seed: int, start: date, slug: str = "scale") -> ScaleTree:
    """A parent programme with trains of ten teams each, and every team's people."""
    rng = random.Random(seed)
    password = make_password("metascrum-bench")
    people = _people(count=teams * (MEMBERS_PER_TEAM + 1) + 20, password=password, slug=slug)
    msm = people.pop()
    parent = programme_create(by=msm, name=f"Scale {teams}", slug=slug,
                              first_sprint_start=start, sprint_length_days=14)
    tree = ScaleTree(parent=parent, msm=msm)
    for train_no in range((teams + TEAMS_PER_TRAIN - 1) // TEAMS_PER_TRAIN):
        train = programme_create(by=msm, parent=parent, name=f"Train {train_no + 1}",
                                 slug=f"{slug}-train-{train_no + 1}",
                                 first_sprint_start=start, sprint_length_days=14)
        tree.trains.append(train)
        stakeholder = people.pop()
        tree.stakeholders.append(stakeholder)
        ProgrammeRole.objects.create(programme=train, person=stakeholder, role="stakeholder")
    ProgrammeRole.objects.create(programme=parent, person=people.pop(), role="stakeholder")
    names = rng.sample([f"{a} {n}" for a in ADJECTIVES for n in NOUNS], teams)
    new_teams = [Team(programme=tree.trains[i // TEAMS_PER_TRAIN], name=name,
                      slug=name.lower().replace(" ", "-")) for i, name in enumerate(names)]
    tree.teams = Team.objects.bulk_create(new_teams)
    memberships = []
    for team in tree.teams:
        crew = [people.pop() for _ in range(MEMBERS_PER_TEAM + 1)]
        tree.scrum_masters[team.pk], tree.members[team.pk] = crew[0], crew[1:]
        memberships.append(TeamMembership(team=team, person=crew[0], role="scrum_master"))
        memberships += [TeamMembership(team=team, person=p, role="member") for p in crew[1:]]
    TeamMembership.objects.bulk_create(memberships)
    for programme in [parent, *tree.trains]:
        sprints_ensure(programme=programme, through=programme.today() + timedelta(days=30))
    return tree


def _people(*, count: int, password: str, slug: str) -> list[Person]:
    return Person.objects.bulk_create(
        Person(email=f"{slug}-person-{n}@example.com", name=f"Person {n}", password=password)
        for n in range(count)
    )


def bookings(tree: ScaleTree, *, days: int, seed: int) -> int:
    """Each train shares two test environments, booked all year, and a weekly release slot
    (one fixed window each week, as the MSM defines them)."""
    rng = random.Random(seed)
    rows = []
    for train in tree.trains:
        teams = [team for team in tree.teams if team.programme_id == train.pk]
        envs = Resource.objects.bulk_create([
            Resource(programme=train, kind=Resource.Kind.TEST_ENVIRONMENT, name=f"Test env {n}")
            for n in (1, 2)])
        first = train.today() - timedelta(days=days)
        for offset in range(0, days + 28, 7):
            monday = first + timedelta(days=offset - first.weekday())
            for env in envs:
                rows += _week_of_env(env, teams, monday, tree, rng)
            release = _release_slot(train, monday + timedelta(days=3))
            rows.append(_booking(release, rng.choice(teams), monday + timedelta(days=3),
                                 time(16), hours=2, tree=tree, status=Booking.Status.CONFIRMED))
    Booking.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _release_slot(train, day) -> Resource:
    starts = datetime.combine(day, time(16), tzinfo=train.tzinfo)
    return Resource.objects.create(
        programme=train, kind=Resource.Kind.RELEASE_SLOT, name=f"Release window {day:%Y-%m-%d}",
        window_starts_at=starts, window_ends_at=starts + timedelta(hours=2))


def _week_of_env(env, teams, monday, tree, rng) -> list[Booking]:
    """Back-to-back confirmed days, plus a competing request now and then."""
    rows = []
    for day in range(5):
        team = rng.choice(teams)
        rows.append(_booking(env, team, monday + timedelta(days=day), time(8), hours=10,
                             tree=tree, status=Booking.Status.CONFIRMED))
        if rng.random() < 0.2:
            rows.append(_booking(env, rng.choice(teams), monday + timedelta(days=day),
                                 time(12), hours=2, tree=tree, status=Booking.Status.DECLINED))
    return rows


def _booking(resource, team, day, start, *, hours, tree, status) -> Booking:
    starts = datetime.combine(day, start, tzinfo=resource.programme.tzinfo)
    return Booking(resource=resource, team=team, starts_at=starts,
                   ends_at=starts + timedelta(hours=hours), status=status,
                   purpose="Integration testing", requested_by=tree.scrum_masters[team.pk],
                   decided_by=tree.msm, requested_at=starts - timedelta(days=2),
                   decided_at=starts - timedelta(days=1))
