"""The steering pack: the Steering Committee's three questions answered from live data.

`steering_pack()` returns plain JSON-able data, so the page that reviews it beforehand, the
meeting room and the frozen snapshot all show the very same structure. Its cost is a fixed
number of queries, whatever the number of teams or the length of the history.

Sprint progress is measured honestly with what the app knows: the milestones due in a sprint
and how many of them were delivered by its end (so far, for the current sprint).

Version 2 adds `now.posting` (who has posted for the next Scrum of Scrums, per programme), each
team's `posted_next`, and the loops' days (`first`, `last`) and `closed_in_period`; the pages
show a version-1 snapshot without them.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremonies.meetings.posting import PostingTree, figure, posting_tree, updates_posted
from ceremonies.models import (
    DailyUpdate,
    Decision,
    Kind,
    Meeting,
    Milestone,
    Objective,
    SteeringChange,
    SteeringSnapshot,
)
from ceremonies.steering.delivery import delivery
from feedback.backlog.selectors import LEVELS as BACKLOG_LEVELS
from feedback.metrics import last_days, loop_metrics
from feedback.models import FeedbackItem, level_label
from programmes.models import Programme, Sprint

Item = FeedbackItem
PACK_VERSION = 2
RECENT_UPDATES = 10
HEALTH_WINDOW = timedelta(days=90)
CEREMONY_WINDOW = timedelta(days=30)
SINCE_DEFAULT = timedelta(days=31)
LIST_LIMIT = 200
SECTIONS = {"now": "Where are we now?", "going": "Where are we going?",
            "stopping": "What is stopping us?"}
OBJECTIVE_RAG = {"on_track": "green", "at_risk": "amber", "off_track": "red", "done": "done"}


def section_for_title(title: str) -> str | None:
    """The pack section an agenda item of the default Steering agenda stands for."""
    for key, question in SECTIONS.items():
        if title.strip().lower() == question.lower():
            return key
    return None


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Where are we now? ------------------------------------------------------------------------

def _teams(posting: PostingTree) -> list[dict]:
    """Every team of the tree, as the posting figure counts them, with whether it posted."""
    teams = [{"id": team.pk, "name": team.name, "programme_id": row.programme.pk,
              "programme_name": row.programme.name, "programme_path": row.programme.path,
              "posted_next": team.update is not None}
             for row in posting.everywhere.rows for team in row.teams]
    return sorted(teams, key=lambda t: (t["programme_name"], t["name"], t["id"]))


def _team_health(teams: list[dict], path: str, at: datetime) -> list[dict]:
    """Latest health and the red/amber count over each team's last ten updates: one query."""
    recent = (DailyUpdate.objects
              .filter(team__programme__path__startswith=path, posted_at__lte=at,
                      posted_at__gt=at - HEALTH_WINDOW)
              .annotate(rank=Window(RowNumber(), partition_by=[F("team_id")],
                                    order_by=[F("posted_at").desc(), F("pk").desc()]))
              .filter(rank__lte=RECENT_UPDATES)
              .order_by("team_id", "rank")
              .values_list("team_id", "health", "rank"))
    latest, counts = {}, defaultdict(Counter)
    for team_id, health, rank in recent:
        if rank == 1:
            latest[team_id] = health
        counts[team_id][health] += 1
    return [{"id": t["id"], "name": t["name"], "programme": t["programme_name"],
             "health": latest.get(t["id"]), "red": counts[t["id"]]["red"],
             "amber": counts[t["id"]]["amber"], "updates": sum(counts[t["id"]].values()),
             "posted_next": t["posted_next"]}
            for t in teams]


