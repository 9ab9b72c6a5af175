"""One truth per figure: for a generated programme tree at several moments, every figure on
Today, the room, the steering pack and dashboard, the loop metrics page and the API equals a
count recomputed here from the rows (Team, Meeting, DailyUpdate, FeedbackItem), without the
selectors that the pages use.

Figures are read from their hooks (`data-figure`, `data-count`, `data-of`), not from prose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.meetings import scale as meeting_scale
from ceremonies.meetings import state as room
from ceremonies.meetings.moves import meeting_cancel
from ceremonies.models import DailyUpdate, Kind, Meeting
from ceremonies.updates.services import update_save
from feedback import scale as feedback_scale
from feedback.models import FeedbackItem
from programmes import scale as programme_scale
from programmes.access.tokens import token_create
from programmes.models import Programme, Team

SEED = 25
MOMENTS = {
    "monday-0800": "2027-03-15T08:00:00+00:00",
    "friday-1700-after-the-meeting": "2027-04-30T17:00:00+00:00",
    "29-february": "2028-02-29T12:00:00+00:00",
    "london-dst-starts": "2027-03-28T08:00:00+00:00",
    "new-york-dst-ends": "2027-11-07T15:00:00+00:00",
}
LIVE = (Meeting.State.RUNNING, Meeting.State.PAUSED)


# --- the tree ------------------------------------------------------------------------------------

@pytest.fixture
def tree(db):
    """25 teams in three trains (UTC, London, New York) with 35 days of meetings, updates and
    feedback, from the scale generator; then each train in another state: Train 1 held today's
    meeting and some teams posted for the next, Train 2 is meeting now, Train 3 held today's
    and cancelled the next (nothing coming up)."""
    rng = random.Random(SEED)
    start = timezone.localdate() - timedelta(days=35)
    built = programme_scale.build(teams=25, seed=SEED, start=start, slug="agree")
    for train, zone in zip(built.trains, ["UTC", "Europe/London", "America/New_York"],
                           strict=True):
        train.timezone = zone
        train.save(update_fields=["timezone"])
    feedback_scale.build(built, days=35, seed=SEED)
    meeting_scale.build(built, days=35, seed=SEED)
    first, _, third = built.trains
    for train in (first, third):
        running = Meeting.objects.get(programme=train, state=Meeting.State.RUNNING)
        room.meeting_end(meeting=running, by=built.msm)
    upcoming = Meeting.objects.get(programme=first, state=Meeting.State.SCHEDULED)
    for team in rng.sample([t for t in built.teams if t.programme_id == first.pk], 4):
        update_save(team=team, by=built.msm, version=None, meeting=upcoming,
                    done="Posted for the next one", health="green")
    meeting_cancel(meeting=Meeting.objects.get(programme=third, state=Meeting.State.SCHEDULED),
                   by=built.msm)
    return built


# --- counts from the rows ------------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    count: int
    of: int


def meeting_posted_for(programme: Programme, now: datetime) -> Meeting | None:
    """The meeting running now (the latest), else the earliest scheduled one whose timebox
    has not passed."""
    meetings = list(Meeting.objects.filter(programme=programme, kind=Kind.SCRUM_OF_SCRUMS))
    live = [m for m in meetings if m.state in LIVE]
    if live:
        return max(live, key=lambda m: m.scheduled_start)
    open_ = [m for m in meetings if m.state == Meeting.State.SCHEDULED
             and now < m.scheduled_start + timedelta(minutes=m.timebox_minutes)]
    return min(open_, key=lambda m: m.scheduled_start) if open_ else None


def posted(programme: Programme, meeting: Meeting | None) -> Count:
    teams = Team.objects.filter(programme=programme).count()
    if meeting is None:
        return Count(0, teams)
    return Count(DailyUpdate.objects.filter(meeting=meeting, team__programme=programme).count(),
                 teams)


def trains_posted(tree, now) -> dict[str, Count]:
    return {t.slug: posted(t, meeting_posted_for(t, now)) for t in tree.trains}


def total(counts) -> Count:
    return Count(sum(c.count for c in counts), sum(c.of for c in counts))


def local_midnight(day: date, programme: Programme) -> datetime:
    return datetime.combine(day, time.min, tzinfo=programme.tzinfo)


def loops(programme: Programme, first: date, last: date, now: datetime) -> dict[str, Count]:
    start = local_midnight(first, programme)
    end = min(local_midnight(last + timedelta(days=1), programme), now)
    under = FeedbackItem.objects.filter(programme__path__startswith=programme.path)
    raised = under.filter(raised_at__gte=start, raised_at__lt=end)
    count = raised.count()
    return {
        "loops-raised": Count(count, 0),
        "loops-closed": Count(raised.filter(state=FeedbackItem.State.CLOSED).count(), count),
        "loops-open": Count(raised.exclude(state=FeedbackItem.State.CLOSED).count(), count),
        "loops-closed-in-period": Count(
            under.filter(closed_at__gte=start, closed_at__lt=end).count(), 0),
    }


def updates_in_window(programme: Programme, now: datetime) -> Count:
    """One update per team for each Scrum of Scrums of the last 30 days (not cancelled)."""
    meetings = (Meeting.objects.filter(programme__path__startswith=programme.path,
                                       kind=Kind.SCRUM_OF_SCRUMS,
                                       scheduled_start__gte=now - timedelta(days=30),
                                       scheduled_start__lt=now)
                .exclude(state=Meeting.State.CANCELLED))
    expected = sum(Team.objects.filter(programme_id=m.programme_id).count() for m in meetings)
    return Count(DailyUpdate.objects.filter(meeting__in=meetings).count(), expected)


# --- figures from the pages ----------------------------------------------------------------------

class Figures(HTMLParser):
    """Every element with a `data-figure`, as its attributes (with the `data-level` of the
    table row it is in, on the loop metrics page)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self.level: dict = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.level = {"data-level": attrs["data-level"]} if "data-level" in attrs else {}
        if "data-figure" in attrs:
            self.found.append({**self.level, **attrs})
        if attrs.get("id") in ("pack-loops", "metrics-period", "dashboard-loops"):
            self.found.append({"data-figure": "days", **attrs})

    def all(self, figure: str, **match) -> list[dict]:
        return [f for f in self.found if f["data-figure"] == figure
                and all(f.get(f"data-{k}") == v for k, v in match.items())]

    def one(self, figure: str, **match) -> Count:
        found = {(f["data-count"], f.get("data-of", "0")) for f in self.all(figure, **match)}
        assert len(found) == 1, (figure, match, found)  # shown once, or the same each time
        count, of = found.pop()
        return Count(int(count), int(of or 0))


