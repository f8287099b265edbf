"""The W3C Nu HTML checker reports no error on one page per URL pattern.

The checker is the npm package vnu-jar run on Java; `make test` installs both (a missing
checker is a failure, not a skip). VNU_JAR overrides where the jar is looked for.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pages.walk import rendered_pages

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


def _checker():
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail(
            f"The Nu HTML checker needs Java and {VNU_JAR}: `make test` installs both "
            "(Debian's default-jre-headless, npm's vnu-jar)."
        )
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def test_every_page_is_valid_html(world, login, tmp_path):
    checker = _checker()
    names = {}
    for number, page in enumerate(rendered_pages(world, login)):
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(page.html)
        names[path.name] = page.name
    assert len(names) > 20
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: "
        f"{m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems[:80])
