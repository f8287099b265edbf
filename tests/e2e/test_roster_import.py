"""HR imports the agency's 40-person staff spreadsheet in the browser: the preview names the
three bad rows and their columns and nothing is written; the fixed file creates 40 people with
their reporting lines; the same file again reports 40 unchanged."""

import pytest
from playwright.sync_api import expect

from peerwork.models import StaffMember
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.peerwork.roster_files import as_csv, roster_rows


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(page, live_server, path):
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Import a staff spreadsheet").click()
    page.get_by_label("The staff spreadsheet (CSV or XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and match the columns").click()
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    # The file's headers were recognised: the matching is already chosen.
    expect(page.get_by_label("Supervisor (employee number or email)")).to_have_value("Supervisor")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible()


def test_hr_imports_a_40_person_roster_fixes_3_rows_and_imports_again(
    world, live_server, page, tmp_path
):
    before = StaffMember.objects.count()
    rows = roster_rows(40)
    bad = [dict(row) for row in rows]
    bad[9]["Program"] = "Harbor Seals"  # row 11
    bad[19]["Supervisor"] = "E0404"  # row 21
    bad[29]["Start date"] = "2024-02-30"  # row 31
    bad_file = tmp_path / "roster-bad.csv"
    bad_file.write_bytes(as_csv(bad))
    good_file = tmp_path / "roster.csv"
    good_file.write_bytes(as_csv(rows))

    log_in(page, live_server, "hr", PASSWORD)
    _upload(page, live_server, bad_file)
    expect(page.get_by_role("heading", name="3 problems to fix: nothing is saved")).to_be_visible()
    problems = page.locator("#roster-problems tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("Row 11")
    expect(problems.nth(0)).to_contain_text("Program")
    expect(problems.nth(0)).to_contain_text("Unknown program “Harbor Seals”")
    expect(problems.nth(1)).to_contain_text("Row 21")
    expect(problems.nth(1)).to_contain_text("Supervisor “E0404” not found")
    expect(problems.nth(2)).to_contain_text("Row 31")
    expect(problems.nth(2)).to_contain_text("Start date")
    expect(page.get_by_role("button", name="Confirm the import")).to_have_count(0)
    assert StaffMember.objects.count() == before

    _upload(page, live_server, good_file)
    expect(page.locator("#roster-counts")).to_contain_text("40 new, 0 changed, 0 unchanged.")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Imported: 40 new, 0 changed, 0 unchanged.")).to_be_visible()
    assert StaffMember.objects.count() == before + 40
    imported = StaffMember.objects.filter(employee_number__startswith="E").select_related(
        "supervisor"
    )
    lines = {
        s.employee_number: s.supervisor.employee_number if s.supervisor else "" for s in imported
    }
    assert lines == {row["Employee number"]: row["Supervisor"] for row in rows}

    _upload(page, live_server, good_file)
    expect(page.locator("#roster-counts")).to_contain_text("0 new, 0 changed, 40 unchanged.")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Imported: 0 new, 0 changed, 40 unchanged.")).to_be_visible()
    assert StaffMember.objects.count() == before + 40

    # The directory exports the same columns.
    page.goto(f"{live_server.url}/staff/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these people (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Employee number,Full name,Preferred name")
    assert "E0040,Person Number40" in text
