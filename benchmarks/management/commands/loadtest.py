"""`manage.py loadtest` (`make loadtest`): many people at once, on the production stack.

In a throwaway PostgreSQL database (never the user's): the shipped data and the benchmark's
agency (2,000 staff); gunicorn with 3 workers and DEBUG off serves it on the loopback; locust
runs headless with 50 people for 3 minutes; p50/p95 per page and the error count go to
test-artifacts/loadtest.json and .md. Every process it starts is stopped, and the database
dropped, however it ends. See README, "Performance".
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import data, loadtest
from benchmarks.runner import throwaway_database

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OUTPUT = Path(settings.BASE_DIR) / "test-artifacts" / "loadtest"


def _bounded(name, low, high):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise CommandError(f"{name} must be a whole number, not {value!r}.") from None
        if not low <= number <= high:
            raise CommandError(f"{name} must be between {low} and {high}.")
        return number

    return parse


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Command(BaseCommand):
    help = (
        "Load test: gunicorn (3 workers) on a throwaway PostgreSQL database with the benchmark's "
        "agency, locust headless on the loopback; p50/p95 per page and errors to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=_bounded("--users", 1, 500), default=50)
        parser.add_argument(
            "--run-time", type=_bounded("--run-time", 10, 1800), default=180, help="Seconds."
        )
        parser.add_argument("--workers", type=_bounded("--workers", 1, 16), default=3)
        # One arrival a second: each login is a deliberately slow password hash, and fifty at
        # once would measure the queue behind them instead of the pages.
        parser.add_argument(
            "--spawn-rate", type=_bounded("--spawn-rate", 1, 50), default=1, help="People a second."
        )
        parser.add_argument("--staff", type=_bounded("--staff", 25, 20_000), default=2000)
        parser.add_argument("--output", default=str(OUTPUT), help="Path without extension.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test runs on PostgreSQL: set DATABASE_URL, e.g. "
                "postgres://postgres@127.0.0.1:5432/peerwork_loadtest (make loadtest does)."
            )
        db = connection.settings_dict
        if (db.get("HOST") or "localhost") not in LOOPBACK:
            raise CommandError(
                "The load test stays on this machine: use a PostgreSQL on 127.0.0.1."
            )
        locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which(
            "locust"
        )
        if locust is None:
            raise CommandError(
                "locust is missing: install the test extra (pip install -e '.[test]')."
            )
        self.processes = []
        with tempfile.TemporaryDirectory(prefix="peerwork-loadtest-") as tmp:
            tmp = Path(tmp)
            with throwaway_database() as name:
                try:
                    result = self.run(options, tmp, name, locust)
                finally:
                    # Before the database is dropped: gunicorn's workers hold connections.
                    for process in reversed(self.processes):
                        _stop(process)
        self.write(result, Path(options["output"]))

    def note(self, text):
        self.stderr.write(text)

    def run(self, options, tmp, name, locust):
        started = time.monotonic()
        call_command("load_shipped_data", stdout=open(os.devnull, "w"))
        world = data.build_world(options["staff"])
        self.note(f"agency of {world.staff_count} staff built in {time.monotonic() - started:.0f}s")
        plan = loadtest.visit_plan(world, options["users"])
        plan_path = tmp / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        connection.close()  # gunicorn's workers hold the connections from here on

        db = connection.settings_dict
        port = _free_port()
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}"
                f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
            ),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOADTEST_PLAN": str(plan_path),
        }
        env.pop("PEERWORK_BENCHMARKS", None)  # the served app is PeerWork alone
        root = Path(settings.BASE_DIR)
        collect_started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=root, env=env, check=True, timeout=600,
        )  # fmt: skip
        self.note(f"static files collected in {time.monotonic() - collect_started:.0f}s")
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "peerwork.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(options["workers"]),
                "--timeout", "120", "--graceful-timeout", "10", "--log-level", "warning",
            ],
            cwd=root, env=env,
        )  # fmt: skip
        self.processes.append(server)
        self._wait_for(port, server)
        self.note(
            f"gunicorn ({options['workers']} workers) on 127.0.0.1:{port}; locust: "
            f"{options['users']} people for {options['run_time']}s"
        )
        load_before = os.getloadavg()[0]
        csv_prefix = tmp / "locust"
        runner = subprocess.Popen(
            [
                locust, "-f", str(root / "benchmarks" / "locustfile.py"), "--headless",
                "--host", f"http://127.0.0.1:{port}", "--users", str(options["users"]),
                "--spawn-rate", str(options["spawn_rate"]), "--run-time", f"{options['run_time']}s",
                "--stop-timeout", "15", "--csv", str(csv_prefix), "--only-summary",
                "--loglevel", "WARNING",
            ],
            cwd=root, env=env,
        )  # fmt: skip
        self.processes.append(runner)
        try:
            runner.wait(timeout=options["run_time"] + 300)
        except subprocess.TimeoutExpired:
            raise CommandError("locust did not finish in time; stopped it.") from None
        pages, total = loadtest.read_stats(f"{csv_prefix}_stats.csv")
        failures_path = Path(f"{csv_prefix}_failures.csv")
        failures = failures_path.read_text(encoding="utf-8") if failures_path.exists() else ""
        return {
            "staff": world.staff_count,
            "users": options["users"],
            "run_time_s": options["run_time"],
            "workers": options["workers"],
            "database": "postgresql",
            "cpus": os.cpu_count(),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            "pages": pages,
            "total": total,
            "errors": (total or {}).get("failures", 0),
            "failure_details": failures.strip().splitlines()[1:],
        }

    def _wait_for(self, port, server):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped before it served anything.")
            probe = urllib.request.Request(
                f"http://127.0.0.1:{port}/accounts/login/",
                headers={"X-Forwarded-Proto": "https"},  # as the proxy sends: no redirect
            )
            try:
                urllib.request.urlopen(probe, timeout=5)
                return
            except OSError:
                time.sleep(1)
        raise CommandError("gunicorn did not answer within 2 minutes.")

    def write(self, result, output):
        output.parent.mkdir(parents=True, exist_ok=True)
        output.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        lines = [
            f"Load test: {result['users']} people for {result['run_time_s']} s, gunicorn "
            f"{result['workers']} workers, PostgreSQL, {result['staff']} staff, "
            f"{result['cpus']} CPUs (load average {result['load_average_before']} before, "
            f"{result['load_average_after']} after)",
            "",
            "| page | requests | errors | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        rows = [*sorted(result["pages"].items()), ("all", result["total"] or {})]
        for name, entry in rows:
            lines.append(
                f"| {name} | {entry.get('requests', 0)} | {entry.get('failures', 0)} "
                f"| {entry.get('p50_ms', 0):.0f} | {entry.get('p95_ms', 0):.0f} |"
            )
        lines += ["", f"errors: {result['errors']}"]
        output.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.stdout.write("\n".join(lines))
        if result["errors"]:
            raise CommandError(
                f"{result['errors']} requests failed: " + "; ".join(result["failure_details"][:5])
            )
