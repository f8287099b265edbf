"""SQLite holds two users at once: two threads saving through the real SQLite file (not the
test database) with the app's settings never see "database is locked", and no save is lost.
"""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("sqlite_two_writers.py")
ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, *args):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "db.sqlite3"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_threads_saving_at_once_never_see_database_is_locked(tmp_path):
    outcome = _run(tmp_path)
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["total"] == 80  # every save of both threads is there


def test_without_immediate_transactions_the_same_saves_fail(tmp_path):
    """The control: the check above can fail. With SQLite's default (deferred) transactions a
    read-then-write collides and SQLite refuses at once, whatever the busy timeout."""
    outcome = _run(tmp_path, "deferred")
    assert any("database is locked" in error for error in outcome["errors"])
