"""`make run PORT=8822` serves on 8822, and the links in its emails point there too; it serves
in demo mode."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _stub(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run(tmp_path: Path, port: str, **env) -> str:
    """bin/run-dev with stand-ins for Celery and the server: what the server was given."""
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "run-dev", tmp_path / "bin" / "run-dev")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    _stub(venv / "celery", "exit 0")
    _stub(venv / "python", 'echo "$SITE_URL $*" > served.txt; echo "$METASCRUM_DEMO" > demo.txt')
    subprocess.run([tmp_path / "bin" / "run-dev", port], cwd=tmp_path, check=True,
                   capture_output=True, timeout=30,
                   env={k: v for k, v in os.environ.items() if k != "SITE_URL"} | env)
    return (tmp_path / "served.txt").read_text().strip()


def test_the_chosen_port_is_served_and_linked(tmp_path):
    assert _run(tmp_path, "8822") == (
        "http://127.0.0.1:8822 -m uvicorn metascrum.asgi:application --host 127.0.0.1 "
        "--port 8822 --reload --timeout-graceful-shutdown 1")


def test_a_site_url_given_wins(tmp_path):
    served = _run(tmp_path, "8822", SITE_URL="https://scrum.example.com")
    assert served.startswith("https://scrum.example.com ")


def test_it_serves_in_demo_mode_so_the_sign_in_page_names_the_demo_accounts(tmp_path):
    _run(tmp_path, "8822")
    assert (tmp_path / "demo.txt").read_text().strip() == "true"
