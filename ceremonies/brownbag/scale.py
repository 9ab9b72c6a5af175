"""A year of Brown Bags for the scale data: each sprint's call for talks with its votes, the
agenda the votes built, and the solved-first register the talks fed.

Rows are bulk-created for volume, shaped as the services make them: the call's window comes
from `brownbag.call_for`'s rule, and each agenda from the real planner (`agenda_plan`,
`agenda_specs`), so talks that do not fit the timebox stay off it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ceremonies.brownbag.register import tags_normalize
from ceremonies.brownbag.services import CALL_CLOSES_AT, agenda_plan, agenda_specs
from ceremonies.meetings.scale import ended_meetings, played_agenda
from ceremonies.meetings.schedule import DEFAULTS, local_start, series_schedule
from ceremonies.models import (
    AgendaItem,
    Kind,
    Meeting,
    MeetingSeries,
    RegisterEntry,
    Reuse,
    Talk,
    TalkVote,
)
from programmes.models import Person, Programme, Sprint, Team
from programmes.scale import ScaleTree

BROWN_BAG_AT = time(12, 0)

# (problem, tags, what the write-up says about it): the register's search needs real words.
TOPICS = [
    ("Single sign-on with the corporate identity provider", "authentication, oidc, sso",
     "We moved every web app to OpenID Connect against the corporate identity provider and "
     "share one login library; sessions now last a working day and refresh silently."),
    ("Feature flags that do not pile up", "feature flags, rollout",
     "One flag service with per-customer targeting and a kill switch; every flag carries an "
     "expiry date and the pipeline fails when an expired flag is still referenced."),
    ("Flaky end-to-end tests in the pipeline", "testing, ci, flaky tests",
     "We quarantine a test after two unexplained failures, record its history, and fix the "
     "top three each sprint; retries hid the problem rather than solving it."),
    ("Database migrations without downtime", "postgresql, migrations, zero downtime",
     "Expand and contract: add the new column, write to both, backfill in batches, switch "
     "reads, then drop the old column one release later."),
    ("Slow search on large catalogues", "search, performance, postgresql",
     "A GIN index on a weighted tsvector and a materialised ranking brought the p95 from two "
     "seconds to 90 milliseconds on production data."),
    ("Idempotent retries of payment requests", "idempotency, payments, retries",
     "Each request carries an idempotency key; the service stores the key with the response "
     "and answers a retry with the stored response, so nothing is charged twice."),
    ("Secrets out of the repository", "security, secrets, vault",
     "Secrets live in the vault, are injected at deploy time and rotated monthly; a "
     "pre-commit hook and a pipeline scan refuse anything that looks like a key."),
    ("Contract tests between services", "api, contract testing, openapi",
     "Consumers publish their expectations, providers verify them in their pipeline, and the "
     "OpenAPI document is generated from the code so it cannot drift."),
    ("Accessible forms for screen readers", "accessibility, wcag, forms",
     "Every field has a visible label, errors are announced with aria-live and linked with "
     "aria-describedby; we test with a screen reader before each release."),
    ("Release notes written by nobody", "release, changelog, automation",
     "Conventional commit messages feed a generated changelog; the Scrum Master edits the "
     "summary, and the release pipeline posts it to the programme channel."),
    ("Cold starts of the mobile app", "mobile, performance, startup",
     "Lazy loading of the rarely used screens and a smaller font bundle cut the cold start "
     "from four seconds to one and a half on a mid-range phone."),
    ("Time zones in reminders", "time zones, notifications, scheduling",
     "Store wall-clock times with the zone name, never offsets; compute the next occurrence "
     "in the person's zone so daylight-saving changes keep the local time."),
    ("Caching without stale prices", "caching, redis, invalidation",
     "Cache keys carry the catalogue version; a price change bumps the version, so readers "
     "never see a stale price and nothing needs a purge."),
    ("Load testing before a launch", "load testing, performance, capacity",
     "We replay a day of anonymised production traffic at three times the volume against "
     "staging each sprint and compare the p95 with the previous run."),
    ("On-call that people do not dread", "on-call, incidents, alerting",
     "Alerts page only when a customer is affected, everything else becomes a ticket; "
     "runbooks are linked from the alert and reviewed after each incident."),
    ("Event ordering between services", "kafka, events, ordering",
     "Partitioning by aggregate id keeps the order per customer; consumers are idempotent "
     "and keep the last offset with the data they write, in one transaction."),
]
SENTENCES = [
    "Two other teams tried it in the following sprint and kept it.",
    "The first version was too clever; the second one is boring and works.",
    "It took three sprints of small steps rather than one big rewrite.",
    "Ask us before you start: the edge cases cost us most of the time.",
    "Our pipeline checks it now, so nobody has to remember.",
    "The write-up links the code and the decision record.",
    "Operations signed it off after a game day in staging.",
    "We measured before and after on production traffic, not on a laptop.",
]
FEATURES = ["the new checkout", "partner onboarding", "the reporting screens", "offline mode",
            "bulk import", "the pricing engine", "the audit trail", "self-service refunds"]
TALK_KINDS = [Talk.Kind.UP_TO] * 3 + [Talk.Kind.SOLVED_FIRST] * 2 + [Talk.Kind.DEMO] * 2
TALK_MINUTES = [5, 10, 10, 15, 15, 20]


@dataclass
class Call:
    """One sprint's call for talks in one train, with the talks proposed in it."""

    programme: Programme
    sprint: Sprint
    day: date
    opens_at: datetime
    closes_at: datetime
    talks: list[Talk] = field(default_factory=list)
    votes: dict[int, int] = field(default_factory=dict)  # index in talks → vote count


