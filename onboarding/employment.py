"""When someone leaves: their own onboarding stops; work they held on others' plans waits.

Registered in OnboardingConfig.ready() with the core's end-of-employment registry
(peerwork/employment.py).
"""

from collections import Counter

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding.models import (
    Checkin,
    OnboardingPlan,
    PlanStatus,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
)
from peerwork.employment import OpenItem


def close(staff, *, leave_date, by):
    """Their active plans (as the hire) are cancelled: open tasks closed as not applicable
    with the reason, check-ins not yet held will not be held. History stays."""
    plans = list(OnboardingPlan.objects.filter(hire=staff, status=PlanStatus.ACTIVE))
    if not plans:
        return []
    reason = _("Employment ended on %(date)s.") % {"date": leave_date.isoformat()}
    now = timezone.now()
    tasks = list(Task.objects.filter(plan__in=plans, status=TaskStatus.OPEN).only("pk"))
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        status=TaskStatus.NOT_APPLICABLE, status_reason=reason, completed_by=by, completed_at=now
    )
    TaskEvent.objects.bulk_create(
        TaskEvent(task=task, kind=TaskEventKind.NOT_APPLICABLE, actor=by, at=now, text=reason)
        for task in tasks
    )
    checkins = Checkin.objects.filter(plan__in=plans, held_on__isnull=True).count()
    # The revision bump makes a settings form opened before this refuse to save.
    OnboardingPlan.objects.filter(pk__in=[p.pk for p in plans]).update(
        status=PlanStatus.CANCELLED, revision=F("revision") + 1
    )
    return [
        ngettext(
            "Their onboarding plan is cancelled:",
            "Their %(count)d onboarding plans are cancelled:",
            len(plans),
        )
        % {"count": len(plans)},
        ngettext("%(count)d open task closed,", "%(count)d open tasks closed,", len(tasks))
        % {"count": len(tasks)},
        ngettext(
            "%(count)d check-in will not be held.",
            "%(count)d check-ins will not be held.",
            checkins,
        )
        % {"count": checkins},
    ]


ROLES = {
    "supervisor": _("supervisor"),
    "peer_mentor": _("peer mentor"),
    "hr_contact": _("HR contact"),
}


def open_items(staff):
    """Active plans of other hires where they hold a role or have open tasks (2 queries)."""
    plans = {
        plan.pk: plan
        for plan in OnboardingPlan.objects.filter(
            Q(supervisor=staff) | Q(peer_mentor=staff) | Q(hr_contact=staff),
            status=PlanStatus.ACTIVE,
        )
        .exclude(hire=staff)
        .select_related("hire")
    }
    task_counts = Counter(
        Task.objects.filter(assignee=staff, status=TaskStatus.OPEN, plan__status=PlanStatus.ACTIVE)
        .exclude(plan__hire=staff)
        .values_list("plan_id", flat=True)
    )
    missing = set(task_counts) - set(plans)
    if missing:
        plans.update(
            (plan.pk, plan)
            for plan in OnboardingPlan.objects.filter(pk__in=missing).select_related("hire")
        )
    items = []
    for plan in sorted(plans.values(), key=lambda p: (p.target_start_date, p.pk)):
        roles = [
            label for field, label in ROLES.items() if getattr(plan, f"{field}_id") == staff.pk
        ]
        parts = []
        if roles:
            parts.append(_("they are the %(roles)s") % {"roles": ", ".join(str(r) for r in roles)})
        if task_counts[plan.pk]:
            parts.append(
                ngettext(
                    "%(count)d open task is assigned to them",
                    "%(count)d open tasks are assigned to them",
                    task_counts[plan.pk],
                )
                % {"count": task_counts[plan.pk]}
            )
        items.append(
            OpenItem(
                key=f"onboarding.plan:{plan.pk}",
                text=_("Onboarding of %(plan)s: %(what)s")
                % {"plan": plan.title, "what": "; ".join(parts)},
                url=reverse("onboarding:plan_settings", args=[plan.pk])
                if roles
                else plan.get_absolute_url(),
                app="onboarding",
                action=_("Change people") if roles else _("Reassign tasks"),
            )
        )
    return items