def _sprints(programme: Programme, today: date) -> list[tuple[str, int, date, date]]:
    """(label, number, start, end) of the current and the last sprint of the cadence."""
    rows = list(Sprint.objects.filter(programme=programme, start__lte=today)
                .order_by("-number")[:2])
    if not rows or rows[0].end < today:
        # Sprints not stored yet: lay them out from the cadence.
        length = programme.sprint_length_days
        index = max(0, (today - programme.first_sprint_start).days // length)
        rows = []
        for n in (index, index - 1):
            if n >= 0:
                start = programme.first_sprint_start + timedelta(days=n * length)
                rows.append(Sprint(number=n + 1, start=start,
                                   end=start + timedelta(days=length - 1)))
    labels = ("current", "last")
    return [(labels[i], s.number, s.start, s.end) for i, s in enumerate(rows)]


def _sprint_progress(path: str, sprints: list[tuple[str, int, date, date]]) -> list[dict]:
    if not sprints:
        return []
    aggregates = {}
    for label, _number, start, end in sprints:
        due = Q(due_date__gte=start, due_date__lte=end)
        aggregates[f"{label}_due"] = Count("pk", filter=due)
        aggregates[f"{label}_done"] = Count("pk", filter=due & Q(delivered_on__lte=end))
    counts = Milestone.objects.filter(programme__path__startswith=path).aggregate(**aggregates)
    return [{"label": label, "number": number, "start": _iso(start), "end": _iso(end),
             "due": counts[f"{label}_due"], "delivered": counts[f"{label}_done"],
             "share": _share(counts[f"{label}_done"], counts[f"{label}_due"])}
            for label, number, start, end in sprints]


def _ceremony_health(teams: list[dict], path: str, at: datetime) -> dict:
    start = at - CEREMONY_WINDOW
    window = Q(kind=Kind.SCRUM_OF_SCRUMS, programme__path__startswith=path,
               scheduled_start__gte=start, scheduled_start__lt=at)
    meetings = list(Meeting.objects.filter(window).values_list(
        "programme_id", "state", "started_at", "ended_at", "paused_seconds", "timebox_minutes",
        "pk"))
    held = [m for m in meetings if m[1] == Meeting.State.ENDED and m[2] and m[3]]
    overruns = [(ended - started).total_seconds() - paused - timebox * 60
                for _programme, _state, started, ended, paused, timebox, _pk in held]
    teams_in = Counter(t["programme_id"] for t in teams)
    counted = [m for m in meetings if m[1] != Meeting.State.CANCELLED]
    expected = sum(teams_in[m[0]] for m in counted)
    # By the meetings' ids (the meeting index), not by joining the window again: the join
    # read every update there is (a sequential scan of a year's updates at 150 teams).
    posted = updates_posted([m[-1] for m in counted]).count()
    return {
        "days": CEREMONY_WINDOW.days, "scheduled": len(meetings), "held": len(held),
        "average_overrun_seconds": round(sum(overruns) / len(overruns)) if overruns else None,
        "updates_meetings": len(counted), "updates_expected": expected, "updates_posted": posted,
        "updates_share": _share(posted, expected),
    }


def _loops(programme: Programme, at: datetime) -> dict:
    """Loop figures over the last 30 days, the loop metrics page's default period."""
    days = last_days(programme, CEREMONY_WINDOW.days, at)
    m = loop_metrics(programme=programme, start=days.start, end=min(days.end, at), at=at)
    return {"days": days.days, "first": _iso(days.first), "last": _iso(days.last),
            "raised": m.raised, "raised_up": m.raised_up, "raised_down": m.raised_down,
            "closed": m.closed, "overdue": m.overdue, "open": m.open_total,
            "closed_share": _share(m.closed, m.raised), "closed_in_period": m.closed_in_period,
            "ack_median_hours": _round(m.ack_median_hours),
            "close_median_hours": _round(m.close_median_hours)}


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


# --- Where are we going? ----------------------------------------------------------------------

def _trend(now_value, before_value) -> str:
    if before_value is None:
        return "new"
    if now_value > before_value:
        return "up"
    if now_value < before_value:
        return "down"
    return "same"


def _objectives(path: str, previous: dict) -> list[dict]:
    before = {o["id"]: o for o in previous.get("going", {}).get("objectives", [])}
    rows = (Objective.objects.filter(programme__path__startswith=path)
            .select_related("owner", "programme").order_by("target_date", "pk")[:LIST_LIMIT])
    out = []
    for o in rows:
        was = before.get(o.pk)
        out.append({
            "id": o.pk, "title": o.title, "programme": o.programme.name,
            "programme_slug": o.programme.slug,
            "owner": str(o.owner) if o.owner else None, "target_date": _iso(o.target_date),
            "status": o.status, "status_label": o.get_status_display(),
            "rag": OBJECTIVE_RAG[o.status], "progress": o.progress,
            "previous_progress": was["progress"] if was else None,
            "previous_status": was["status"] if was else None,
            "trend": _trend(o.progress, was["progress"] if was else None),
        })
    return out


def _milestone_state(m: Milestone, today: date) -> str:
    if m.delivered_on is not None:
        return "delivered"
    return "overdue" if m.due_date < today else "due"


def _milestones(path: str, since: datetime, today: date, previous: dict) -> list[dict]:
    before = {m["id"]: m for m in previous.get("going", {}).get("milestones", [])}
    rows = (Milestone.objects.filter(programme__path__startswith=path)
            .filter(Q(delivered_on__isnull=True) | Q(delivered_on__gte=since.date()))
            .select_related("booking__resource", "objective", "programme")
            .order_by("due_date", "pk")[:LIST_LIMIT])
    out = []
    for m in rows:
        was = before.get(m.pk)
        if was is None:
            trend = "new"
        elif m.delivered_on and not was["delivered_on"]:
            trend = "delivered"
        elif m.due_date.isoformat() > was["due_date"]:
            trend = "slipped"
        elif m.due_date.isoformat() < was["due_date"]:
            trend = "earlier"
        else:
            trend = "same"
        booking = m.booking
        out.append({
            "id": m.pk, "title": m.title, "programme_slug": m.programme.slug,
            "due_date": _iso(m.due_date),
            "delivered_on": _iso(m.delivered_on), "state": _milestone_state(m, today),
            "objective": m.objective.title if m.objective else None,
            "release_slot": (f"{booking.resource} {booking.starts_at:%Y-%m-%d %H:%M}"
                             if booking else None),
            "trend": trend,
        })
    return out


def _changes(path: str, since: datetime, at: datetime) -> list[dict]:
    rows = (SteeringChange.objects.filter(programme__path__startswith=path, at__gt=since,
                                          at__lte=at)
            .select_related("actor").order_by("-at", "-pk")[:50])
    return [{"at": _iso(c.at), "actor": str(c.actor) if c.actor else None,
             "subject": c.subject, "action": c.action,
             "kind": "objective" if c.milestone_id is None else "milestone",
             "changes": c.changes} for c in rows]


# --- What is stopping us? ---------------------------------------------------------------------

DECISION_KINDS = (Item.Kind.DECISION, Item.Kind.REQUEST)


STOPPING_LISTS = ("impediments", "risks", "decisions", "decisions_taken")


def _category(kind: str, direction: str, taken: bool) -> str:
    """Which list of "What is stopping us?" a waiting item belongs to. A decision recorded in
    a meeting and sent up is taken already: it waits for the stakeholders' acknowledgement,
    not for their decision."""
    if kind == Item.Kind.RISK:
        return "risks"
    if taken:
        return "decisions_taken"
    if direction == Item.Direction.UP and kind in DECISION_KINDS:
        return "decisions"
    return "impediments"


def item_url(slug: str, pk: int) -> str:
    """The item's page, as `FeedbackItem.get_absolute_url` gives it, reversing once per
    programme rather than once per row (reverse() is most of the cost of a long list)."""
    head, _sep, tail = _item_url_pattern(slug).rpartition("/0/")
    return f"{head}/{pk}/{tail}"


@functools.lru_cache(maxsize=256)
def _item_url_pattern(slug: str) -> str:
    return reverse("feedback:item", kwargs={"slug": slug, "pk": 0})


def _name(name: str | None, email: str | None) -> str | None:
    """A person's str() from their columns (None without a person)."""
    return (name or email) if email else None


def _backlog_order(holder_id: int) -> Case:
    """The place the programme's MSM gave an item in its impediment backlog (None for items
    it does not hold or has not placed): the section follows that order, then the oldest."""
    return Case(When(holder_programme_id=holder_id, level__in=BACKLOG_LEVELS,
                     then=F("backlog_position")), default=None)


def _stopping(path: str, at: datetime, holder_id: int) -> dict:
    waiting = Item.objects.filter(programme__path__startswith=path, raised_at__lte=at,
                                  state__in=Item.WAITING_STATES)
    relevant = (Q(kind__in=[Item.Kind.IMPEDIMENT, Item.Kind.RISK])
                | Q(level=Item.Level.STAKEHOLDERS)
                | Q(direction=Item.Direction.UP, kind__in=DECISION_KINDS))
    taken = Exists(Decision.routed.through.objects.filter(feedbackitem=OuterRef("pk")))
    rows = (waiting.filter(relevant).annotate(taken=taken, place=_backlog_order(holder_id))
            .order_by(F("place").asc(nulls_last=True), "raised_at", "pk")
            .values("pk", "title", "kind", "direction", "state", "level", "raised_at", "taken",
                    "place",
                    "respond_by", slug=F("programme__slug"), team=F("origin_team__name"),
                    holder=F("holder_programme__name"), owner_name=F("owner__name"),
                    owner_email=F("owner__email"), raiser_name=F("raised_by__name"),
                    raiser_email=F("raised_by__email"))[:LIST_LIMIT])
    kinds = {value: str(label) for value, label in Item.Kind.choices}  # JSON: no lazy text
    out = {key: [] for key in STOPPING_LISTS}
    for row in rows:  # plain rows: two hundred items with four people each, without models
        out[_category(row["kind"], row["direction"], row["taken"])].append({
            "id": row["pk"], "ref": f"feedback:{row['pk']}", "title": row["title"],
            "kind": row["kind"], "kind_label": str(kinds[row["kind"]]),
            "raised_at": _iso(row["raised_at"]), "age_days": (at - row["raised_at"]).days,
            "owner": _name(row["owner_name"], row["owner_email"])
            or _name(row["raiser_name"], row["raiser_email"]),
            "team": row["team"], "level": row["level"],
            "holder": str(level_label(row["level"], row["holder"])),
            "overdue": row["state"] in Item.WAITING_STATES and row["respond_by"] is not None
            and row["respond_by"] < at,
            "url": item_url(row["slug"], row["pk"]), "backlog_position": row["place"],
        })
    counts = waiting.aggregate(
        impediments=Count("pk", filter=Q(kind=Item.Kind.IMPEDIMENT)),
        stakeholders=Count("pk", filter=Q(level=Item.Level.STAKEHOLDERS)),
        risks=Count("pk", filter=Q(kind=Item.Kind.RISK)))
    out["counts"] = counts
    return out


# --- the pack ---------------------------------------------------------------------------------

def previous_snapshot(programme: Programme, at: datetime, meeting=None) -> dict | None:
    snapshots = SteeringSnapshot.objects.filter(programme=programme, taken_at__lt=at)
    if meeting is not None:
        snapshots = snapshots.exclude(meeting=meeting)
    return snapshots.order_by("-taken_at").values("id", "taken_at", "data").first()


def _since(programme: Programme, at: datetime, meeting) -> datetime:
    """The end of the previous Steering Committee (a month ago when there was none)."""
    previous = Meeting.objects.filter(programme=programme, kind=Kind.STEERING,
                                      state=Meeting.State.ENDED, ended_at__lt=at)
    if meeting is not None:
        previous = previous.exclude(pk=meeting.pk)
    ended = previous.order_by("-ended_at").values_list("ended_at", flat=True).first()
    return ended or at - SINCE_DEFAULT


def next_steering(programme: Programme, at: datetime | None = None) -> Meeting | None:
    """The Steering Committee the pack is being prepared for: running or next scheduled."""
    at = at or timezone.now()
    return (Meeting.objects.filter(programme=programme, kind=Kind.STEERING)
            .filter(Q(state__in=[Meeting.State.RUNNING, Meeting.State.PAUSED])
                    | Q(state=Meeting.State.SCHEDULED,
                        scheduled_start__gte=at - timedelta(hours=12)))
            .select_related("programme").order_by("scheduled_start").first())


def steering_pack(*, programme: Programme, at: datetime | None = None,
                  meeting: Meeting | None = None) -> dict:
    """The pack as of `at`, in JSON-able data; a fixed number of queries."""
    at = at or timezone.now()
    today = timezone.localtime(at, programme.tzinfo).date()
    path = programme.path
    previous = previous_snapshot(programme, at, meeting)
    before = previous["data"] if previous else {}
    since = _since(programme, at, meeting)
    posting = posting_tree(programme, at)
    teams = _teams(posting)
    health = _team_health(teams, path, at)
    objectives = _objectives(path, before)
    milestones = _milestones(path, since, today, before)
    stopping = _stopping(path, at, programme.pk)
    loops = _loops(programme, at)
    sprints = _sprints(programme, today)
    delivered = [m for m in milestones if m["delivered_on"]
                 and m["delivered_on"] >= since.date().isoformat()]
    progress = [o["progress"] for o in objectives]
    return {
        "version": PACK_VERSION,
        "programme": {"id": programme.pk, "name": programme.name, "slug": programme.slug},
        "as_of": _iso(at), "today": _iso(today), "since": _iso(since),
        "meeting": ({"id": meeting.pk, "title": meeting.title,
                     "scheduled_start": _iso(meeting.scheduled_start)} if meeting else None),
        "previous_snapshot": ({"id": previous["id"], "taken_at": _iso(previous["taken_at"])}
                              if previous else None),
        "now": {
            "teams": health,
            "sprints": _sprint_progress(path, sprints),
            "delivery": delivery(programme=programme, teams=teams,
                                 programmes=[programme, *(
                                     row.programme for row in posting.everywhere.rows
                                     if row.programme.pk != programme.pk)],
                                 sprints=sprints),
            "delivered_milestones": delivered,
            "posting": figure(posting.everywhere),
            "ceremonies": _ceremony_health(teams, path, at),
            "loops": loops,
        },
        "going": {
            "objectives": objectives,
            "milestones": milestones,
            "changes": _changes(path, since, at),
        },
        "stopping": stopping,
        "summary": {
            "teams": len(teams),
            "teams_red": sum(1 for t in health if t["health"] == "red"),
            "teams_amber": sum(1 for t in health if t["health"] == "amber"),
            "open_impediments": stopping["counts"]["impediments"],
            "awaiting_stakeholders": stopping["counts"]["stakeholders"],
            "loop_close_median_hours": loops["close_median_hours"],
            "objective_progress": round(sum(progress) / len(progress)) if progress else None,
            "objectives_off_track": sum(1 for o in objectives if o["status"] == "off_track"),
            "objectives_at_risk": sum(1 for o in objectives if o["status"] == "at_risk"),
        },
    }


def pack_items(pack: dict) -> list[tuple[str, str]]:
    """(ref, label) of every item of a pack a decision may be recorded against."""
    going, stopping = pack["going"], pack["stopping"]
    choices = [(f"objective:{o['id']}", _("Objective: %(title)s") % {"title": o["title"]})
               for o in going["objectives"]]
    choices += [(f"milestone:{m['id']}", _("Milestone: %(title)s") % {"title": m["title"]})
                for m in going["milestones"]]
    for key in STOPPING_LISTS:
        choices += [(i["ref"], f"{i['kind_label']}: {i['title']}")
                    for i in stopping.get(key, ())]
    return choices