def build(tree: ScaleTree, *, days: int, seed: int) -> tuple[int, int]:
    """Brown Bags, talks, votes and register entries for every train; returns how many talks
    and register entries."""
    rng = random.Random(seed)
    now = timezone.now()
    calls = []
    for train in tree.trains:
        series = MeetingSeries.objects.create(
            programme=train, kind=Kind.BROWN_BAG, title=str(Kind.BROWN_BAG.label),
            sprint_day=DEFAULTS[Kind.BROWN_BAG]["sprint_day"], start_time=BROWN_BAG_AT,
            duration_minutes=DEFAULTS[Kind.BROWN_BAG]["duration"],
            created_at=now - timedelta(days=days))
        train_calls = _calls(series, now)
        calls += train_calls
        teams = [t for t in tree.teams if t.programme_id == train.pk]
        for call in train_calls:
            _propose(call, teams, tree, rng, now)
    talks = Talk.objects.bulk_create([t for c in calls for t in c.talks], batch_size=2000)
    TalkVote.objects.bulk_create(_votes(calls, tree, rng, now), batch_size=5000)
    _agendas(calls, rng, now)
    entries = _register(calls, tree, rng, now)
    return len(talks), entries


def _calls(series: MeetingSeries, now: datetime) -> list[Call]:
    """The calls of every sprint that has started, as `brownbag.call_for` times them."""
    train, tz = series.programme, series.programme.tzinfo
    sprints = train.sprints.filter(start__lte=timezone.localtime(now, tz).date())
    calls = []
    for sprint in sprints.order_by("number"):
        day = sprint.start + timedelta(days=series.sprint_day - 1)
        opens = datetime.combine(sprint.start, time.min, tzinfo=tz)
        closes = datetime.combine(day - timedelta(days=1), CALL_CLOSES_AT, tzinfo=tz)
        calls.append(Call(programme=train, sprint=sprint, day=day, opens_at=opens,
                          closes_at=closes))
    return calls


def _moment(rng, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.uniform(0, max(60, (end - start).total_seconds())))


def _propose(call: Call, teams: list[Team], tree: ScaleTree, rng, now: datetime) -> None:
    """Two to six talks per call from the train's teams, each by one of the team's people."""
    last = min(call.closes_at, now)
    for _ in range(rng.randint(2, 6)):
        team = rng.choice(teams)
        kind = rng.choice(TALK_KINDS)
        problem, _, _ = rng.choice(TOPICS)
        if kind == Talk.Kind.SOLVED_FIRST:
            title, summary = f"We solved it first: {problem.lower()}", "How, and what to reuse."
        elif kind == Talk.Kind.DEMO:
            title, summary = f"Demo: {rng.choice(FEATURES)}", "A live run on staging."
        else:
            title, summary = (f"What {team.name} is up to in {call.sprint}",
                              "Our goal, what we need from the others.")
        proposer = rng.choice([tree.scrum_masters[team.pk], *tree.members[team.pk]])
        call.talks.append(Talk(programme=call.programme, sprint=call.sprint, team=team,
                               proposed_by=proposer, title=title[:160], summary=summary,
                               minutes=rng.choice(TALK_MINUTES), kind=kind,
                               created_at=_moment(rng, call.opens_at, last)))


