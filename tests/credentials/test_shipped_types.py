"""The shipped credential rules, number by number, and the SB-614 categories as seed 004 has
them; every rule has a source line and every type a note to verify with the board."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from credentials import fixtures_io
from credentials.models import CourseCECategory, CredentialType
from peerwork.versioning import VersionStatus
from tests.credentials.factories import CA, ICRC, PA, TX, WI_CPPS, WI_CPS, load_types

pytestmark = pytest.mark.django_db

# The seed's excerpt, copied beside the test: a checkout need not sit next to shared/.
SEED_004 = Path(__file__).with_name("seed_004_certification_categories.txt")


def _requirements(credential_type):
    return [
        (r.category.code if r.category else None, r.label, r.min_hours)
        for r in credential_type.requirements.select_related("category").order_by("order")
    ]


def test_the_five_kinds_of_credential_with_the_issue_numbers():
    types = load_types()
    assert set(types) == {CA, WI_CPS, WI_CPPS, ICRC, PA, TX}
    expected = {
        # slug: (months, total hours, requirements)
        CA: (24, 20, [("ethics", "Law and ethics", 6)]),
        WI_CPS: (24, 20, []),
        WI_CPPS: (24, 20, []),
        ICRC: (24, 20, [("ethics", "Ethics", 6)]),
        PA: (
            24,
            36,
            [
                ("peer-recovery", "Peer or recovery", 24),
                ("ethics", "Ethics", 3),
                (None, "Elective", 9),
            ],
        ),
        TX: (24, 20, [("ethics", "Ethics", 3)]),
    }
    for slug, (months, hours, requirements) in expected.items():
        credential_type = types[slug]
        assert credential_type.renewal_period_months == months, slug
        assert credential_type.total_ce_hours == Decimal(hours), slug
        assert _requirements(credential_type) == [
            (code, label, Decimal(minimum)) for code, label, minimum in requirements
        ], slug
        assert credential_type.verify_note.startswith("Verify with"), slug
        for field in ("renewal_period_source", "total_ce_hours_source", "renewal_window_source"):
            assert getattr(credential_type, field), (slug, field)
        assert all(r.source for r in credential_type.requirements.all()), slug
    names = {slug: t.name for slug, t in types.items()}
    assert names[WI_CPS] == "Wisconsin Certified Peer Specialist"
    assert names[WI_CPPS] == "Wisconsin Certified Parent Peer Specialist"


def test_california_rules():
    ca = load_types()[CA]
    assert ca.state == "CA" and ca.renewal_window_days == 90
    assert "60" in ca.renewal_window_source and "90" in ca.renewal_window_source
    assert ca.ce_retention_months == 24
    assert ca.specializations == [
        "Parent/Caregiver/Family Member",
        "Crisis Care",
        "Unhoused",
        "Justice-Involved",
    ]


def test_california_categories_are_the_sb_614_categories_of_seed_004():
    lines = [line.strip() for line in SEED_004.read_text(encoding="utf-8").splitlines()]
    start = lines.index("Certification Categories:") + 1
    seed = lines[start : start + 4]
    assert seed == [
        "Adult Peer Support Specialists",
        "Transition-Age Youth Peer Support Specialists",
        "Family Peer Support Specialists",
        "Parent Peer Support Specialists",
    ]
    assert load_types()[CA].categories == seed
    assert "seed 004" in load_types()[CA].categories_source


def test_texas_initial_certificate_and_supervision_cadence():
    tx = load_types()[TX]
    assert (tx.initial_period_months, tx.initial_supervised_hours) == (6, 250)
    assert (tx.initial_supervision_cadence_days, tx.supervision_cadence_days) == (7, 30)
    assert "1 TAC 354.3103" in tx.supervision_source
    assert tx.initial_source


def test_the_ethics_course_counts_as_law_and_ethics_a_marked_product_default():
    load_types()
    mapping = CourseCECategory.objects.get(course_code="ethics-boundaries-and-confidentiality")
    assert mapping.category.code == "ethics" and mapping.product_default


def test_loading_again_changes_nothing_and_a_used_version_cannot_change(tmp_path):
    from tests.credentials.factories import day, issue
    from tests.factories import StaffMemberFactory

    call_command("load_credential_types")
    assert fixtures_io.load_all() == [(0, 0, 6)]
    issue(StaffMemberFactory(), CA, day("2025-01-06"))
    source = next(fixtures_io.FIXTURE_DIR.glob("*.json")).read_text(encoding="utf-8")
    changed = tmp_path / "changed.json"
    changed.write_text(
        source.replace(
            '"min_hours": "6", "source": "CalMHSA', '"min_hours": "8", "source": "CalMHSA'
        )
    )
    with pytest.raises(fixtures_io.FixtureError, match="used by credentials"):
        fixtures_io.load_all([changed])
    assert CredentialType.objects.get(slug=CA).requirements.get().min_hours == 6
    assert CredentialType.objects.filter(status=VersionStatus.PUBLISHED).count() == 6


def test_a_broken_fixture_gets_a_clear_message(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "peerwork.credentials/1", "types": [{"slug": "x"}]}')
    with pytest.raises(fixtures_io.FixtureError, match="version must be a whole number"):
        fixtures_io.load_all([broken])
    broken.write_text("{not json")
    with pytest.raises(fixtures_io.FixtureError, match="cannot read JSON"):
        fixtures_io.load_all([broken])


def test_every_mapped_course_is_in_the_shipped_training_catalog():
    import json

    catalog = Path(settings.BASE_DIR) / "fixtures" / "training"
    codes = set()

    def walk(node):
        if isinstance(node, dict):
            if "code" in node and "title" in node:
                codes.add(node["code"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in catalog.glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert "ethics-boundaries-and-confidentiality" in codes
    load_types()
    mapped = set(CourseCECategory.objects.values_list("course_code", flat=True))
    assert mapped and mapped <= codes, mapped - codes
