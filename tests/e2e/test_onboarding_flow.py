"""HR starts a plan for a new peer hire; the supervisor works on it; the dashboard adds up."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.models import OnboardingPlan, TaskStatus
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def _next_monday(today):
    return today + datetime.timedelta(days=(7 - today.weekday()) or 7)


def _d(date):
    return f"{date:%b} {date.day}, {date.year}"


def test_hr_starts_a_plan_supervisor_completes_tasks_dashboard_adds_up(
    world, live_server, new_page
):
    call_command("load_onboarding_templates", stdout=io.StringIO())
    today = timezone.localdate()
    start = _next_monday(today)

    hr = new_page()
    log_in(hr, live_server, "hr", PASSWORD)
    hr.get_by_role("link", name="Onboarding", exact=True).click()
    hr.get_by_role("link", name="Start an onboarding plan").click()
    hr.get_by_label("Program").select_option(label="Adult Peer Support")
    hr.get_by_label("Position title").fill("Peer Support Specialist")
    hr.get_by_label("Peer or non-peer role").select_option("peer")
    # The browser's date field cannot take a wrong format (tests/onboarding/test_views.py
    # covers that); an empty one is refused with the form kept.
    hr.get_by_role("button", name="Start the plan").click()
    expect(hr.get_by_text("This field is required.")).to_be_visible()
    expect(hr.get_by_label("Position title")).to_have_value("Peer Support Specialist")
    hr.get_by_label("Target start date").fill(start.isoformat())
    hr.get_by_label("Selected person").select_option(label="Amani Achebe")
    hr.get_by_label("Supervisor").select_option(label="Aiden Azoulay")
    hr.get_by_role("button", name="Start the plan").click()
    expect(hr.get_by_role("heading", level=1)).to_contain_text("Amani Achebe")

    plan = OnboardingPlan.objects.get()
    assert plan.tasks.count() == 25
    # Dates run from before the start (pre-selection) to day 90.
    expect(hr.get_by_text(_d(start - datetime.timedelta(days=84))).first).to_be_visible()
    expect(hr.get_by_text(_d(start)).first).to_be_visible()
    expect(hr.get_by_text(_d(start + datetime.timedelta(days=90))).first).to_be_visible()
    expect(hr.get_by_text("day -84").first).to_be_visible()
    expect(hr.get_by_text("day 90").first).to_be_visible()

    # Select three pre-selection tasks and mark them done at once.
    pre = list(plan.tasks.filter(phase="pre_selection").order_by("order")[:3])
    for task in pre:
        hr.locator(f"#select-{task.pk}").check()
    hr.get_by_label("With the selected tasks").select_option("done")
    hr.get_by_role("button", name="Apply to selected tasks").click()
    expect(hr.get_by_text("3 task(s) marked done.")).to_be_visible()

    # One task not applicable: an empty reason is refused, then a reason is kept.
    na_task = plan.tasks.get(text__startswith="Develop and disseminate")
    hr.get_by_role("link", name=na_task.text).click()
    hr.get_by_role("button", name="Mark not applicable").click()
    expect(hr.get_by_text("Give a reason: it stays in the task's history.")).to_be_visible()
    hr.get_by_label("Why is it not applicable?").fill("Position filled from the volunteer pool.")
    hr.get_by_role("button", name="Mark not applicable").click()
    expect(hr.get_by_text("Marked not applicable.")).to_be_visible()
    expect(hr.get_by_text("Position filled from the volunteer pool.").first).to_be_visible()

    # The supervisor sees their tasks for their hire, checks a sub-item, completes the task.
    sup = new_page()
    log_in(sup, live_server, "sup_a2", PASSWORD)
    sup.get_by_role("link", name="My hires' onboarding").click()
    orientation = "Conduct agency-specific orientation, covering:"
    sup.get_by_role("link", name=orientation).click()
    sup.get_by_role("button", name="Check: Data security protocols").click()
    expect(sup.locator("#subitem-progress")).to_have_text("(1 of 6)")
    sup.get_by_role("button", name="Mark done").click()
    # Five of six items are unchecked: the page asks before closing the task.
    expect(sup.locator("#confirm-unchecked")).to_contain_text("5 checklist items are not checked")
    sup.get_by_role("button", name="Mark done anyway").click()
    expect(sup.get_by_text("Marked done.")).to_be_visible()
    expect(sup.locator("#task-history")).to_contain_text("Sub-item checked")

    # ... and records the first check-in.
    sup.get_by_role("link", name="Amani Achebe · Peer Support Specialist").click()
    first_checkin = plan.checkins.filter(kind="with_hire").order_by("scheduled_for").first()
    sup.get_by_role("link", name=_d(first_checkin.scheduled_for)).first.click()
    # Held today: a check-in "held" in the future is refused (peerwork.limits.HELD).
    sup.get_by_label("Held on").fill(today.isoformat())
    sup.get_by_label("What's going well?").fill("Meeting people in the drop-in group.")
    sup.get_by_label("Follow-ups").fill("Pair with a peer mentor for week two.")
    sup.get_by_role("button", name="Record check-in").click()
    expect(sup.get_by_text("Check-in recorded.")).to_be_visible()
    first_checkin.refresh_from_db()
    assert first_checkin.recorded_by == world.sup_a2
    assert first_checkin.answers[1] == "Meeting people in the drop-in group."

    # The dashboard: 5 of 25 closed (3 done + 1 not applicable + 1 by the supervisor).
    closed = plan.tasks.filter(status__in=[TaskStatus.DONE, TaskStatus.NOT_APPLICABLE])
    assert closed.count() == 5
    overdue = sum(
        1
        for task in plan.tasks.filter(status=TaskStatus.OPEN)
        if (task.due_date - start).days < (today - start).days
    )
    hr.goto(f"{live_server.url}/onboarding/")
    row = hr.locator("#plans tbody tr", has_text="Amani Achebe")
    expect(row).to_contain_text("20% · 5 of 25")
    expect(row.locator("[data-overdue]")).to_have_attribute("data-overdue", str(overdue))
    if overdue:
        expect(row).to_contain_text(f"{overdue} overdue")
    # 7 pre-selection tasks still open (11 less 3 done and 1 not applicable), all due weeks
    # before the start, plus the post-selection ones (due 14 to 3 days before it) already past.
    post_selection_past = plan.tasks.filter(phase="post_selection", due_date__lt=today).count()
    assert overdue == 7 + post_selection_past
