"""Onboarding with the people records: a new person at the start, reassigning a task,
and what happens to plans when someone leaves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import OnboardingPlan, PlanStatus, TaskEventKind, TaskStatus
from peerwork import services as core_services
from peerwork.models import LeaveReason, StaffMember, StaffStatus
from tests.factories import query_counts
from tests.onboarding.factories import add_plans, make_template
from tests.onboarding.test_views import _start_data

TODAY = timezone.localdate()


def _new_person_data(world, template, **overrides):
    data = _start_data(
        world,
        template,
        hire="",
        hire_choice="new",
        new_full_name="Rowan Ellis",
        new_preferred_name="Ro",
        new_pronouns="they/them",
        new_email="rowan@example.org",
        new_employee_number="E-77",
        target_start_date=(TODAY + datetime.timedelta(days=14)).isoformat(),
    )
    data.update(overrides)
    return data


def test_a_plan_starts_with_a_new_person(world, login):
    template = make_template()
    response = login(world.hr).post(
        reverse("onboarding:plan_start"), _new_person_data(world, template)
    )
    hire = StaffMember.objects.get(full_name="Rowan Ellis")
    plan = OnboardingPlan.objects.get(hire=hire)
    assert response["Location"] == plan.get_absolute_url()
    assert (hire.preferred_name, hire.pronouns, hire.email, hire.employee_number) == (
        "Ro",
        "they/them",
        "rowan@example.org",
        "E-77",
    )
    assert hire.program == world.program and hire.supervisor == world.sup_a2_staff
    assert hire.position_title == "Peer Support Specialist"
    assert hire.start_date == plan.target_start_date and hire.status == StaffStatus.CANDIDATE
    assert hire.reporting_lines.get().supervisor == world.sup_a2_staff
    assert plan.tasks.filter(responsible_role="hire", assignee=hire).exists()
    page = login(world.hr).get(plan.get_absolute_url()).content.decode()
    assert "Give Ro (Rowan Ellis) a login" in page


def test_a_new_person_problem_writes_nothing_and_keeps_the_input(world, login):
    template = make_template()
    world.peer_b_staff.email = "rowan@example.org"
    world.peer_b_staff.save(update_fields=["email"])
    response = login(world.hr).post(
        reverse("onboarding:plan_start"), _new_person_data(world, template)
    )
    page = response.content.decode()
    assert response.status_code == 200 and "already has this work email" in page
    assert "Rowan Ellis" in page and "E-77" in page
    assert not StaffMember.objects.filter(full_name="Rowan Ellis").exists()
    assert not OnboardingPlan.objects.exists()


def test_choosing_the_options_is_checked(world, login):
    template = make_template()
    client = login(world.hr)
    page = client.post(
        reverse("onboarding:plan_start"), _new_person_data(world, template, new_full_name="")
    ).content.decode()
    assert "Enter the new person" in page
    page = client.post(
        reverse("onboarding:plan_start"),
        _start_data(world, template, hire="", hire_choice="existing"),
    ).content.decode()
    assert "Choose the person" in page
    assert not OnboardingPlan.objects.exists()


def test_hr_changes_a_tasks_due_date_and_assignee(world, login):
    add_plans(world)
    task = world.task_a
    client = login(world.hr)
    url = reverse("onboarding:task_edit", args=[world.plan_a.pk, task.pk])
    loaded = {
        "loaded_due_date": task.due_date.isoformat(),
        "loaded_assignee": task.assignee_id or "",
    }
    new_due = task.due_date + datetime.timedelta(days=3)
    response = client.post(
        url, {"due_date": new_due.isoformat(), "assignee": world.sup_b_staff.pk, **loaded}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_date == new_due and task.assignee == world.sup_b_staff
    kinds = set(task.events.values_list("kind", flat=True))
    assert {TaskEventKind.DUE_DATE_MOVED, TaskEventKind.ASSIGNED} <= kinds
    # A second form loaded before that change is refused: nothing is overwritten.
    response = client.post(url, {"due_date": new_due.isoformat(), "assignee": "", **loaded})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == world.sup_b_staff
    # Supervisors work on tasks but do not move them.
    assert login(world.sup_a2).get(url).status_code == 404


def test_a_leaving_hire_s_plan_is_cancelled_and_stays_readable(world, login):
    add_plans(world)
    plan = world.plan_a
    open_before = plan.tasks.filter(status=TaskStatus.OPEN).count()
    result = core_services.end_employment(
        world.peer_a_staff, leave_date=TODAY, reason=LeaveReason.RESIGNED, by=world.hr
    )
    assert any("onboarding plan is cancelled" in line for line in result.closed)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    assert plan.tasks.filter(status=TaskStatus.OPEN).count() == 0
    closed = plan.tasks.filter(status=TaskStatus.NOT_APPLICABLE)
    assert closed.count() >= open_before
    assert closed.filter(status_reason=f"Employment ended on {TODAY.isoformat()}.").exists()
    page = login(world.hr).get(plan.get_absolute_url()).content.decode()
    assert "Cancelled" in page and "Not held: plan cancelled" in page


def test_a_leaving_supervisor_s_plans_are_listed_for_hr(world, login):
    add_plans(world)
    result = core_services.end_employment(
        world.sup_a2_staff, leave_date=TODAY, reason=LeaveReason.OTHER, by=world.hr
    )
    items = {item.key: item for item in result.open_items}
    item = items[f"onboarding.plan:{world.plan_a.pk}"]
    assert "they are the supervisor" in item.text
    assert item.url == reverse("onboarding:plan_settings", args=[world.plan_a.pk])
    assert f"onboarding.plan:{world.opening_a.pk}" in items
    world.plan_a.refresh_from_db()
    assert world.plan_a.status == PlanStatus.ACTIVE


@pytest.mark.parametrize("page", ["plan_start", "task_edit", "plan_settings"])
def test_the_pages_make_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, page
):
    add_plans(world)
    args = {
        "plan_start": [],
        "task_edit": [world.plan_a.pk, world.task_a.pk],
        "plan_settings": [world.plan_a.pk],
    }[page]
    client = login(world.hr)
    url = reverse(f"onboarding:{page}", args=args)
    counts = query_counts(client, url, world)
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(url)
