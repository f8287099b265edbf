"""Read-side helpers: progress and due dates per plan in a fixed number of queries."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, JSONField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from onboarding.models import (
    CLOSED_STATUSES,
    PHASE_ORDER,
    Checkin,
    OnboardingPlan,
    Phase,
    Task,
    TaskStatus,
)

DUE_SOON_DAYS = 7


def _count(queryset):
    counted = queryset.order_by().values("plan").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _annotations(today):
    tasks = Task.objects.filter(plan=OuterRef("pk"))
    open_tasks = tasks.filter(status=TaskStatus.OPEN).order_by("due_date", "order", "pk")
    pending_checkins = Checkin.objects.filter(plan=OuterRef("pk"), held_on__isnull=True)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "task_total": _count(tasks.exclude(status=TaskStatus.REMOVED)),
        "task_closed": _count(tasks.filter(status__in=CLOSED_STATUSES)),
        "overdue_count": _count(tasks.filter(status=TaskStatus.OPEN, due_date__lt=today)),
        "next_task_id": Subquery(open_tasks.values("pk")[:1]),
        "next_task_text": Subquery(open_tasks.values("text")[:1]),
        "next_task_translations": Subquery(
            open_tasks.values("translations")[:1], output_field=JSONField()
        ),
        "next_task_due": Subquery(open_tasks.values("due_date")[:1]),
        "current_phase": Subquery(open_tasks.values("phase")[:1]),
        "checkins_due": _count(pending_checkins.filter(scheduled_for__lte=soon)),
        "checkins_overdue": _count(pending_checkins.filter(scheduled_for__lt=today)),
    }


def plan_list_queryset(plans, today):
    """Plans with their progress, overdue count, next open task and check-ins due."""
    return plans.select_related("program", "hire", "supervisor", "template").annotate(
        **_annotations(today)
    )


def plan_page(plans, today, number, per_page, *, phase=None, overdue=False):
    """One page of `plans` (soonest start first), annotated as `plan_list_queryset` does.

    The page is chosen on the plans alone and only its plans get the per-plan subqueries, so
    the cost is the page's, however many plans the agency has (filtering by phase or overdue
    still asks every candidate plan, which is what those filters mean).
    """
    annotations = _annotations(today)
    if phase:
        plans = plans.annotate(current_phase=annotations["current_phase"]).filter(
            current_phase=phase
        )
    if overdue:
        plans = plans.annotate(overdue_count=annotations["overdue_count"]).filter(
            overdue_count__gt=0
        )
    ids = plans.order_by("target_start_date", "pk").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    rows = plan_list_queryset(OnboardingPlan.objects.filter(pk__in=wanted), today).in_bulk()
    page.object_list = [decorate(rows[pk]) for pk in wanted]
    return page


def percent(closed, total):
    return round(100 * closed / total) if total else 100


def decorate(plan):
    """Derived display values for an annotated plan."""
    plan.percent_done = percent(plan.task_closed, plan.task_total)
    plan.current_phase_label = Phase(plan.current_phase).label if plan.current_phase else None
    return plan


def plan_tasks(plan):
    return (
        plan.tasks.select_related("assignee", "completed_by__staff_member")
        .prefetch_related(Prefetch("subitems"))
        .order_by("order", "pk")
    )


def group_by_phase(tasks, today):
    """[(phase value, label, [tasks], closed, total, percent)] for the phases with tasks."""
    groups = {}
    for task in tasks:
        if task.status == TaskStatus.REMOVED:
            continue
        task.overdue = task.is_overdue(today)
        task.checked_count, task.subitem_count = task.subitem_progress()
        groups.setdefault(task.phase, []).append(task)
    result = []
    for phase in sorted(groups, key=PHASE_ORDER.get):
        phase_tasks = sorted(groups[phase], key=lambda t: (t.order, t.pk))
        closed = sum(1 for t in phase_tasks if t.status in CLOSED_STATUSES)
        result.append(
            {
                "phase": phase,
                "label": Phase(phase).label,
                "tasks": phase_tasks,
                "closed": closed,
                "total": len(phase_tasks),
                "percent": percent(closed, len(phase_tasks)),
            }
        )
    return result
