"""The dashboard makes the same number of queries for 5 and 500 active plans."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.models import OnboardingPlan, Task, TaskStatus
from onboarding.views import DASHBOARD_PAGE_SIZE
from tests.onboarding.factories import START, make_plan, make_template

pytestmark = pytest.mark.django_db


def _clone_plans(world, source, count):
    """`count` copies of `source` and its tasks, by bulk creation (fast)."""
    tasks = list(source.tasks.all())
    plans = OnboardingPlan.objects.bulk_create(
        OnboardingPlan(
            agency=world.agency,
            template=source.template,
            program=world.program if n % 2 else world.program2,
            position_title=f"Peer Support Specialist {n}",
            target_start_date=START + datetime.timedelta(days=n % 60),
            supervisor=world.sup_a2_staff,
            hire=world.peer_a_staff if n % 3 == 0 else None,
            started_by=world.hr,
        )
        for n in range(count)
    )
    Task.objects.bulk_create(
        Task(
            plan=plan,
            phase=t.phase,
            order=t.order,
            text=t.text,
            responsible_role=t.responsible_role,
            due_date=t.due_date,
            status=TaskStatus.DONE if i == 0 else TaskStatus.OPEN,
        )
        for plan in plans
        for i, t in enumerate(tasks)
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


def test_dashboard_queries_do_not_grow_with_plans(world, login, django_assert_max_num_queries):
    source = make_plan(
        make_template(), agency=world.agency, program=world.program, started_by=world.hr
    )
    client = login(world.hr)
    url = reverse("onboarding:dashboard")
    _clone_plans(world, source, 4)
    small, response = _count_queries(client, url)
    assert response.context["page"].paginator.count == 5

    _clone_plans(world, source, 495)
    large, response = _count_queries(client, url)
    assert response.context["page"].paginator.count == 500
    assert len(response.context["page"].object_list) == DASHBOARD_PAGE_SIZE
    assert large == small
    with django_assert_max_num_queries(small):
        client.get(url + "?overdue=on&phase=week_one&peer_role=peer")
    # The numbers are right, not only cheap: 1 of 7 tasks closed in each copy.
    plan = next(p for p in response.context["page"].object_list if p.pk != source.pk)
    assert (plan.task_closed, plan.task_total, plan.percent_done) == (1, 7, 14)
    assert plan.overdue_count == 6  # START is in the past
