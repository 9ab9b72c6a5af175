"""`make bench`: serve metascrum with gunicorn on PostgreSQL and load it with wrk.

For each scale (10, 50, 150 teams) it builds a fresh database, starts gunicorn with production
settings, drives every endpoint of bench/endpoints.py with wrk from a separate process (the
healthz view is the "hello" ceiling of this stack, measured in the same run), and writes the
table into docs/BENCHMARKS.md. It exits non-zero only when something errored.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.writer import UpdateWriter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOC = ROOT / "docs" / "BENCHMARKS.md"
START, END = "<!-- bench:http:start -->", "<!-- bench:http:end -->"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))


def bench_env(db: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"{PG}/{db}", DEBUG="false", SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false", SECURE_HSTS_SECONDS="0",
        METASCRUM_VAR_DIR=str(var_dir), AXES_ENABLED="false", LOG_LEVEL="WARNING",
        # ASGI: a thread per request, so a pool per process, as in production
        CONN_MAX_AGE="0", DATABASE_POOL="10", PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    return env


def recreate_database(db: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, *, workers: int = WORKERS, log: Path | None = None,
                   args: tuple[str, ...] = ()) -> subprocess.Popen:
    """gunicorn with `workers` uvicorn workers and production's settings
    (metascrum/gunicorn_conf.py), returned once it answers /healthz/ (the socket is bound
    before the workers have loaded the app, so a bare connect is not enough); its output goes
    to `log` when one is given."""
    output = log.open("w") if log else None
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "metascrum.asgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--config", "python:metascrum.gunicorn_conf",
         "--log-level", "warning", *args],
        cwd=ROOT, env=env, start_new_session=True, stdout=output,
        stderr=subprocess.STDOUT if output else None)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5):
                return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise RuntimeError("gunicorn did not start")


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                              text=True).stdout.split()
    return [int(pid) for pid in children]


def worker_mb(pid: int, field: str = "VmRSS") -> float | None:
    """A worker's memory from /proc (VmRSS now, VmHWM its peak), or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return None
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024


def worker_peak_mb(server: subprocess.Popen) -> float:
    peaks = [worker_mb(pid, "VmHWM") for pid in worker_pids(server)]
    return max((p for p in peaks if p is not None), default=0.0)


def wrk_command(url: str, endpoint: dict, seconds: int, connections: int, *,
                script: str | None = None) -> tuple[list[str], dict]:
    """The wrk command line and environment for one endpoint of prepare.py's list."""
    env, threads = dict(os.environ), 2
    if endpoint.get("script"):
        # One connection per thread, so each thread's Lua state drives one client.
        clients = endpoint["clients"][:connections]
        connections = threads = len(clients)
        env["BENCH_CLIENTS"] = "\n".join(f"{c['path']} {c['authorization']}" for c in clients)
        script = script or endpoint["script"]
    elif endpoint.get("method", "GET") != "GET" or endpoint.get("body"):
        env.update(BENCH_METHOD=endpoint["method"], BENCH_BODY=endpoint.get("body") or "")
        script = script or "request.lua"
    cmd = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
           "--latency", "-s", str(ROOT / "bench" / (script or "report.lua"))]
    if endpoint.get("session"):
        cmd += ["-H", f"Cookie: sessionid={endpoint['session']}"]
    for name, value in endpoint.get("headers", {}).items():
        cmd += ["-H", f"{name}: {value}"]
    return cmd + [url], env


def wrk_report(stdout: str) -> dict:
    """report.lua's JSON line, the last line wrk prints."""
    return json.loads(stdout.strip().splitlines()[-1])


def wrk(url: str, endpoint: dict, seconds: int, connections: int) -> dict:
    """One wrk run; with the endpoint's background writer (if any) posting meanwhile."""
    cmd, env = wrk_command(url, endpoint, seconds, connections)
    writer = None
    if endpoint.get("writer"):
        writer = UpdateWriter(url.split(endpoint["path"])[0], endpoint["writer"],
                              endpoint["writes_per_second"])
        writer.start()
    try:
        stats = wrk_report(subprocess.run(cmd, capture_output=True, text=True, check=True,
                                          env=env).stdout)
    finally:
        written = writer.stop() if writer else {}
    if written:
        stats["errors"] += written["write_errors"]
        stats["writes"] = written["writes"]
    return stats


def build_database(db: str, teams: int) -> tuple[dict, list[dict]]:
    """A fresh database with a generated programme: its environment and prepared endpoints."""
    env = bench_env(db, ROOT / "var" / "bench")
    print(f"== {teams} teams: building {db}", flush=True)
    recreate_database(db)
    run([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    endpoints = json.loads(run([PY, "bench/prepare.py", str(teams)], env,
                               capture_output=True).stdout)
    return env, endpoints


def bench_scale(teams: int, seconds: int, connections: int) -> list[dict]:
    env, endpoints = build_database(f"metascrum_bench_{teams}", teams)
    port = free_port()
    server = start_gunicorn(env, port)
    rows = []
    try:
        for endpoint in endpoints:
            url = f"http://127.0.0.1:{port}{endpoint['path']}"
            wrk(url, endpoint, 2, connections)  # warm-up: connections, caches, imports
            time.sleep(1)  # let the requests wrk left in flight finish (a write's included)
            stats = wrk(url, endpoint, seconds, connections)
            print(f"   {endpoint['name']}: {stats['rps']:.0f} req/s, p95 {stats['p95']} ms",
                  flush=True)
            rows.append({"teams": teams, **endpoint, **stats})
        peak = worker_peak_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    hello = rows[0]["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / hello if hello else 0.0
        row["peak_mb"] = peak
    return rows


def machine() -> str:
    """"Measured <date> on <cores> (<cpu>), Python <version>, gunicorn with <n> uvicorn workers"."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    return (f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, gunicorn with {WORKERS} uvicorn workers (ASGI)")


def background_load() -> str:
    """What else the machine was doing: the 1-minute load average, read before the load
    starts (an idle machine reads near 0; each busy core adds about 1)."""
    return f"{os.getloadavg()[0]:.2f}"


def table(rows: list[dict], seconds: int, connections: int) -> str:
    lines = [
        START,
        f"{machine()}, PostgreSQL, "
        f"production settings; wrk with {connections} connections for {seconds} s per endpoint "
        f"after a 2 s warm-up, from a separate process on the same machine.",
        "",
        "| teams | endpoint | req/s | × hello | p50 ms | p95 ms | p99 ms | queries | errors "
        "| peak MB/worker |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        name = r["name"] + (f" ({r['writes']} posted)" if "writes" in r else "")
        lines.append(
            f"| {r['teams']} | {name} | {r['rps']:.0f} | {r['ratio']:.2f} | {r['p50']:.1f} "
            f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['queries']} | {r['errors']} "
            f"| {r['peak_mb']:.0f} |")
    lines.append(END)
    return "\n".join(lines)


def write_doc(section: str, start: str = START, end: str = END,
              heading: str = "## HTTP endpoints (`make bench`)") -> None:
    """Put `section` (which begins with `start` and ends with `end`) into docs/BENCHMARKS.md,
    in place of the one there, or under `heading` at the end."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n"
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text += f"\n{heading}\n\n" + section + "\n"
    DOC.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="10,50,150")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    rows = []
    for teams in (int(s) for s in args.scales.split(",")):
        rows += bench_scale(teams, args.seconds, args.connections)
    write_doc(table(rows, args.seconds, args.connections))
    errors = sum(r["errors"] for r in rows)
    print(f"wrote {DOC.relative_to(ROOT)}; {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
