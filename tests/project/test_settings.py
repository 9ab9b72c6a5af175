import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x9!k2@r7#p4$w1%z8^q5&m3*v6(n0)b-c+d=e_f]g[h{i}j|k;l:m,n.o/p?q" * 2,
    "ALLOWED_HOSTS": "metascrum.example.com",
    "DATABASE_URL": "sqlite:////tmp/metascrum-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env_overrides):
    leaky = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last from browser tests
    env = {k: v for k, v in os.environ.items() if k not in leaky}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    overrides = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env_overrides=overrides)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_healthz_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"
