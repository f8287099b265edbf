"""The Spanish catalogs hold every message of the source as it is now.

The other catalog tests check what the .po files contain; this one checks that nothing is
missing from them: a string wrapped for translation after the last `makemessages` would show
in English on a Spanish page. It runs the README's `makemessages` commands on a copy of the
source and compares the messages found with the committed catalogs.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.i18n.pofile import parse

ROOT = Path(__file__).resolve().parents[2]
SKIP = (".git", ".venv", ".tools", "node_modules", "staticfiles", "test-artifacts", "media")
IGNORES = ["--ignore=.venv", "--ignore=.tools", "--ignore=static/vendor", "--ignore=staticfiles"]


def _messages(path):
    return {
        (entry.msgctxt, entry.msgid) for entry in parse(path) if entry.msgid and not entry.obsolete
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    if shutil.which("xgettext") is None:
        pytest.fail(
            "GNU gettext (xgettext) is missing: `make test` installs it (Debian 'gettext')."
        )
    copy = tmp_path_factory.mktemp("source") / "peerwork"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*SKIP, "__pycache__", "*.pyc", "*.mo")
    )
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "es", "-d", domain, *IGNORES],
            cwd=copy,
            check=True,
            capture_output=True,
            timeout=900,
        )
    return copy / "locale" / "es" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_catalog_holds_every_message_of_the_source(extracted, domain):
    committed = _messages(ROOT / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po")
    found = _messages(extracted / f"{domain}.po")
    missing = sorted(msgid for _context, msgid in found - committed)
    assert missing == [], f"run makemessages and translate: {missing[:20]}"
    stale = sorted(msgid for _context, msgid in committed - found)
    assert stale == [], f"messages no longer in the source (run makemessages): {stale[:20]}"
