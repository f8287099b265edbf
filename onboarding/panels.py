"""Home-page panels for HR, supervisors and new hires. Each makes a fixed number of queries."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from onboarding import queries
from onboarding.models import Checkin, PlanStatus, Task, TaskStatus
from peerwork import access
from peerwork.panels import Panel


def hr_panel(request):
    user = request.user
    if not access.can_manage_onboarding(user):
        return None
    today = timezone.localdate()
    plans = access.visible_onboarding_plans(user).filter(status=PlanStatus.ACTIVE)
    counts = plans.aggregate(active=Count("pk"), openings=Count("pk", filter=Q(hire__isnull=True)))
    counts["overdue_tasks"] = Task.objects.filter(
        plan__in=plans, status=TaskStatus.OPEN, due_date__lt=today
    ).count()
    return Panel("onboarding/panels/hr.html", {"counts": counts}, order=20)


def supervisor_panel(request):
    user = request.user
    staff = user.staff_record
    if staff is None or not user.is_supervisor:
        return None
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=queries.DUE_SOON_DAYS)
    plans = access.visible_onboarding_plans(user).filter(status=PlanStatus.ACTIVE)
    tasks = Task.objects.filter(plan__in=plans, assignee=staff, status=TaskStatus.OPEN).exclude(
        plan__hire=staff
    )
    counts = tasks.aggregate(
        due=Count("pk", filter=Q(due_date__lte=soon)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )
    counts["checkins"] = Checkin.objects.filter(
        plan__in=plans.filter(supervisor=staff), held_on__isnull=True, scheduled_for__lte=soon
    ).count()
    if not any(counts.values()):
        return None
    return Panel("onboarding/panels/supervisor.html", {"counts": counts}, order=25)


def new_hire_panel(request):
    staff = request.user.staff_record
    if staff is None:
        return None
    today = timezone.localdate()
    plan = (
        queries.plan_list_queryset(
            access.visible_onboarding_plans(request.user).filter(
                hire=staff, status=PlanStatus.ACTIVE
            ),
            today,
        )
        .order_by("-target_start_date", "-pk")
        .first()
    )
    if plan is None:
        return None
    return Panel("onboarding/panels/new_hire.html", {"plan": queries.decorate(plan)}, order=15)


def staff_plans_panel(request, staff):
    """On a staff member's page: their onboarding plans (for those who may see them)."""
    plans = list(
        queries.plan_list_queryset(
            access.visible_onboarding_plans(request.user).filter(hire=staff),
            timezone.localdate(),
        ).order_by("-target_start_date", "-pk")[:10]
    )
    if not plans:
        return None
    return Panel(
        "onboarding/panels/staff.html", {"plans": [queries.decorate(p) for p in plans]}, order=40
    )
