"""The shipped WISE template matches the seed, item for item, in order, in its phases.

SEED is copied verbatim from seed 002 (lines 1494-1591, "RECOMMENDED PEER ONBOARDING
PROCEDURES") into seed_002_onboarding_procedures.txt beside this test.
The parser below reads it the way a person reads the handout; the only repairs are the
ones the fixture lists: markdown "**" and "<...>" autolink brackets from extraction, the timing
lead-ins "DAY ONE:" / "WEEK ONE:" that set the phase instead of starting the task, and web
addresses that become links beside the text.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from onboarding import fixtures_io
from onboarding.models import Audience, ChecklistTemplate
from peerwork.versioning import VersionStatus

SEED = (Path(__file__).parent / "seed_002_onboarding_procedures.txt").read_text(encoding="utf-8")

PHASE_HEADINGS = {
    "PRE-SELECTION": "pre_selection",
    "POST-SELECTION": "post_selection",
    "POST-HIRE: FIRST 30 DAYS – ONBOARDING & ORIENTATION": "first_30_days",
    "POST-HIRE: FIRST 90 DAYS AND BEYOND": "first_90_days",
}


URL = re.compile(r"\s*\(<(https?://[^>]+)>\)|\s+<(https?://[^>]+)>(?=\))")
LEAD_INS = {"DAY ONE: ": "day_one", "WEEK ONE: ": "week_one"}


def _repair(text):
    """(text, links): the line as the fixture ships it, and the addresses it printed."""
    text = text.replace("**", "")
    links = [m.group(1) or m.group(2) for m in URL.finditer(text)]
    return URL.sub("", text), links


def seed_items():
    """[(phase, text, links, [(detail, links)])] in the seed's order."""
    items = []
    phase = None
    for line in SEED.splitlines():
        if line.strip() in PHASE_HEADINGS:
            phase = PHASE_HEADINGS[line.strip()]
        elif line.startswith("- "):
            text, links = _repair(line[2:])
            item_phase = phase
            for lead_in, lead_phase in LEAD_INS.items():
                if text.startswith(lead_in):
                    text, item_phase = text.removeprefix(lead_in), lead_phase
            items.append((item_phase, text, links, []))
        elif line.startswith(" - "):
            items[-1][3].append(_repair(line[3:]))
    return items


def _questions(text_start):
    item = next(i for i in seed_items() if i[1].startswith(text_start))
    return [text for text, _links in item[3]]


def test_seed_parser_reads_the_handout():
    items = seed_items()
    assert len(items) == 25
    assert sum(len(details) for _p, _t, _l, details in items) == 56
    assert sum(len(links) for _p, _t, links, _d in items) == 3
    assert sum(len(links) for *_, details in items for _t, links in details) == 3
    phases = [p for p, _t, _l, _d in items]
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
    template = ChecklistTemplate.objects.get(slug="wise-peer-onboarding", version=2)
    assert template.status == VersionStatus.PUBLISHED
    loaded = [
        (item.phase, item.text, item.links, [(d.text, d.links) for d in item.details.all()])
        for item in template.items.prefetch_related("details").order_by("order")
    ]
    expected = seed_items()
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
    data = json.loads((fixtures_io.FIXTURE_DIR / "wise-peer-onboarding--2.json").read_text())
    raw = SEED
    assert "DAY ONE:**" in raw and "WEEK ONE:**" in raw and "(<http" in raw
    fixture_text = json.dumps(data["items"], ensure_ascii=False)
    assert "**" not in fixture_text and "<http" not in fixture_text
    assert "DAY ONE" not in fixture_text and "WEEK ONE" not in fixture_text
    assert not any("http" in item["text"] for item in data["items"])
    repairs = " ".join(data["repairs"])
    for names_the_change in ('"DAY ONE:"', '"WEEK ONE:"', "links", "1498", "1535", "**"):
        assert names_the_change in repairs


def _offsets():
    data = json.loads((fixtures_io.FIXTURE_DIR / "wise-peer-onboarding--2.json").read_text())
    return {
        item["text"].split(" (")[0].split(";")[0]: item["due_offset_days"] for item in data["items"]
    }


def test_due_days_follow_the_hiring_sequence():
    due = _offsets()
    before = [
        (
            "Determine duties and activities peer will perform",
            "Develop and disseminate job/volunteer announcement and employment/volunteer"
            " applications",
        ),
        (
            "Review applications and select interview candidates",
            "Convene a hiring panel and conduct interviews",
        ),
        (
            "Convene a hiring panel and conduct interviews",
            "Check references and extend offer contingent upon outcome of background check",
        ),
        (
            "Check references and extend offer contingent upon outcome of background check",
            "Conduct background check and ensure applicant passes",
        ),
        ("Conduct background check and ensure applicant passes", "Confirm start date"),
        (
            "Make logistical preparations for onboarding",
            "Provide orientation binder and onboarding materials",
        ),
        (
            "Provide orientation binder and onboarding materials",
            "Send peer to WISE Peer Orientation Program, which includes the following topics:",
        ),
    ]
    for first, then in before:
        assert due[first] < due[then], (first, then)
    pre_selection = [d for text, d in due.items() if d < -14]
    assert len(set(pre_selection)) >= 6, "pre-selection items no longer all fall on one day"
    after_week_one = sorted(d for d in due.values() if d > 5)
    assert after_week_one[0] <= 30 and len(set(after_week_one)) >= 3
    assert max(due.values()) == 90
    data = json.loads((fixtures_io.FIXTURE_DIR / "wise-peer-onboarding--2.json").read_text())
    assert "product default" in data["defaults_note"]
