import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from peerwork.models import StaffMember, User

ROOT = Path(__file__).resolve().parents[2]


def _run(args, env):
    # The browser tests allow async-unsafe ORM calls in their own process; a deployment never does.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "s" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF",
    "ALLOWED_HOSTS": "peerwork.example.org",
    "DATABASE_URL": "sqlite:////tmp/peerwork-deploy-check.sqlite3",
}


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_refuses_to_start_without_a_real_secret_key_when_debug_is_off():
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_load_demo_is_idempotent_and_grows_on_request(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    first = (StaffMember.objects.count(), User.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert (StaffMember.objects.count(), User.objects.count()) == first
    assert first[0] == 25
    call_command("load_demo", "--staff", "120", stdout=open(os.devnull, "w"))
    assert StaffMember.objects.count() == 120
    call_command("load_demo", "--staff", "120", stdout=open(os.devnull, "w"))
    assert StaffMember.objects.count() == 120
