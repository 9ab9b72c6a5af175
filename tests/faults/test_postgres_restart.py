"""The web app survives a PostgreSQL restart: requests after it succeed without a restart
of the app, because stale connections are health-checked and replaced (CONN_HEALTH_CHECKS)."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.faults.private_postgres import available, private_postgres
from tests.project.test_make_run import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


def get(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(not available() and not os.environ.get("CI"),
                    reason="PostgreSQL server binaries are not installed")
def test_the_app_reconnects_after_postgres_restarts(tmp_path):
    with private_postgres() as pg:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(DATABASE_URL=pg.url, METASCRUM_VAR_DIR=str(tmp_path), DEBUG="true",
                   CONN_MAX_AGE="600")
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT,
                       env=env, check=True, timeout=300)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading",
             f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/healthz/"
            wait_for(url)
            assert get(url) == 200  # holds a persistent connection now

            pg.stop()
            assert get(url) == 500  # the database is really gone
            pg.start()
            pg.wait_ready()

            statuses = [get(url) for _ in range(3)]
            assert statuses == [200, 200, 200]
        finally:
            server.terminate()
            server.wait(timeout=10)
