"""HR adds a new hire, starts their onboarding, invites them; the hire chooses a password
from the emailed link, logs in and finds their plan. Then their employment ends."""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.models import StaffMember, StaffStatus, User
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_hr_adds_onboards_and_invites_a_new_hire(world, live_server, new_page, settings):
    settings.SITE_URL = live_server.url
    call_command("load_onboarding_templates", stdout=io.StringIO())
    today = timezone.localdate()
    start = today + datetime.timedelta(days=(7 - today.weekday()) or 7)

    hr = new_page()
    log_in(hr, live_server, "hr", PASSWORD)
    hr.get_by_role("link", name="Staff", exact=True).click()
    hr.get_by_role("link", name="Add a person").click()
    hr.get_by_label("Full name").fill("Rowan Ellis")
    hr.get_by_label("Preferred name").fill("Ro")
    hr.get_by_label("Pronouns").fill("they/them")
    hr.get_by_label("Work email").fill("rowan@example.org")
    hr.get_by_label("Employee number").fill("E-1001")
    hr.get_by_label("Position title").fill("Peer Support Specialist")
    hr.get_by_label("Peer or non-peer role").select_option("peer")
    hr.get_by_label("Program").select_option(label="Adult Peer Support")
    hr.get_by_label("Supervisor").select_option(label="Aiden Azoulay")
    hr.get_by_label("Start date").fill(start.isoformat())
    hr.get_by_label("Status").select_option("candidate")
    hr.get_by_role("button", name="Save").click()
    expect(hr.get_by_role("heading", level=1)).to_contain_text("Ro (Rowan Ellis)")
    expect(hr.get_by_text("is added")).to_be_visible()
    staff = StaffMember.objects.get(full_name="Rowan Ellis")
    assert staff.user is None and staff.reporting_lines.count() == 1

    hr.get_by_role("link", name="Onboarding", exact=True).click()
    hr.get_by_role("link", name="Start an onboarding plan").click()
    hr.get_by_label("Program").select_option(label="Adult Peer Support")
    hr.get_by_label("Position title").fill("Peer Support Specialist")
    hr.get_by_label("Peer or non-peer role").select_option("peer")
    hr.get_by_label("Target start date").fill(start.isoformat())
    hr.get_by_label("Someone already in PeerWork").check()
    hr.get_by_label("Selected person").select_option(label="Ro (Rowan Ellis)")
    hr.get_by_label("Supervisor", exact=True).select_option(label="Aiden Azoulay")
    hr.get_by_role("button", name="Start the plan").click()
    expect(hr.get_by_role("heading", level=1)).to_contain_text("Rowan Ellis")

    # HR gives the hire a task of their own, due on their first day.
    plan = staff.onboarding_plans.get()
    task = plan.tasks.filter(due_date=start, responsible_role="supervisor").first()
    hr.goto(f"{live_server.url}{task.get_absolute_url()}")
    hr.get_by_role("link", name="Change due date or assignee").click()
    hr.get_by_label("Assigned to").select_option(label="Ro (Rowan Ellis)")
    hr.get_by_label("Due").fill((start + datetime.timedelta(days=1)).isoformat())
    hr.get_by_role("button", name="Save").click()
    expect(hr.get_by_text("The task is updated")).to_be_visible()
    task.refresh_from_db()
    assert task.assignee == staff and task.due_date == start + datetime.timedelta(days=1)
    hr.goto(f"{live_server.url}{plan.get_absolute_url()}")

    hr.get_by_role("link", name="Give Ro (Rowan Ellis) a login").click()
    expect(hr.get_by_label("Username")).to_have_value("rowan")
    expect(hr.get_by_label("Peer staff")).to_be_checked()
    hr.get_by_role("button", name="Give a login and send the invitation").click()
    expect(
        hr.get_by_text("An invitation to choose a password went to rowan@example.org")
    ).to_be_visible()
    hr.get_by_role("link", name="Staff", exact=True).click()
    hr.get_by_role("link", name="Invitations not accepted").click()
    expect(hr.get_by_role("cell", name="Ro (Rowan Ellis)", exact=True)).to_be_visible()

    (message,) = mail.outbox
    assert message.to == ["rowan@example.org"]
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{live_server.url}/accounts/invitation/")

    hire = new_page()
    hire.goto(link)
    expect(hire.get_by_role("heading", level=1)).to_have_text("Welcome to PeerWork")
    new_password = "river-stones-and-kites-2031"
    hire.locator("#id_new_password1").fill("short")
    hire.locator("#id_new_password2").fill("short")
    hire.get_by_role("button", name="Set my password").click()
    expect(hire.get_by_text("This password is too short", exact=False)).to_be_visible()
    hire.locator("#id_new_password1").fill(new_password)
    hire.locator("#id_new_password2").fill(new_password)
    hire.get_by_role("button", name="Set my password").click()
    expect(
        hire.get_by_text("Your password is set. Log in with your username, rowan.")
    ).to_be_visible()
    log_in(hire, live_server, "rowan", new_password)
    todo = hire.locator("section", has=hire.get_by_role("heading", name="What needs you"))
    expect(todo).to_contain_text("Your onboarding:")
    expect(todo).to_contain_text(task.text[:40])
    hire.get_by_role("link", name="My onboarding").click()
    expect(hire.get_by_role("heading", level=1)).to_be_visible()
    expect(hire.get_by_text("Aiden Azoulay").first).to_be_visible()

    # The invitation is accepted: it leaves HR's list; the link works no more.
    hr.reload()
    expect(hr.get_by_text("Everyone invited has chosen a password.")).to_be_visible()
    other = new_page()
    other.goto(link)
    expect(other.get_by_text("This link no longer works.")).to_be_visible()

    # The hire does not start after all: HR ends the employment; the login stops at once.
    hr.goto(f"{live_server.url}{staff.get_absolute_url()}")
    hr.get_by_role("link", name="End employment").click()
    hr.get_by_label("Last day of work").fill(today.isoformat())
    hr.get_by_label("Reason").select_option(label="Did not start")
    hr.get_by_label("I understand", exact=False).check()
    hr.get_by_role("button", name="End employment").click()
    expect(hr.get_by_text("employment has ended", exact=False)).to_be_visible()
    expect(hr.get_by_text("Their onboarding plan is cancelled", exact=False)).to_be_visible()
    staff.refresh_from_db()
    assert staff.status == StaffStatus.FORMER and not User.objects.get(username="rowan").is_active
    hire.reload()
    expect(hire).to_have_url(re.compile(r"/accounts/login/"))
    hire.get_by_label("Username").fill("rowan")
    hire.get_by_label("Password").fill(new_password)
    hire.get_by_role("button", name="Log in").click()
    expect(
        hire.get_by_text("Please enter a correct username and password", exact=False)
    ).to_be_visible()
    # The plan is still there and readable, as cancelled.
    hr.goto(f"{live_server.url}{staff.onboarding_plans.get().get_absolute_url()}")
    expect(hr.get_by_text("Cancelled").first).to_be_visible()