def page(client, name: str, **kwargs) -> Figures:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    return Figures(response.content.decode())


def api(client, tree, path: str) -> dict:
    _, raw = token_create(person=tree.msm, name="figures")
    response = client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200, path
    return response.json()


def moments():
    return [pytest.param(moment, id=name, marks=pytest.mark.clock(moment))
            for name, moment in MOMENTS.items()]


# --- the tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("moment", moments())
def test_who_has_posted_agrees_everywhere(client, tree, moment):
    now = timezone.now()
    parent = tree.parent
    trains = trains_posted(tree, now)
    assert 0 < total(trains.values()).count < total(trains.values()).of  # nothing vacuous
    client.force_login(tree.msm)

    today = page(client, "ceremonies:today", slug=parent.slug)
    pack = page(client, "ceremonies:steering_pack", slug=parent.slug)
    dashboard = page(client, "ceremonies:steering", slug=parent.slug)
    answer = api(client, tree, f"/programmes/{parent.slug}/posting")

    assert today.one("teams-posted", scope="below") == total(trains.values())
    assert pack.one("teams-posted", scope="pack") == total(trains.values())
    assert dashboard.one("teams-posted", scope="dashboard") == total(trains.values())
    assert Count(answer["posted"], answer["teams"]) == total(trains.values())
    for slug, expected in trains.items():
        assert today.one("teams-posted", scope="programme", programme=slug) == expected
        assert pack.one("teams-posted", scope="programme", programme=slug) == expected
        row = next(r for r in answer["programmes"] if r["slug"] == slug)
        assert Count(row["posted"], row["teams"]) == expected