def _votes(calls: list[Call], tree: ScaleTree, rng, now: datetime):
    """Up to twenty of the train's people vote for each talk while the call is open."""
    people: dict[int, list[Person]] = {}
    for team in tree.teams:
        people.setdefault(team.programme_id, []).extend(
            [tree.scrum_masters[team.pk], *tree.members[team.pk]])
    for call in calls:
        voters = people[call.programme.pk]
        for talk in call.talks:
            chosen = rng.sample(voters, rng.randint(0, min(20, len(voters))))
            call.votes[talk.pk] = len(chosen)
            last = min(call.closes_at, now)
            for person in chosen:
                yield TalkVote(talk=talk, person=person, at=_moment(rng, talk.created_at, last))


def _agendas(calls: list[Call], rng, now: datetime) -> None:
    """Past Brown Bags ran the agenda the votes built; this sprint's waits for its agenda."""
    by_series: dict[int, list[Call]] = {}
    for call in calls:
        by_series.setdefault(call.programme.pk, []).append(call)
    items, linked, played = [], [], []
    for train_calls in by_series.values():
        series = train_calls[0].programme.series.get(kind=Kind.BROWN_BAG)
        past = [c for c in train_calls
                if local_start(series, c.day) + timedelta(hours=1) < now]
        for call, meeting in zip(past, ended_meetings(series, [c.day for c in past]),
                                 strict=True):
            ranked = sorted(call.talks, key=lambda t: (-call.votes[t.pk], t.created_at, t.pk))
            plan = agenda_plan(meeting=meeting, talks=ranked)
            agenda = played_agenda(meeting, agenda_specs(plan), rng)
            items += agenda
            played.append(meeting)
            for row, item in zip(plan.fitting, agenda[1:-1], strict=True):
                row.talk.agenda_item = item
                linked.append(row.talk)
        series_schedule(series=series, today=timezone.localtime(now, series.programme.tzinfo)
                        .date())  # this sprint's Brown Bag, if still to come, and the next
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    Meeting.objects.bulk_update(played, ["started_at", "ended_at"], batch_size=2000)
    Talk.objects.bulk_update(linked, ["agenda_item"], batch_size=2000)


def _register(calls: list[Call], tree: ScaleTree, rng, now: datetime) -> int:
    """Every solved-first talk given becomes a register entry, plus a few solved quietly;
    other teams of the tree say they reused some."""
    entries = []
    for call in calls:
        given = [t for t in call.talks if t.kind == Talk.Kind.SOLVED_FIRST and t.agenda_item]
        quiet = [None] * rng.randint(1, 3)
        for talk in given + quiet:
            team = talk.team if talk else rng.choice(
                [t for t in tree.teams if t.programme_id == call.programme.pk])
            problem, tags, write_up = rng.choice(TOPICS)
            last = min(call.day, timezone.localtime(now, call.programme.tzinfo).date())
            solved_on = last - timedelta(days=rng.randint(0, 8))
            extra = rng.sample(SENTENCES, rng.randint(1, 3))
            entries.append(RegisterEntry(
                programme=call.programme, team=team, problem=f"{problem} ({team.name})",
                tags=tags_normalize(tags), solved_on=solved_on,
                write_up=" ".join([write_up, *extra]), talk=talk,
                links=f"https://wiki.example.com/{team.slug}/{solved_on:%Y-%m-%d}",
                recorded_by=tree.scrum_masters[team.pk],
                created_at=datetime.combine(solved_on, time(16), tzinfo=call.programme.tzinfo)))
    entries = RegisterEntry.objects.bulk_create(entries, batch_size=2000)
    reuses = []
    for entry in entries:
        others = rng.sample([t for t in tree.teams if t.pk != entry.team_id], rng.randint(0, 3))
        reuses += [Reuse(entry=entry, team=team, note="Saved us a sprint.",
                         recorded_by=tree.scrum_masters[team.pk],
                         at=min(now, entry.created_at + timedelta(days=rng.randint(1, 60))))
                   for team in others]
    Reuse.objects.bulk_create(reuses, batch_size=5000)
    return len(entries)
