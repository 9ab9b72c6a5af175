"""`make fanout`: one meeting, 500 push watchers and 100 polling watchers, the facilitator
advancing every 5 s for 2 minutes.

gunicorn with uvicorn workers (ASGI, production settings) on a fresh PostgreSQL database and
Redis (pub/sub between the workers, the shared fragment cache). The watchers are asyncio
clients (httpx) in separate processes on the loopback: push watchers hold the room's event
stream, polling watchers poll the live fragment every 2 s with their token, as the page does.
For each change and each watcher: the time from the facilitator's click's response to the
watcher having the new version. Also: server CPU seconds per change (all the server did during
the run, divided by the changes), fragment renders per change (the server's log), errors,
and the hello view's latency sampled during the run. Result -> docs/BENCHMARKS.md.
Bounded in time: every client stops at the end of the run, the server is stopped after.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import multiprocessing
import os
import re
import secrets
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    PY,
    ROOT,
    bench_env,
    free_port,
    machine,
    recreate_database,
    run,
    start_gunicorn,
    worker_pids,
    write_doc,
)

START, END = "<!-- bench:fanout:start -->", "<!-- bench:fanout:end -->"
HEADING = "## Fan-out: one meeting room, 500 pushed and 100 polling watchers (`make fanout`)"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
WORKERS = int(os.environ.get("FANOUT_WORKERS", "2"))
POOL = int(os.environ.get("FANOUT_POOL", "10"))  # database connections per worker
PEOPLE = 20  # watchers share these sessions; each person is a watcher in the same time zone
ID = re.compile(rb"^id: (\d+)$", re.MULTILINE)


# --- the data (run inside the bench environment, Django set up) ---------------------------------

def prepare() -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ceremonies.room.live_poll import poll_token
    from tests import factories
    from tests.ceremonies.meetings import make_meeting

    def session(person) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.save()
        return store.session_key

    programme = factories.ProgrammeFactory(name="Fan-out")
    team = factories.TeamFactory(programme=programme, name="Watchers")
    msm = factories.make_msm(programme, factories.PersonFactory(timezone="Europe/London"))
    people = [factories.make_member(team, factories.PersonFactory(timezone="Europe/London"))
              for _ in range(PEOPLE)]
    meeting = make_meeting(programme, extra_items=40, minutes=120)
    path = meeting.get_absolute_url()
    return {"room": path, "meeting": meeting.pk, "version": meeting.version,
            "cookie": settings.SESSION_COOKIE_NAME, "msm": session(msm),
            "watchers": [{"session": session(p), "token": poll_token(person=p, meeting=meeting)}
                         for p in people]}


# --- the watchers (separate processes) ---------------------------------------------------------

def push_watchers(base, data, indexes, until, out, connected):
    asyncio.run(_push_watchers(base, data, indexes, until, out, connected))


async def _push_watchers(base, data, indexes, until, out, connected):
    import httpx

    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(30, read=60),
                                 limits=limits) as client:
        results = await asyncio.gather(*(_stream(client, data, i, until, connected)
                                         for i in indexes))
    Path(out).write_text(json.dumps(results))


async def _stream(client, data, index, until, connected):
    person = data["watchers"][index % len(data["watchers"])]
    seen, errors, connects = {}, [], 0
    last = data["version"]
    while time.time() < until:
        try:
            connects += 1
            async with client.stream(
                    "GET", data["room"] + "live/stream/", params={"v": last},
                    cookies={data["cookie"]: person["session"]}) as response:
                if response.status_code != 200:
                    errors.append(f"status {response.status_code}")
                    await asyncio.sleep(1)
                    continue
                if connects == 1:
                    with connected.get_lock():
                        connected.value += 1
                await _read_events(response, seen, until)
                last = max(seen, default=last)
        except Exception as error:  # noqa: BLE001 (every failure is a counted error)
            errors.append(type(error).__name__)
            await asyncio.sleep(1)
    return {"kind": "push", "seen": seen, "errors": errors, "connects": connects}


async def _read_events(response, seen: dict, until: float) -> None:
    """Note the time each event's version (its `id:` line) arrives, until `until`; a timeout
    around the whole read, not each line, so the client spends little per event."""
    buffer = b""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout_at(asyncio.get_running_loop().time()
                                      + max(0.0, until - time.time())):
            async for chunk in response.aiter_raw():
                buffer += chunk
                *done, buffer = buffer.split(b"\n\n")
                now = time.time()
                for event in done:
                    found = ID.search(event)
                    if found:
                        seen.setdefault(int(found.group(1)), now)


def poll_watchers(base, data, indexes, until, out):
    asyncio.run(_poll_watchers(base, data, indexes, until, out))


async def _poll_watchers(base, data, indexes, until, out):
    import httpx

    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        results = await asyncio.gather(*(_poll(client, data, i, until) for i in indexes))
    Path(out).write_text(json.dumps(results))


async def _poll(client, data, index, until):
    person = data["watchers"][index % len(data["watchers"])]
    seen, errors = {}, []
    version = data["version"]
    await asyncio.sleep((index % 20) / 10)  # spread over the 2 s, as pages opened at random
    while time.time() < until:
        began = time.monotonic()
        try:
            response = await client.get(data["room"] + "live/",
                                        params={"v": version, "t": person["token"]},
                                        cookies={data["cookie"]: person["session"]})
            if response.status_code == 200:
                version = int(re.search(r'data-version="(\d+)"', response.text).group(1))
                seen.setdefault(version, time.time())
            elif response.status_code != 204:
                errors.append(f"status {response.status_code}")
        except Exception as error:  # noqa: BLE001
            errors.append(type(error).__name__)
        await asyncio.sleep(max(0.0, 2 - (time.monotonic() - began)))
    return {"kind": "poll", "seen": seen, "errors": errors}


# --- the run -------------------------------------------------------------------------------------

def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total




def facilitate(base, data, changes: int, every: float) -> tuple[list[tuple[int, float]], list]:
    """Start, then Next every `every` seconds: [(new version, time of the response)]."""
    import httpx

    csrf = secrets.token_hex(16)
    clicks, errors = [], []
    version = data["version"]
    with httpx.Client(base_url=base, timeout=10, headers={"X-CSRFToken": csrf},
                      cookies={data["cookie"]: data["msm"], "csrftoken": csrf}) as client:
        for n in range(changes):
            began = time.monotonic()
            action = "start" if n == 0 else "next"
            response = client.post(f"{data['room']}control/{action}/",
                                   data={"version": version}, headers={"HX-Request": "true"})
            at = time.time()
            if response.status_code != 200 or "form-errors" in response.text:
                errors.append(f"{action}: {response.status_code}")
            version = int(re.search(r'data-version="(\d+)"', response.text).group(1))
            clicks.append((version, at))
            time.sleep(max(0.0, every - (time.monotonic() - began)))
    return clicks, errors


def hello_sampler(base, until, out):
    import httpx

    times, errors = [], 0
    with httpx.Client(base_url=base, timeout=10) as client:
        while time.time() < until:
            began = time.monotonic()
            try:
                if client.get("/healthz/").status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            times.append((time.monotonic() - began) * 1000)
            time.sleep(0.25)
    Path(out).write_text(json.dumps({"ms": times, "errors": errors}))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def lags(clicks, results) -> tuple[list[float], int]:
    """Milliseconds from each click's response to each watcher having that version (or a later
    one); a version a watcher never had is a miss."""
    values, missed = [], 0
    for result in results:
        seen = sorted((int(v), at) for v, at in result["seen"].items())
        for version, clicked in clicks:
            arrival = next((at for v, at in seen if v >= version), None)
            if arrival is None:
                missed += 1
            else:
                values.append(max(0.0, (arrival - clicked) * 1000))
    return values, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--push", type=int, default=500)
    parser.add_argument("--poll", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=4, help="push watcher processes")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()

    db = "metascrum_bench_fanout"
    env = bench_env(db, ROOT / "var" / "bench")
    env.update(REDIS_URL=REDIS, LOG_LEVEL="INFO", DATABASE_POOL=str(POOL))
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    print(f"== building {db}", flush=True)
    recreate_database(db)
    run([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    data = json.loads(run([PY, "bench/fanout.py", "--prepare-only"], env,
                          capture_output=True).stdout)
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # this database only: the fragment cache
    port = free_port()
    log = ROOT / "var" / "bench" / "fanout-server.log"
    server = start_gunicorn(env, port, workers=WORKERS, log=log,
                            args=("--graceful-timeout", "3"))
    base = f"http://127.0.0.1:{port}"
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    changes = int(args.seconds // args.every)
    settle = 90  # seconds at most for the watchers to connect before the first click
    until = time.time() + settle + changes * args.every + 10
    processes, connected = [], multiprocessing.Value("i", 0)
    try:
        pushers = list(range(args.push))
        for n in range(args.processes):
            processes.append(multiprocessing.Process(target=push_watchers, args=(
                base, data, pushers[n::args.processes], until, out / f"fanout-push-{n}.json",
                connected)))
        pollers = list(range(args.poll))
        for n in range(2):
            processes.append(multiprocessing.Process(target=poll_watchers, args=(
                base, data, pollers[n::2], until, out / f"fanout-poll-{n}.json")))
        processes.append(multiprocessing.Process(target=hello_sampler, args=(
            base, until, out / "fanout-hello.json")))
        for process in processes:
            process.start()
        print(f"== {args.push} push and {args.poll} polling watchers connecting", flush=True)
        deadline = time.monotonic() + settle
        while connected.value < args.push and time.monotonic() < deadline:
            time.sleep(0.5)
        print(f"== {connected.value} streams open", flush=True)
        time.sleep(2)  # the last ones subscribed
        pids = worker_pids(server)
        cpu_before = cpu_seconds(pids)
        renders_before = log.read_text().count("live fragment rendered")
        print(f"== {changes} changes, one every {args.every:g} s", flush=True)
        clicks, click_errors = facilitate(base, data, changes, args.every)
        time.sleep(3)  # the last change's polls
        cpu = cpu_seconds(pids) - cpu_before
        renders = log.read_text().count("live fragment rendered") - renders_before
        for process in processes:
            process.join(timeout=args.seconds + 60)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    results = {"push": [], "poll": []}
    for path in out.glob("fanout-p*.json"):
        for result in json.loads(path.read_text()):
            results[result["kind"]].append(result)
        path.unlink()
    hello = json.loads((out / "fanout-hello.json").read_text())
    rows = []
    for kind in ("push", "poll"):
        values, missed = lags(clicks, results[kind])
        errors = sum(len(r["errors"]) for r in results[kind])
        kinds = collections.Counter(e for r in results[kind] for e in r["errors"])
        rows.append({"kind": kind, "watchers": len(results[kind]), "n": len(values),
                     "error_kinds": ", ".join(f"{n} {e}" for e, n in kinds.most_common()),
                     "p50": percentile(values, 50), "p95": percentile(values, 95),
                     "max": max(values, default=float("nan")), "missed": missed,
                     "errors": errors})
    summary = {"changes": len(clicks), "cpu_per_change": cpu / max(1, len(clicks)),
               "renders_per_change": renders / max(1, len(clicks)), "renders": renders,
               "click_errors": len(click_errors), "rows": rows,
               "hello_p50": percentile(hello["ms"], 50), "hello_p95": percentile(hello["ms"], 95),
               "hello_errors": hello["errors"], "hello_n": len(hello["ms"]),
               "reconnects": sum(r["connects"] - 1 for r in results["push"])}
    print(json.dumps(summary, indent=1), flush=True)
    if not args.no_doc:
        write_doc(section(summary, args), START, END, HEADING)
    failed = any(r["errors"] or r["missed"] for r in rows) or click_errors
    return 1 if failed else 0


def section(s: dict, args) -> str:
    where = machine().split(", gunicorn")[0]
    lines = [START, f"{where}, gunicorn with {WORKERS} uvicorn workers (ASGI), a pool of "
             f"{POOL} database connections each; PostgreSQL and Redis (pub/sub between "
             "the workers, the shared fragment cache) on the same machine, production "
             "settings. The machine is shared with other agents' work (builds, test runs), "
             "so the figures are a floor, not a ceiling. "
             f"{args.push} push watchers ({args.processes} processes) and {args.poll} polling "
             "watchers (2 processes, every 2 s with their token) of one meeting, "
             f"{PEOPLE} people in one time zone (one kind of viewer), asyncio httpx "
             f"clients on the loopback; the facilitator starts the meeting and presses Next "
             f"every {args.every:g} s ({s['changes']} changes in "
             f"{s['changes'] * args.every:.0f} s). Lag: from the click's response to the "
             "watcher having the new version (an event arriving before the click's response "
             "counts as 0).", "",
             "| watchers | kind | lags measured | p50 ms | p95 ms | max ms | missed | errors |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in s["rows"]:
        lines.append(f"| {r['watchers']} | {r['kind']} | {r['n']} | {r['p50']:.0f} | "
                     f"{r['p95']:.0f} | {r['max']:.0f} | {r['missed']} | {r['errors']} |")
    errors = "; ".join(f"{r['kind']}: {r['error_kinds']}" for r in s["rows"] if r["error_kinds"])
    lines += ["", f"Errors: {errors or 'none'} (a poll's timeout is 10 s)."]
    lines += ["", f"Server CPU per change: {s['cpu_per_change']:.2f} s (all the workers did "
              "during the run, keep-alives and 2 s polls included, divided by the changes). "
              f"Renders of the live fragment: {s['renders']} for {s['changes']} changes "
              f"({s['renders_per_change']:.2f} per change; one kind of viewer). Facilitator "
              f"errors: {s['click_errors']}. Stream reconnects: {s['reconnects']}. The hello "
              f"view sampled every 0.25 s during the run: p50 {s['hello_p50']:.1f} ms, p95 "
              f"{s['hello_p95']:.1f} ms, {s['hello_errors']} errors in {s['hello_n']}.", END]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare-only"]:
        print(json.dumps(prepare()))
    else:
        sys.exit(main())
