"""Helpers for competencies tests: small documents and a version marked in use."""

import copy
import datetime
import itertools
import json
from pathlib import Path

from django.conf import settings

from evaluations.models import EvaluationCycle

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
_serial = itertools.count(1)


def shipped_document(name):
    """A shipped file as a Python object (name like 'frameworks/wpf-core-competencies--2023')."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def small_document(slug="test-form", label="1", status="draft", scale_code="test-scale"):
    """A valid two-category framework document."""
    return copy.deepcopy(
        {
            "format": "peerwork.framework/1",
            "rating_scales": [
                {
                    "code": scale_code,
                    "name": "Test scale",
                    "description": "",
                    "levels": [
                        {
                            "code": "yes",
                            "label": "Yes",
                            "definition": "Done.",
                            "counts_as_score": True,
                            "score": 1,
                            "requires_comment": False,
                            "rarely_used": False,
                        },
                        {
                            "code": "not-yet",
                            "label": "Not yet",
                            "definition": "",
                            "counts_as_score": False,
                            "score": None,
                            "requires_comment": True,
                            "rarely_used": False,
                        },
                    ],
                }
            ],
            "framework": {
                "slug": slug,
                "name": "Test form",
                "publisher": "Tests",
                "subject": "individual",
                "description": "",
            },
            "version": {
                "label": label,
                "status": status,
                "source": "tests",
                "introduction": "Intro.",
                "instructions": "",
                "rating_scale": scale_code,
                "repairs": [],
                "categories": [
                    {
                        "numeral": "I",
                        "title": "First",
                        "description": "",
                        "competencies": [
                            {"number": "1", "statement": "Listens.", "prompts": []},
                            {"number": "2", "statement": "Shares.", "prompts": []},
                        ],
                    },
                    {
                        "numeral": "II",
                        "title": "Second",
                        "description": "",
                        "competencies": [{"number": "1", "statement": "Supports.", "prompts": []}],
                    },
                ],
            },
        }
    )


def put_in_use(version, agency):
    """Make an evaluation cycle on `version`, as the evaluations app does."""
    return EvaluationCycle.objects.create(
        agency=agency,
        name=f"Cycle {next(_serial)} on {version}",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        framework_version=version,
        due_date=datetime.date(2027, 1, 31),
    )
