"""Benchmark (not a test): import 150 teams × a year of tracker items through local servers
speaking the GitHub, GitLab and Jira REST subset the connectors use, then reconcile.

    psql -U postgres -h 127.0.0.1 -c "create database metascrum_trackers_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/metascrum_trackers_bench \
    python bench/trackers.py [--teams 150] [--per-team 600]

The database named by DATABASE_URL is a throwaway one (it is flushed first). A third of the
teams are on GitHub, a third on GitLab, a third on Jira Cloud, each team mapped to its own
repository or project holding `--per-team` items spread over the last year (a tenth still
open). The fake trackers run in another process, so the figures are the importer's own:
wall time, and peak memory (Python allocations during the import by tracemalloc, and the
process's peak resident set).
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")
os.environ.setdefault("DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/metascrum_trackers_bench")
os.environ["CONN_MAX_AGE"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from programmes.models import (  # noqa: E402
    Programme,
    Team,
    TrackerConnection,
    TrackerItem,
    TrackerMapping,
)
from programmes.trackers.sync import connection_sync  # noqa: E402
from tests.programmes.trackers import github_issue, gitlab_issue, jira_issue  # noqa: E402
from tests.programmes.trackers.fake import FakeTrackers  # noqa: E402

KINDS = ("github", "gitlab", "jira_cloud")
YEAR_END = datetime.now(UTC).replace(microsecond=0)


def _stamp(moment: datetime, kind: str) -> str:
    if kind == "jira_cloud":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _items(kind: str, source: str, count: int) -> list[dict]:
    """`count` items over the last year, oldest first (the order `sort=updated` asks)."""
    items = []
    for n in range(1, count + 1):
        opened = YEAR_END - timedelta(days=365) + timedelta(minutes=n * 525_600 // count)
        closed = opened + timedelta(days=n % 9 + 1) if n % 10 else None
        updated = min(closed or opened, YEAR_END)
        if kind == "github":
            items.append(github_issue(n, f"Item {n}", state="closed" if closed else "open",
                                      created=_stamp(opened, kind),
                                      updated=_stamp(updated, kind),
                                      closed=_stamp(closed, kind) if closed else None,
                                      pull=n % 3 == 0, repo=source))
        elif kind == "gitlab":
            items.append(gitlab_issue(n, f"Item {n}", state="closed" if closed else "opened",
                                      created=_stamp(opened, kind),
                                      updated=_stamp(updated, kind),
                                      closed=_stamp(closed, kind) if closed else None,
                                      project=source))
        else:
            items.append(jira_issue(n, f"Item {n}", project=source, points=n % 8 or None,
                                    category="done" if closed else "indeterminate",
                                    created=_stamp(opened, kind),
                                    updated=_stamp(updated, kind),
                                    resolved=_stamp(closed, kind) if closed else None))
    items.sort(key=lambda i: i.get("updated_at") or i["fields"]["updated"])
    return items


def _serve(teams: int, per_team: int, ready, port) -> None:
    server = FakeTrackers()
    server.page_size = 100
    for t in range(teams):
        kind, source = KINDS[t % 3], _source(t)
        if kind == "github":
            server.github[source] = _items(kind, source, per_team)
        elif kind == "gitlab":
            server.gitlab[source] = {"issues": _items(kind, source, per_team)}
        else:
            server.jira[source] = _items(kind, source, per_team)
    server.requests = _Forgetful()
    port.value = server.server_address[1]
    ready.set()
    server.serve_forever()


class _Forgetful(list):
    def append(self, _):
        pass


def _source(t: int) -> str:
    return f"T{t}" if KINDS[t % 3] == "jira_cloud" else f"bench/team-{t}"


def setup(teams: int, url: str) -> list[TrackerConnection]:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    programme = Programme.objects.create(name="Bench", slug="bench", path="")
    Programme.objects.filter(pk=programme.pk).update(path=f"/{programme.pk}/")
    made = Team.objects.bulk_create(Team(programme=programme, name=f"Team {t}", slug=f"t{t}")
                                    for t in range(teams))
    connections = [TrackerConnection.objects.create(
        programme=programme, kind=kind, name=kind, base_url=url, token="bench",
        username="bench@example.com") for kind in KINDS]
    TrackerMapping.objects.bulk_create(
        TrackerMapping(connection=connections[t % 3], team=team, source=_source(t))
        for t, team in enumerate(made))
    return connections


def run(label: str, connections) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    stored = sum(connection_sync(connection=c) for c in connections)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<44} {elapsed:8.1f} s  {stored:>7} items read  "
          f"{stored / elapsed:7.0f} items/s  peak Python {peak / 2**20:6.1f} MB  "
          f"peak RSS {rss:6.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=150)
    parser.add_argument("--per-team", type=int, default=600)
    args = parser.parse_args()
    ready, port = multiprocessing.Event(), multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=_serve, daemon=True,
                                     args=(args.teams, args.per_team, ready, port))
    server.start()
    ready.wait(600)
    print(f"database: {connection.settings_dict['NAME']}; {args.teams} teams × "
          f"{args.per_team} items = {args.teams * args.per_team:,} items "
          f"(fake trackers on port {port.value}, 100 items a page)")
    connections = setup(args.teams, f"http://127.0.0.1:{port.value}")
    run("first import (everything, every page)", connections)
    assert TrackerItem.objects.count() == args.teams * args.per_team
    for c in connections:
        c.refresh_from_db()
    run("reconciliation (changed in the last day)", connections)
    server.terminate()
    print(f"at {timezone.now():%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
