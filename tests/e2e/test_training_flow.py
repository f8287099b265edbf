"""HR schedules a session of "Ethics, Boundaries, and Confidentiality", enrolls two people and
takes attendance; each certificate of completion reads back with the name, course and hours."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from training.models import Attendance, AttendanceStatus

COURSE = "Ethics, Boundaries, and Confidentiality"


def _pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_hr_schedules_enrolls_takes_attendance_and_certificates_read_back(
    world, live_server, new_page
):
    call_command("load_training_catalog", stdout=io.StringIO())
    today = timezone.localdate()

    hr = new_page()
    log_in(hr, live_server, "hr", PASSWORD)
    hr.get_by_role("link", name="Training", exact=True).click()
    expect(
        hr.get_by_role("heading", name="WISE Professional Development Training Menu")
    ).to_be_visible()
    hr.get_by_role("link", name=COURSE).click()
    expect(hr.get_by_text("This interactive workshop covers peer support ethics")).to_be_visible()
    hr.get_by_role("link", name="Schedule a session").click()
    expect(hr.get_by_label("Course")).to_have_value(str(hr.url.split("course=")[1]))

    # Under way now (it started this morning and runs to tomorrow), so attendance can be taken.
    hr.get_by_label("Date").fill(today.isoformat())
    hr.get_by_label("Starts at").fill("00:00")
    hr.get_by_label("Last day").fill((today + datetime.timedelta(days=1)).isoformat())
    hr.get_by_label("Ends at").fill("16:00")
    hr.get_by_role("button", name="Schedule").click()
    # Neither a place nor a link: refused, the times kept.
    expect(hr.get_by_text("Give the place, an online link, or both.")).to_be_visible()
    expect(hr.get_by_label("Starts at")).to_have_value("00:00")
    hr.get_by_label("Place").fill("Harbor training room")
    hr.get_by_label("Trainer on staff").select_option(label="Bea Bishop")
    hr.get_by_role("button", name="Schedule").click()
    expect(hr.get_by_role("heading", level=1)).to_have_text(COURSE)
    # Seats and hours come from the menu: Min 10 / Max 30, 4 hours.
    expect(hr.locator("#seats")).to_contain_text("0 of 30 taken")
    expect(hr.locator("#seats")).to_contain_text("at least 10 needed")

    for name in ("Amani Achebe", "Bo Baptiste"):
        hr.get_by_label("Person").select_option(label=name)
        hr.get_by_role("button", name="Enroll").click()
        expect(hr.locator("#enrollments")).to_contain_text(name)
    expect(hr.locator("#seats")).to_contain_text("2 of 30 taken")

    hr.get_by_role("link", name="Take attendance").click()
    hr.get_by_role("radiogroup", name="Attendance of Amani Achebe").get_by_label("Present").check()
    hr.get_by_role("radiogroup", name="Attendance of Bo Baptiste").get_by_label("Present").check()
    hr.get_by_role("button", name="Save attendance").click()
    expect(hr.get_by_text("Attendance saved (2 changed).")).to_be_visible()

    assert sorted(
        Attendance.objects.values_list("staff__full_name", "status", "hours_credited")
    ) == [
        ("Amani Achebe", AttendanceStatus.PRESENT, 4),
        ("Bo Baptiste", AttendanceStatus.PRESENT, 4),
    ]
    for name in ("Amani Achebe", "Bo Baptiste"):
        row = hr.locator("#enrollments tr", has_text=name)
        with hr.expect_download() as download:
            row.get_by_role("link", name="Certificate (PDF)").click()
        text = _pdf_text(download.value.path())
        assert name in text
        assert COURSE in text
        assert "4 hours" in text

    # The person finds it on their own training page too.
    peer = new_page()
    log_in(peer, live_server, "peer_a", PASSWORD)
    peer.goto(f"{live_server.url}/training/mine/")
    expect(peer.locator("#completed")).to_contain_text(COURSE)
    expect(peer.get_by_text("4 hours in all.")).to_be_visible()
