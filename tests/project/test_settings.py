import os
import subprocess
import sys
from pathlib import Path

from metascrum.mail_url import email_config

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x9!k2@r7#p4$w1%z8^q5&m3*v6(n0)b-c+d=e_f]g[h{i}j|k;l:m,n.o/p?q" * 2,
    "ALLOWED_HOSTS": "metascrum.example.com",
    "DATABASE_URL": "sqlite:////tmp/metascrum-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env_overrides):
    leaky = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE",  # the last from browser tests
             "METASCRUM_DEMO")
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


def test_demo_mode_is_off_by_default_and_never_on_in_production():
    read = ("shell", "--no-imports", "-c",
            "from django.conf import settings; print(settings.METASCRUM_DEMO)")
    assert run_manage(*read, env_overrides={}).stdout.strip() == "False"
    assert run_manage(*read, env_overrides={"METASCRUM_DEMO": "true"}).stdout.strip() == "True"
    production = run_manage(*read, env_overrides=PRODUCTION | {"METASCRUM_DEMO": "true"})
    assert production.stdout.strip() == "False", production.stderr


def test_healthz_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


def test_it_reads_filemail_with_three_slashes_as_an_absolute_path():
    assert email_config("filemail:///srv/mail")["EMAIL_FILE_PATH"] == "/srv/mail"


def test_it_reads_more_slashes_as_one():
    assert email_config("filemail:////srv/mail")["EMAIL_FILE_PATH"] == "/srv/mail"


def test_it_keeps_a_filemail_path_with_two_slashes_relative():
    assert email_config("filemail://var/mail")["EMAIL_FILE_PATH"] == "var/mail"


def test_it_reads_smtp_as_before():
    config = email_config("smtp+tls://user:pw@smtp.example.com:587")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (
        "smtp.example.com", 587, True)
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_it_writes_mail_to_the_absolute_directory_the_url_names(tmp_path):
    mail_dir = tmp_path / "mail"
    assert str(mail_dir).startswith("/")
    result = run_manage("sendtestemail", "someone@example.com",
                        env_overrides={"EMAIL_URL": f"filemail://{mail_dir}"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.read_text().count("someone@example.com") > 0 for p in mail_dir.iterdir()] == [
        True]
