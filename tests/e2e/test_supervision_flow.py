"""Supervision in a real browser: a session with an out-of-role duty and an action, the
supervisee's comment and acknowledgement, the action carried into the next session, the role
chart; and the basics checklist starting a collaborative work plan that both sign."""

import datetime
import io
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from peerwork import signatures
from supervision.models import Participant, SupervisionSession, WorkPlan
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.supervision.factories import lists


def test_session_comment_acknowledge_next_session_and_role_chart(world, live_server, new_page):
    lists()
    today = timezone.localdate()
    sup = new_page()
    log_in(sup, live_server, "sup_a2", PASSWORD)
    sup.goto(f"{live_server.url}/supervision/")
    row = sup.get_by_role("row").filter(has_text="Amani Achebe")
    row.get_by_role("link", name="Record a session").click()
    expect(sup.get_by_role("heading", level=1)).to_have_text("Record a supervision session")
    sup.get_by_label("Duration (minutes)").fill("45")
    sup.locator("#id_mode").select_option(label="Video")
    sup.get_by_label("Skill building").check()
    sup.get_by_label("Group facilitation").check()
    sup.get_by_label("Clerical work only").check()
    sup.get_by_label("Notes").fill("Talked about time at the front desk instead of groups.")
    sup.locator("#id_action_0_text").fill("Ask for the group room on Tuesdays")
    sup.locator("#id_action_0_owner").select_option(label="Amani Achebe")
    sup.locator("#id_action_0_due").fill((today + datetime.timedelta(days=7)).isoformat())
    sup.get_by_role("button", name="Save session").click()
    expect(sup.get_by_text("Session recorded.")).to_be_visible()
    expect(sup.get_by_text("includes duties outside the peer role")).to_be_visible()
    session = SupervisionSession.objects.get()

    peer = new_page()
    log_in(peer, live_server, "peer_a", PASSWORD)
    peer.get_by_role("link", name=re.compile(today.strftime("%b"))).first.click()
    expect(peer.get_by_role("heading", level=1)).to_contain_text("Supervision session of")
    peer.get_by_label("Your comments on this session").fill("More time for groups, please.")
    peer.get_by_role("button", name="Save my comments").click()
    expect(peer.get_by_text("Your comments are saved.")).to_be_visible()
    # A wrong password is refused and the page keeps the typed name.
    peer.get_by_label("Type your full name to sign").fill("Amani Achebe")
    peer.get_by_label("Your password").fill("not-my-password")
    peer.get_by_role("button", name="Acknowledge").click()
    expect(peer.get_by_text("That is not your password.")).to_be_visible()
    expect(peer.get_by_label("Type your full name to sign")).to_have_value("Amani Achebe")
    peer.get_by_label("Your password").fill(PASSWORD)
    peer.get_by_role("button", name="Acknowledge").click()
    expect(peer.get_by_text("Acknowledged. Acknowledging means you have read it.")).to_be_visible()
    participant = Participant.objects.get(session=session)
    assert participant.acknowledged_at and participant.comment == "More time for groups, please."
    copy = signatures.current(session).get()
    expect(peer.locator(".signed-copy")).to_contain_text("Signed by Amani Achebe on")
    expect(peer.locator(".signed-copy code.digest")).to_have_text(copy.short_digest)
    with peer.expect_download() as info:
        peer.get_by_role("link", name="Download PDF").click()
    with open(info.value.path(), "rb") as handle:
        assert signatures.sha256(handle.read()) == copy.pdf_digest

    # The next session shows the open action, and closes it.
    sup.goto(f"{live_server.url}/supervision/sessions/new/?staff={world.peer_a_staff.pk}")
    done = sup.get_by_label(re.compile("Done: Ask for the group room on Tuesdays"))
    expect(done).to_be_visible()
    sup.get_by_label("Duration (minutes)").fill("30")
    sup.get_by_label("Mutual support").check()
    done.check()
    sup.get_by_role("button", name="Save session").click()
    expect(sup.get_by_text("Session recorded.")).to_be_visible()
    assert session.action_items.get().status == "done"

    # The person's page: 1 of 2 sessions reported out-of-role duties.
    sup.goto(f"{live_server.url}/staff/{world.peer_a_staff.pk}/")
    chart = sup.locator("figure.role-chart")
    expect(chart.locator("svg")).to_be_visible()
    expect(chart.locator("figcaption")).to_contain_text("In 1 of 2 sessions")
    expect(chart.locator("figcaption")).to_contain_text("(50%)")
    expect(chart.locator("svg text", has_text="50%").first).to_be_attached()


