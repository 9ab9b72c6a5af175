"""`make soak`: 500 attendees poll one meeting room every 2 s for 10 minutes.

One gunicorn (production settings, the bench's uvicorn workers) on a PostgreSQL database with a
generated programme; wrk opens one connection per attendee, each waiting --interval-ms
between polls (bench/soak.lua), against the room's live poll with an unchanged state (the
bench's "live poll (unchanged)" URL, with its poll token). All attendees share one
signed-in session and one poll token, where each would really have their own; the cheap
path of the poll reads neither. Every worker's resident memory is sampled after the warm-up
and every --sample-seconds. The result goes into docs/BENCHMARKS.md; the exit status is
non-zero on any error (an answer outside 2xx, a timeout, a socket error) or a lost worker.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    DOC,
    ROOT,
    background_load,
    build_database,
    free_port,
    machine,
    start_gunicorn,
    worker_mb,
    worker_pids,
    write_doc,
    wrk,
    wrk_command,
    wrk_report,
)

START, END = "<!-- bench:soak:start -->", "<!-- bench:soak:end -->"
POLL = "meeting room live poll (unchanged)"
THREADS = 2


def prepare(teams: int) -> tuple[dict, dict]:
    """A fresh database with a generated programme; the environment and the poll endpoint."""
    env, endpoints = build_database(f"metascrum_bench_soak_{teams}", teams)
    return env, next(e for e in endpoints if e["name"] == POLL)


def sample(pids: list[int], samples: dict[int, list[float | None]]) -> None:
    for pid in pids:
        samples[pid].append(worker_mb(pid))


def soak(args) -> tuple[dict, dict[int, list[float | None]], list[int]]:
    env, endpoint = prepare(args.teams)
    port = free_port()
    server = start_gunicorn(env, port)
    url = f"http://127.0.0.1:{port}{endpoint['path']}"
    try:
        wrk(url, endpoint, 5, 8)  # warm-up: every worker imports and connects
        pids = worker_pids(server)
        samples: dict[int, list[float | None]] = {pid: [] for pid in pids}
        sample(pids, samples)
        load_before = background_load()
        cmd, wrk_env = wrk_command(url, endpoint, args.minutes * 60, args.connections,
                                   script="soak.lua")
        wrk_env.update(SOAK_INTERVAL_MS=str(args.interval_ms),
                       SOAK_STAGGER=str(args.connections // THREADS))
        print(f"   {args.connections} attendees polling every {args.interval_ms} ms for "
              f"{args.minutes} min", flush=True)
        load = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=wrk_env)
        while True:
            try:
                stdout, stderr = load.communicate(timeout=args.sample_seconds)
                break
            except subprocess.TimeoutExpired:
                sample(pids, samples)
                now = [samples[pid][-1] for pid in pids]
                print("   RSS MB: " + ", ".join("gone" if mb is None else f"{mb:.1f}"
                                                for mb in now), flush=True)
        if load.returncode:
            raise RuntimeError(f"wrk failed: {stderr.strip()}")
        sample(pids, samples)
        lost = [pid for pid in pids if samples[pid][-1] is None]
        replaced = sorted(set(worker_pids(server)) - set(pids))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    stats = wrk_report(stdout)
    stats["lost_workers"], stats["new_workers"] = len(lost), len(replaced)
    stats["load_before"] = load_before
    return stats, samples, pids


def section(args, stats: dict, samples: dict[int, list[float | None]],
            pids: list[int]) -> str:
    lines = [
        START,
        f"{machine()}, PostgreSQL, production settings, {args.teams} generated teams. wrk "
        f"from a separate process on the same machine: {args.connections} connections for "
        f"{args.minutes} min, each waiting {args.interval_ms / 1000:g} s between polls "
        f"({args.connections} attendees), against the meeting room's live poll with an "
        f"unchanged state (the cheap path: 204, one query). The attendees share one session "
        f"and one poll token, where each would have their own. A timeout is an answer slower "
        f"than wrk's 2 s. Worker memory (VmRSS) sampled after a 5 s warm-up and every "
        f"{args.sample_seconds} s. Load average before the run (other work on the machine): "
        f"{stats['load_before']}.",
        "",
        "| requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | timeouts "
        "| socket errors | workers lost |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {stats['requests']} | {stats['rps']:.0f} | {stats['p50']:.1f} | {stats['p95']:.1f} "
        f"| {stats['p99']:.1f} | {stats['max']:.1f} | {stats['non2xx']} | {stats['timeouts']} "
        f"| {stats['socket_errors']} | {stats['lost_workers']} |",
        "",
        "| worker | start MB | end MB | growth MB | highest MB |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, pid in enumerate(pids, start=1):
        seen = [mb for mb in samples[pid] if mb is not None]
        first, last = samples[pid][0], samples[pid][-1]
        if last is None:
            lines.append(f"| {n} | {first:.1f} | gone | – | {max(seen):.1f} |")
        else:
            lines.append(f"| {n} | {first:.1f} | {last:.1f} | {last - first:+.1f} "
                         f"| {max(seen):.1f} |")
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--interval-ms", type=int, default=2000)
    parser.add_argument("--sample-seconds", type=int, default=30)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    stats, samples, pids = soak(args)
    write_doc(section(args, stats, samples, pids), START, END,
              heading="## Soak: one meeting room, 500 attendees (`make soak`)")
    failed = stats["errors"] + stats["lost_workers"]
    print(f"   {stats['rps']:.0f} req/s, p95 {stats['p95']} ms, p99 {stats['p99']} ms; "
          f"{stats['non2xx']} non-2xx, {stats['timeouts']} timeouts, "
          f"{stats['socket_errors']} socket errors, {stats['lost_workers']} workers lost")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
