"""HR opens a WISE employer-competency round, five staff answer (two of them peer staff), HR
closes it, reads the results by group (peer staff withheld: fewer than three), plans an
action for one competency, and downloads the PDF report."""

import datetime
import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from peerwork.models import Role
from tests.assessments.factories import person
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, AgencyFactory

STAFF = [
    ("nadia", "Nadia Farrow", False, "Fully in place"),
    ("omar", "Omar Lindqvist", False, "Partly in place"),
    ("priya", "Priya Castellanos", False, "Fully in place"),
    ("quinn", "Quinn Abernathy", True, "Not yet"),
    ("rosa", "Rosa Delacroix", True, "Beginning"),
]


def _answer(page, live_server, username, choice, *, draft_first=False):
    log_in(page, live_server, username, PASSWORD)
    expect(page.get_by_role("heading", name="Your agency asks for your view")).to_be_visible()
    # Linked from "What needs you" and from the survey panel: either opens the same form.
    page.get_by_role("link", name="Our agency, 2026").first.click()
    expect(page.get_by_text("Your answers are anonymous.")).to_be_visible()
    items = page.locator("fieldset.assessment-item")
    expect(items).to_have_count(11)
    # The chapter's "Try this" questions are shown as prompts.
    expect(items.first.get_by_text("Try this:")).to_be_visible()
    if draft_first:
        items.nth(0).get_by_label(choice, exact=True).check()
        items.nth(0).get_by_role("textbox").fill("Peer staff ideas rarely reach the agenda.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Draft saved.")).to_be_visible()
        expect(items.nth(0).get_by_label(choice, exact=True)).to_be_checked()
    for index in range(11):
        # One item where everyone sees room to grow, so it is among the weakest.
        label = "Not yet" if index == 7 else choice
        items.nth(index).get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Thank you. Your answers are in")).to_be_visible()


def test_hr_runs_a_round_from_invitation_to_action_plan(
    live_server, new_page, shipped_frameworks
):
    agency = AgencyFactory(name="Harbor Peer Services", slug="harbor")
    person(agency, "hollis", "Hollis Reyes", peer=False, roles=[Role.HR])
    for username, name, peer, _choice in STAFF:
        person(agency, username, name, peer=peer)

    hr = new_page()
    log_in(hr, live_server, "hollis", PASSWORD)
    hr.get_by_role("link", name="Self-assessment").click()
    hr.get_by_role("link", name="Open a round").click()
    hr.get_by_label("Instrument").select_option(label=str(shipped_frameworks.wise_employer))
    hr.get_by_label("Title").fill("Our agency, 2026")
    closes = timezone.localdate() + datetime.timedelta(days=14)
    hr.get_by_label("Closing date").fill(closes.isoformat())
    for group in ["Leadership", "Supervisors", "Non-peer staff", "Peer staff"]:
        expect(hr.get_by_label(group, exact=True)).to_be_checked()
    hr.get_by_role("button", name="Open the round and invite").click()
    expect(hr.get_by_text("Round opened; 6 people invited.")).to_be_visible()
    round_url = hr.url

    for index, (username, _name, _peer, choice) in enumerate(STAFF):
        _answer(new_page(), live_server, username, choice, draft_first=index == 0)

    hr.goto(round_url)
    expect(hr.get_by_text("5 of 6 people answered.")).to_be_visible()
    hr.once("dialog", lambda dialog: dialog.accept())
    hr.get_by_role("button", name="Close the round").click()
    expect(hr.get_by_text("Round closed.")).to_be_visible()

    hr.get_by_role("link", name="See the results").click()
    expect(hr.get_by_text("Peer staff: withheld (fewer than 3 answered).")).to_be_visible()
    summary = hr.locator("table.results-summary")
    expect(summary.get_by_role("columnheader", name="Non-peer staff (n=3)")).to_be_visible()
    expect(summary.get_by_role("columnheader", name=re.compile(r"^Peer staff"))).to_have_count(0)
    # Nobody is named on the results page.
    for _username, name, _peer, _choice in STAFF:
        expect(hr.get_by_text(name)).to_have_count(0)
    expect(hr.locator("svg.assessment-chart title").first).to_have_text(
        "Item 1: answers by group"
    )

    weakest = hr.get_by_role("region", name="Where to start: the weakest items")
    weakest.get_by_role("link", name="Root-cause worksheet").first.click()
    expect(hr.get_by_role("heading", name="Analyzing Leadership Challenges")).to_be_visible()
    hr.get_by_label("Environment: Causes").fill("Peer staff sit apart from program teams.")
    hr.get_by_label("Environment: Proposed Action/Intervention").fill(
        "Seat peer staff with their program teams."
    )
    hr.get_by_label("Environment: owner").select_option(label="Hollis Reyes")
    hr.get_by_label("Environment: due date").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    hr.get_by_label("Environment: status").select_option(label="In progress")
    hr.get_by_role("button", name="Save the action plan").click()
    expect(hr.get_by_text("Action plan saved.")).to_be_visible()
    expect(hr.get_by_text("0 of 1 actions done (0%); 1 in progress, 0 planned.")).to_be_visible()
    expect(hr.get_by_role("cell", name="Seat peer staff with their program teams.")).to_be_visible()

    with hr.expect_download() as download:
        hr.get_by_role("link", name="Download the PDF report").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )
    assert "Peer staff: withheld" in text
    assert "Seat peer staff with their program teams." in text
    assert "A recovery-oriented work culture" in text
    for _username, name, _peer, _choice in STAFF:
        assert name not in text