def test_basics_checklist_starts_a_plan_employee_answers_both_sign_pdf(
    world, live_server, new_page
):
    sup = new_page()
    log_in(sup, live_server, "sup_a2", PASSWORD)
    sup.goto(f"{live_server.url}/supervision/people/{world.peer_a_staff.pk}/")
    sup.get_by_role("link", name="Development plan: the basics").click()
    for number in range(1, 15):
        choice = 1 if number in (6, 10) else 0  # two "no" answers
        sup.locator(f"#id_statement_{number}_{choice}").check()
    sup.get_by_role("button", name=re.compile("Save and start a work plan")).click()
    expect(sup.get_by_role("heading", level=1)).to_have_text("Collaborative work plan")
    expect(sup.get_by_text("Employee understands how his/her work is monitored and evaluated."))
    expect(sup.get_by_text(re.compile(r"\[DESCRIBE WHAT YOU HAVE NOTICED"))).to_be_visible()
    sup.get_by_label("Position").fill("Peer Support Specialist")
    sup.get_by_label("Hired on or around").fill("2024-03-04")
    sup.get_by_label("Length of time in the role").fill("2 years")
    sup.get_by_label("Primary duties").fill("facilitate recovery groups")
    sup.get_by_label("Recently (what you have noticed)").fill("three groups started late.")
    sup.get_by_label("Meet once every (weeks)").fill("2")
    sup.get_by_label("For (minutes)").fill("30")
    sup.locator("#id_meeting_day").select_option(label="Wednesday")
    sup.locator("#id_meeting_time").fill("10:00")
    sup.get_by_role("button", name="Save and view the plan").click()
    expect(sup.get_by_text("Work plan saved.")).to_be_visible()
    plan = WorkPlan.objects.get()
    assert plan.topics == [6, 10]

    peer = new_page()
    log_in(peer, live_server, "peer_a", PASSWORD)
    peer.goto(f"{live_server.url}/staff/{world.peer_a_staff.pk}/")
    peer.locator("#supervision-staff-heading").scroll_into_view_if_needed()
    peer.get_by_role("link", name=re.compile(r" to ")).last.click()
    peer.get_by_role("link", name="Write my answers").click()
    expect(peer.get_by_label("Primary duties")).to_have_count(0)
    peer.get_by_label("Practical needs").fill("A quiet room to write notes.")
    peer.get_by_label("Process needs").fill("Know the schedule a week ahead.")
    peer.get_by_label("Person needs").fill("Check-ins that start with what went well.")
    peer.get_by_role("button", name="Save and view the plan").click()
    expect(peer.get_by_text("A quiet room to write notes.")).to_be_visible()
    peer.get_by_label("Type your full name to sign").fill("Amani Achebe")
    peer.get_by_label("Your password").fill(PASSWORD)
    peer.get_by_role("button", name="Sign", exact=True).click()
    expect(peer.get_by_text("Signed.")).to_be_visible()

    sup.goto(f"{live_server.url}{plan.get_absolute_url()}")
    sup.get_by_label("Type your full name to sign").fill("Aiden Azoulay")
    sup.get_by_label("Your password").fill(PASSWORD)
    sup.get_by_role("button", name="Sign", exact=True).click()
    expect(sup.get_by_text("Signed, in effect")).to_be_visible()
    assert plan.meetings.count() >= 1

    expect(sup.locator(".signed-copy")).to_have_count(2)
    with sup.expect_download() as info:
        sup.get_by_role("link", name="Download PDF").click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    # The download is the stored signed copy of the last signature, byte for byte.
    latest = signatures.current(plan).order_by("signed_at", "pk").last()
    assert signatures.sha256(data) == latest.pdf_digest
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert (
        "Amani Achebe, you were hired by Harbor Peer Services on or around March 4, 2024, as a "
        "Peer Support Specialist. In this role, you are required to facilitate recovery groups."
    ) in text
    assert "Over the past 2 years" in text
    assert "Clarifying Harbor Peer Services's expectations" in text
    assert "Amani Achebe, what do you personally need to be successful at work?" in text
    assert "Know the schedule a week ahead." in text
    assert "we will meet once every 2 weeks for 30 minutes" in text
    assert "Day: Wednesday" in text
    assert "Amani Achebe ·" in text and "Aiden Azoulay ·" in text  # both signatures
    assert "[" not in text and "]" not in text
    assert "DESCRIBE WHAT YOU HAVE NOTICED" not in text
    assert "CUSTOMIZE AS APPROPRIATE" not in text
