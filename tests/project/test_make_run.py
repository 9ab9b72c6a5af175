"""`make run`'s path on its embedded defaults: SQLite, demo loaded, the server answering."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 90) -> None:
    """Until `url` answers: a server starting on a busy machine (CI runs the suite in
    parallel) can take well over the usual few seconds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_dev_server_serves_sign_in_and_the_demo_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(METASCRUM_VAR_DIR=str(tmp_path), DEBUG="true", METASCRUM_DEMO="true")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=300)
    assert (tmp_path / "metascrum.sqlite3").exists()
    port = free_port()
    server = subprocess.Popen(  # as bin/run-dev serves it, without --reload
        [sys.executable, "-m", "uvicorn", "metascrum.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--timeout-graceful-shutdown", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz/")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        login_page = opener.open(base + "/accounts/login/").read().decode()
        assert "Sign in" in login_page
        assert "<code>msm@example.com</code>" in login_page  # bin/run-dev's demo mode
        token = login_page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        data = urlencode({"csrfmiddlewaretoken": token, "username": "msm@example.com",
                          "password": "metascrum-demo"}).encode()
        opener.open(urllib.request.Request(base + "/accounts/login/", data=data,
                                           headers={"Referer": base + "/accounts/login/"}))
        home = opener.open(base + "/p/northwind/").read().decode()
        assert "Northwind Digital" in home and "Payments Train" in home
        css = opener.open(base + "/static/css/metascrum.css")
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
