"""The core depends on no app: only peerwork/access/ may read the apps' models."""

import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
# The check from issue 18, exactly as anyone can run it.
CHECK = (
    r'grep -rnE "^\s*(from|import) (evaluations|onboarding|assessments|competencies|training'
    r'|credentials|supervision)" peerwork --include=*.py | grep -v "peerwork/access/"'
)


def test_the_core_imports_no_app_outside_access():
    found = subprocess.run(
        ["bash", "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert found.stderr == ""
    assert found.stdout == ""


def test_the_check_finds_an_app_import(tmp_path):
    # The same pipeline on a copy with one app import: it must print it (the check can fail).
    core = tmp_path / "peerwork"
    (core / "access").mkdir(parents=True)
    (core / "bad.py").write_text("from evaluations.models import Evaluation\n")
    (core / "access" / "fine.py").write_text("    from evaluations.models import Evaluation\n")
    found = subprocess.run(["bash", "-c", CHECK], cwd=tmp_path, capture_output=True, text=True)
    assert found.stdout.strip() == "peerwork/bad.py:1:from evaluations.models import Evaluation"


def test_the_benchmark_is_not_installed_in_the_app():
    assert "benchmarks" not in settings.INSTALLED_APPS
    assert not any(path.startswith("benchmarks") for path in settings.INSTALLED_APPS)
