"""The shipped WISE template matches the seed, item for item, in order, in its phases.

SEED is copied verbatim from seed 002 (lines 1494-1591, "RECOMMENDED PEER ONBOARDING
PROCEDURES") into seed_002_onboarding_procedures.txt beside this test.
The parser below reads it the way a person reads the handout; the only repairs are the
ones the fixture lists (markdown "**" and "<...>" autolink brackets from extraction).
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from onboarding import fixtures_io
from onboarding.models import Audience, ChecklistTemplate, TemplateStatus

SEED = (Path(__file__).parent / "seed_002_onboarding_procedures.txt").read_text(encoding="utf-8")

PHASE_HEADINGS = {
    "PRE-SELECTION": "pre_selection",
    "POST-SELECTION": "post_selection",
    "POST-HIRE: FIRST 30 DAYS – ONBOARDING & ORIENTATION": "first_30_days",
    "POST-HIRE: FIRST 90 DAYS AND BEYOND": "first_90_days",
}


def _repair(text):
    return re.sub(r"<(https?://[^>]+)>", r"\1", text.replace("**", ""))


def seed_items():
    """[(phase, text, [details])] in the seed's order."""
    items = []
    phase = None
    for line in SEED.splitlines():
        if line.strip() in PHASE_HEADINGS:
            phase = PHASE_HEADINGS[line.strip()]
        elif line.startswith("- "):
            text = _repair(line[2:])
            item_phase = phase
            if text.startswith("DAY ONE:"):
                item_phase = "day_one"
            elif text.startswith("WEEK ONE:"):
                item_phase = "week_one"
            items.append((item_phase, text, []))
        elif line.startswith(" - "):
            items[-1][2].append(_repair(line[3:]))
    return items


def _questions(text_start):
    item = next(i for i in seed_items() if i[1].startswith(text_start))
    return item[2]


def test_seed_parser_reads_the_handout():
    items = seed_items()
    assert len(items) == 25
    assert sum(len(details) for _p, _t, details in items) == 56
    phases = [p for p, _t, _d in items]
    assert phases == sorted(
        phases,
        key=[
            "pre_selection",
            "post_selection",
            "day_one",
            "week_one",
            "first_30_days",
            "first_90_days",
        ].index,
    )


@pytest.mark.django_db
def test_shipped_template_matches_the_seed_item_for_item():
    call_command("load_onboarding_templates", stdout=open("/dev/null", "w"))
    template = ChecklistTemplate.objects.get(slug="wise-peer-onboarding", version=1)
    assert template.status == TemplateStatus.PUBLISHED
    loaded = [
        (item.phase, item.text, [d.text for d in item.details.all()])
        for item in template.items.prefetch_related("details").order_by("order")
    ]
    expected = [(p, t, d) for p, t, d in seed_items()]
    for number, (got, want) in enumerate(zip(loaded, expected, strict=True), start=1):
        assert got == want, f"item {number} differs from the seed"
    peer = list(
        template.checkin_questions.filter(audience=Audience.PEER)
        .order_by("order")
        .values_list("text", flat=True)
    )
    non_peer = list(
        template.checkin_questions.filter(audience=Audience.NON_PEER)
        .order_by("order")
        .values_list("text", flat=True)
    )
    assert peer == _questions("Conduct frequent (weekly, biweekly, or monthly) check-ins")
    assert non_peer == _questions("Conduct occasional check-ins with non-peer staff")
    assert len(peer) == 10 and len(non_peer) == 4


def test_every_repair_the_fixture_lists_is_a_real_difference_from_the_seed():
    data = json.loads((fixtures_io.FIXTURE_DIR / "wise-peer-onboarding--1.json").read_text())
    raw = SEED
    assert "DAY ONE:**" in raw and "WEEK ONE:**" in raw and "(<http" in raw
    fixture_text = json.dumps(data["items"], ensure_ascii=False)
    assert "**" not in fixture_text and "<http" not in fixture_text
    assert data["repairs"], "the fixture must list its repairs"