@pytest.mark.parametrize("moment", moments())
def test_each_train_s_today_pack_and_room_count_its_own_teams(client, tree, moment):
    now = timezone.now()
    client.force_login(tree.msm)
    for train in tree.trains:
        meeting = meeting_posted_for(train, now)
        expected = posted(train, meeting)
        today = page(client, "ceremonies:today", slug=train.slug)
        pack = page(client, "ceremonies:steering_pack", slug=train.slug)
        assert pack.one("teams-posted", scope="pack") == expected
        if meeting is None:
            assert today.all("teams-posted") == []  # it says no meeting is coming up
            continue
        assert today.one("teams-posted", scope="own", meeting=str(meeting.pk)) == expected
        in_room = page(client, "ceremonies:room", slug=train.slug, pk=meeting.pk)
        assert in_room.one("teams-posted", scope="own", meeting=str(meeting.pk)) == expected


@pytest.mark.parametrize("moment", moments())
def test_a_parent_s_room_rolls_up_each_train_for_the_day(client, tree, moment):
    meeting = Meeting.objects.filter(programme=tree.parent, state=Meeting.State.RUNNING).get()
    client.force_login(tree.msm)
    in_room = page(client, "ceremonies:room", slug=tree.parent.slug, pk=meeting.pk)
    for train in tree.trains:
        same_day = (Meeting.objects.filter(programme=train, kind=Kind.SCRUM_OF_SCRUMS,
                                           occurrence=meeting.occurrence)
                    .exclude(state=Meeting.State.CANCELLED).order_by("scheduled_start").first())
        assert in_room.one("teams-posted", scope="child", programme=train.slug) == posted(
            train, same_day)


@pytest.mark.parametrize("moment", moments())
def test_the_loops_agree_on_the_pack_the_dashboard_the_metrics_page_and_the_api(
        client, tree, moment):
    now = timezone.now()
    client.force_login(tree.msm)
    for programme in (tree.parent, tree.trains[2]):
        slug = programme.slug
        pack = page(client, "ceremonies:steering_pack", slug=slug)
        dashboard = page(client, "ceremonies:steering", slug=slug)
        metrics = page(client, "feedback:metrics", slug=slug)
        answer = api(client, tree, f"/programmes/{slug}/loops")
        days = {(f.get("data-first"), f.get("data-last")) for f in pack.all("days")
                + dashboard.all("days") + metrics.all("days")}
        assert days == {(answer["first"], answer["last"])}
        first, last = date.fromisoformat(answer["first"]), date.fromisoformat(answer["last"])
        assert (last - first).days == 29
        assert last == timezone.localtime(now, programme.tzinfo).date()
        expected = loops(programme, first, last, now)
        assert expected["loops-raised"].count > 0
        for name, count in expected.items():
            assert pack.one(name) == count, name
        for name in ("loops-closed", "loops-open", "loops-closed-in-period"):
            assert metrics.one(name, level="all") == expected[name], name
        for name in ("loops-closed", "loops-closed-in-period"):
            assert dashboard.one(name) == expected[name], name
        assert (answer["raised"], answer["closed"], answer["open"],
                answer["closed_in_period"]) == (
            expected["loops-raised"].count, expected["loops-closed"].count,
            expected["loops-open"].count, expected["loops-closed-in-period"].count)


@pytest.mark.parametrize("moment", moments())
def test_the_pack_s_updates_of_the_last_30_days_agree_with_the_rows(client, tree, moment):
    client.force_login(tree.msm)
    pack = page(client, "ceremonies:steering_pack", slug=tree.parent.slug)
    assert pack.one("updates-posted-in-window") == updates_in_window(tree.parent,
                                                                    timezone.now())
