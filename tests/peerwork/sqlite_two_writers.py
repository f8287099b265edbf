"""Run by tests/peerwork/test_sqlite_concurrency.py in its own process: two threads save
through Django to a real SQLite file configured by peerwork.settings.

usage: python sqlite_two_writers.py FILE [deferred]
Prints one JSON line: {"journal_mode": ..., "errors": [...], "total": N}.
"deferred" switches IMMEDIATE off: the control that shows the check can fail.
"""

import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
path = sys.argv[1]
os.environ["DATABASE_URL"] = f"sqlite:///{path}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")

from django.conf import settings  # noqa: E402

if "deferred" in sys.argv[2:]:
    settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

ROUNDS = 40
errors = []

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)")
    cursor.execute("INSERT OR REPLACE INTO counter (id, n) VALUES (1, 0)")
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
connection.close()

barrier = threading.Barrier(2)


def save_many():
    barrier.wait()
    for _ in range(ROUNDS):
        try:
            # What a save does: read the row, then write it back, in one transaction.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")
                n = cursor.fetchone()[0]
                cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except Exception as error:
            errors.append(str(error))
    connections.close_all()


threads = [threading.Thread(target=save_many) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter WHERE id = 1")
    total = cursor.fetchone()[0]
print(json.dumps({"journal_mode": journal_mode, "errors": errors[:5], "total": total}))
