"""Delivery figures from the work trackers for the steering pack: per team, per sprint, and
rolled up the programme tree (a parent's figure is computed from its teams' items, never an
average of its children's figures). Two queries, whatever the number of teams or items.

What each figure counts (the pack says so too):
- committed: the team's tracker items open when the sprint started; for a team mapped to a
  Jira board whose sprint started in the programme's sprint, the items in that board sprint
  when it started (programmes/trackers/boards.py), done when closed before the board sprint
  ended;
- done: those of them closed or merged before the sprint ended (so far, for the current one);
- carry-over: committed and not done;
- points: the same two, in story points, where the tracker has them (Jira);
- cycle time: the median days from opened to closed of the items closed during the sprint.
An item gone from its tracker (deleted, or moved out of the mapped source) is not counted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Count, Exists, OuterRef, Q, Sum

from programmes.models import Programme, TrackerItem, TrackerSprintItem

BOARD = "board_"  # the prefix of a figure counted from a Jira board's sprint


def _bounds(programme: Programme, start: date, end: date) -> tuple[datetime, datetime]:
    zone = programme.tzinfo
    return (datetime.combine(start, time.min, zone),
            datetime.combine(end + timedelta(days=1), time.min, zone))


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _figures(counts: dict, cycles: list[float]) -> dict:
    committed, done = counts.get("committed", 0), counts.get("done", 0)
    return {"committed": committed, "done": done, "carry_over": committed - done,
            "points_committed": _number(counts.get("points_committed")),
            "points_done": _number(counts.get("points_done")),
            "closed": len(cycles),
            "cycle_days": round(median(cycles), 1) if cycles else None}


def delivery(*, programme: Programme, teams: list[dict], programmes: list[Programme],
             sprints: list[tuple[str, int, date, date]]) -> dict | None:
    """{"sprints": [...]} for the teams of the pack's tree; None when no tracker item of theirs
    is known (no tracker connected: nothing to say, rather than zeros)."""
    team_ids = [t["id"] for t in teams]
    if not sprints or not team_ids:
        return None
    aggregates = {}
    windows = {}
    for label, _, start, end in sprints:
        begin, finish = windows[label] = _bounds(programme, start, end)
        committed = Q(opened_at__lt=begin) & (Q(closed_at__isnull=True) | Q(closed_at__gte=begin))
        done = committed & Q(closed_at__lt=finish)
        aggregates[f"{label}:committed"] = Count("pk", filter=committed)
        aggregates[f"{label}:done"] = Count("pk", filter=done)
        aggregates[f"{label}:points_committed"] = Sum("points", filter=committed)
        aggregates[f"{label}:points_done"] = Sum("points", filter=done)
        aggregates.update(_board_aggregates(label, begin, finish))
    items = TrackerItem.objects.filter(team_id__in=team_ids, gone_at__isnull=True)
    per_team = {row["team_id"]: row for row in items.values("team_id").annotate(**aggregates)}
    if not per_team:
        return None
    earliest = min(begin for begin, _ in windows.values())
    latest = max(finish for _, finish in windows.values())
    closed = list(items.filter(closed_at__gte=earliest, closed_at__lt=latest)
                  .values_list("team_id", "opened_at", "closed_at"))
    return {"sprints": [
        _sprint(label, number, start, end, windows[label], per_team, closed, teams, programmes)
        for label, number, start, end in sprints]}


def _board_aggregates(label: str, begin: datetime, finish: datetime) -> dict:
    """The same figures from the board sprints that started in the window (one query still:
    they are conditions on the same rows)."""
    entries = TrackerSprintItem.objects.filter(
        item=OuterRef("pk"), committed=True, sprint__started_at__gte=begin,
        sprint__started_at__lt=finish)
    committed = Q(Exists(entries))
    done = Q(Exists(entries.filter(Q(sprint__ended_at__isnull=True)
                                   | Q(sprint__ended_at__gte=OuterRef("closed_at"))))) \
        & Q(closed_at__isnull=False)
    return {f"{label}:{BOARD}committed": Count("pk", filter=committed),
            f"{label}:{BOARD}done": Count("pk", filter=done),
            f"{label}:{BOARD}points_committed": Sum("points", filter=committed),
            f"{label}:{BOARD}points_done": Sum("points", filter=done)}


def _chosen(row: dict, label: str) -> dict:
    """The team's figures for the sprint: from its board when a board sprint started in it
    with items, else from the time-based definition."""
    mine = {key.split(":", 1)[1]: value for key, value in row.items()
            if key.startswith(f"{label}:")}
    if mine.get(f"{BOARD}committed"):
        return {key.removeprefix(BOARD): value for key, value in mine.items()
                if key.startswith(BOARD)}
    return {key: value for key, value in mine.items() if not key.startswith(BOARD)}


def _sprint(label, number, start, end, window, per_team, closed, teams, programmes) -> dict:
    begin, finish = window
    cycles = defaultdict(list)
    for team_id, opened_at, closed_at in closed:
        if begin <= closed_at < finish:
            cycles[team_id].append((closed_at - opened_at).total_seconds() / 86400)

    def counts(team_id):
        return _chosen(per_team.get(team_id, {}), label)

    team_rows = [{"id": t["id"], "name": t["name"], "programme_id": t["programme_id"],
                  **_figures(counts(t["id"]), cycles[t["id"]])} for t in teams]
    rollups = []
    for node in programmes:
        inside = [t for t in teams if t["programme_path"].startswith(node.path)]
        rollups.append({"id": node.pk, "name": node.name,
                        **_rolled(inside, counts, cycles)})
    return {"label": label, "number": number, "start": start.isoformat(),
            "end": end.isoformat(), "teams": team_rows, "programmes": rollups}


def _rolled(teams, counts, cycles) -> dict:
    total: dict = defaultdict(int)
    points = {"points_committed": None, "points_done": None}
    pooled: list[float] = []
    for t in teams:
        c = counts(t["id"])
        total["committed"] += c.get("committed", 0)
        total["done"] += c.get("done", 0)
        for key in points:
            if c.get(key) is not None:
                points[key] = (points[key] or 0) + c[key]
        pooled += cycles[t["id"]]
    return _figures({**total, **points}, pooled)
