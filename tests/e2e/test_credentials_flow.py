"""Credentials in a real browser: HR records a credential (a renamed executable is refused,
every value kept), the person enters CE hours, their supervisor verifies them, and the
dashboard fits a phone."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.credentials.factories import CA, ICRC, ce, issue, load_types, pdf_bytes
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


@pytest.fixture
def populations(db):
    """A browser test's database is emptied after it, populations (made by a migration)
    included: the next test's world needs them back."""
    call_command("load_populations", stdout=io.StringIO())


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4000


def _file(name, content, mime):
    return {"name": name, "mimeType": mime, "buffer": content}


def test_hr_records_a_credential_the_person_enters_hours_the_supervisor_verifies(
    populations, world, live_server, new_page
):
    load_types()
    hr = new_page()
    log_in(hr, live_server, "hr", PASSWORD)
    hr.goto(f"{live_server.url}/staff/{world.peer_a_staff.pk}/")
    hr.get_by_role("link", name="Credentials and CE hours").click()
    hr.get_by_role("link", name="Add a credential").click()
    hr.get_by_label("Credential type").select_option(
        label="California Medi-Cal Peer Support Specialist"
    )
    hr.get_by_label("Credential number").fill("CA-PSS-31337")
    hr.get_by_label("Certification category").select_option(label="Adult Peer Support Specialists")
    hr.get_by_label("Crisis Care").check()
    issued = timezone.localdate() - datetime.timedelta(days=300)
    hr.get_by_label("Issued on").fill(issued.isoformat())
    hr.get_by_label("Certificate", exact=True).set_input_files(
        _file("certificate.pdf", EXECUTABLE, "application/pdf")
    )
    hr.get_by_role("button", name="Save the credential").click()
    expect(hr.get_by_text("This file is not a PDF or a picture")).to_be_visible()
    expect(hr.get_by_label("Credential number")).to_have_value("CA-PSS-31337")
    expect(hr.get_by_label("Crisis Care")).to_be_checked()
    hr.get_by_label("Certificate", exact=True).set_input_files(
        _file("certificate.pdf", pdf_bytes(), "application/pdf")
    )
    hr.get_by_role("button", name="Save the credential").click()
    expect(hr.get_by_text("The credential is recorded.")).to_be_visible()
    expect(hr.locator(".period").first).to_contain_text("0 of 20 hours, law and ethics 0 of 6")
    with hr.expect_download() as download:
        hr.get_by_role("link", name="Download the certificate").click()
    assert open(download.value.path(), "rb").read() == pdf_bytes()

    peer = new_page()
    log_in(peer, live_server, "peer_a", PASSWORD)
    peer.get_by_role("link", name="My credentials").click()
    peer.get_by_role("link", name="Enter CE hours").click()
    peer.get_by_label("Course or activity").fill("Law and ethics for peer providers")
    peer.get_by_label("Provider").fill("State peer network")
    peer.get_by_label("Date completed").fill(
        (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    )
    peer.get_by_label("Hours").fill("3")
    peer.get_by_label("CE category").select_option(label="Ethics (law and ethics)")
    peer.get_by_role("button", name="Save the hours").click()
    expect(peer.get_by_text("3 more hours wait for verification.")).to_be_visible()
    expect(peer.get_by_role("button", name="Verify")).to_have_count(0)

    supervisor = new_page()
    log_in(supervisor, live_server, "sup_a2", PASSWORD)
    supervisor.get_by_role("link", name="Credentials", exact=True).click()
    supervisor.get_by_role("link", name="Amani Achebe").click()
    supervisor.get_by_role("button", name="Verify").click()
    expect(supervisor.get_by_text("The hours are verified.")).to_be_visible()
    expect(supervisor.locator(".credential")).to_contain_text(
        "3 of 20 hours, law and ethics 3 of 6"
    )


def test_the_dashboard_fits_a_phone(populations, world, live_server, new_page):
    today = timezone.localdate()
    for staff, days in ((world.peer_a_staff, 20), (world.peer_b_staff, -4)):
        ends_on = today + datetime.timedelta(days=days)
        issue(staff, CA, ends_on - datetime.timedelta(days=729), ends_on=ends_on)
    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, live_server, "hr", PASSWORD)
    phone.goto(f"{live_server.url}/credentials/?show=90")
    expect(phone.get_by_role("heading", name="Credentials", level=1)).to_be_visible()
    expect(phone.locator("#credentials")).to_contain_text("Amani Achebe")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


COURSE = "Ethics, Boundaries, and Confidentiality"


def test_attendance_at_the_ethics_course_adds_four_hours_of_law_and_ethics(
    populations, world, live_server, new_page
):
    """After HR schedules a session of the ethics course, enrolls two people and takes
    attendance (the training flow), both credential pages show 4 more hours of (law and)
    ethics."""
    call_command("load_training_catalog", stdout=io.StringIO())
    today = timezone.localdate()
    issued = today - datetime.timedelta(days=200)
    credentials = {
        "Amani Achebe": issue(world.peer_a_staff, CA, issued),
        "Bo Baptiste": issue(world.peer_b_staff, ICRC, issued),
    }
    ce(world.peer_a_staff, issued + datetime.timedelta(days=5), 2, "ethics")
    before = {
        "Amani Achebe": "2 of 20 hours, law and ethics 2 of 6",
        "Bo Baptiste": "0 of 20 hours, ethics 0 of 6",
    }
    after = {
        "Amani Achebe": "6 of 20 hours, law and ethics 6 of 6",
        "Bo Baptiste": "4 of 20 hours, ethics 4 of 6",
    }
    hr = new_page()
    log_in(hr, live_server, "hr", PASSWORD)
    for name, credential in credentials.items():
        hr.goto(f"{live_server.url}{credential.get_absolute_url()}")
        expect(hr.locator(".period").first).to_contain_text(before[name])

    hr.get_by_role("link", name="Training", exact=True).click()
    hr.get_by_role("link", name=COURSE).click()
    hr.get_by_role("link", name="Schedule a session").click()
    hr.get_by_label("Date").fill(today.isoformat())
    hr.get_by_label("Starts at").fill("00:00")
    hr.get_by_label("Last day").fill(today.isoformat())
    hr.get_by_label("Ends at").fill("23:30")
    hr.get_by_label("Place").fill("Harbor training room")
    hr.get_by_role("button", name="Schedule").click()
    expect(hr.get_by_role("heading", level=1)).to_have_text(COURSE)
    for name in credentials:
        hr.get_by_label("Person").select_option(label=name)
        hr.get_by_role("button", name="Enroll").click()
        expect(hr.locator("#enrollments")).to_contain_text(name)
    hr.get_by_role("link", name="Take attendance").click()
    for name in credentials:
        hr.get_by_role("radiogroup", name=f"Attendance of {name}").get_by_label("Present").check()
    hr.get_by_role("button", name="Save attendance").click()
    expect(hr.get_by_text("Attendance saved (2 changed).")).to_be_visible()

    for name, credential in credentials.items():
        hr.goto(f"{live_server.url}{credential.get_absolute_url()}")
        expect(hr.locator(".period").first).to_contain_text(after[name])
    # The person sees it on their own page, the hours marked as training at the agency.
    peer = new_page()
    log_in(peer, live_server, "peer_a", PASSWORD)
    peer.get_by_role("link", name="My credentials").click()
    expect(peer.locator(".credential")).to_contain_text(after["Amani Achebe"])
    expect(peer.locator("#ce-log")).to_contain_text(COURSE)
    expect(peer.locator("#ce-log")).to_contain_text("Training at the agency")
