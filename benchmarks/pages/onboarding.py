"""Onboarding: plans for the most recent hires and the dashboard and plan pages."""

from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import Unavailable
from peerwork.models import StaffMember

PLANS_PER_STAFF = 20  # one plan per twenty staff (100 at 2,000): the hires of a quarter
CLOSED_TASKS = 12


@builder
def onboarding_plans(world):
    """Plans for the most recent hires, through the app's own `start_plan`, some tasks done."""
    try:
        from onboarding import services
        from onboarding.models import ChecklistTemplate, OnboardingPlan, TaskStatus
    except ImportError:
        raise Unavailable("the onboarding app has not shipped plans yet") from None

    template = ChecklistTemplate.objects.filter(status="published").order_by("slug", "-pk").first()
    if template is None:
        raise Unavailable("no published onboarding checklist template is loaded")
    hr = world.users[data.HR]
    wanted = max(1, world.staff_count // PLANS_PER_STAFF)
    have = OnboardingPlan.objects.filter(agency=world.agency).count()
    planned = set(
        OnboardingPlan.objects.filter(agency=world.agency, hire__isnull=False).values_list(
            "hire_id", flat=True
        )
    )
    hires = (
        StaffMember.objects.filter(agency=world.agency, supervisor__isnull=False)
        .exclude(pk__in=planned)
        .select_related("supervisor", "program")
        .order_by("-start_date", "pk")[: max(0, wanted - have)]
    )
    for index, hire in enumerate(hires):
        plan = services.start_plan(
            template=template,
            started_by=hr,
            agency=world.agency,
            program=hire.program or world.programs[0],
            position_title=hire.position_title,
            peer_role=hire.peer_role,
            employment_type=hire.employment_type,
            target_start_date=hire.start_date or timezone.localdate(),
            hire=hire,
            supervisor=hire.supervisor,
            hr_contact=world.staff.get(data.HR),
        )
        if index % 4 == 0:
            done = list(plan.tasks.order_by("order")[:CLOSED_TASKS])
            services.close_tasks(done, actor=hr, status=TaskStatus.DONE)
    world.plan = (
        OnboardingPlan.objects.filter(agency=world.agency, hire=world.staff[data.PEER]).first()
        or OnboardingPlan.objects.filter(agency=world.agency, hire__isnull=False)
        .order_by("pk")
        .first()
    )


@page("onboarding_dashboard")
def onboarding_dashboard(world):
    world_object(world, "plan", "onboarding_plans")
    return get("onboarding_dashboard", world.users[data.HR], url("onboarding:dashboard"))


@page("onboarding_plan")
def onboarding_plan(world):
    plan = world_object(world, "plan", "onboarding_plans")
    path = url("onboarding:plan_detail", plan.pk)
    return get("onboarding_plan", world.users[data.HR], path)
