"""What needs you from onboarding (see peerwork/todo.py): open tasks assigned to the person,
and the check-ins they are to hold as a plan's supervisor. Two queries whatever the rows."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from onboarding.models import Checkin, PlanStatus, Task, TaskStatus
from peerwork import access, todo


def onboarding_items(user, today):
    staff = user.staff_record
    if staff is None:
        return []
    until = todo.horizon(today)
    plans = access.visible_onboarding_plans(user).filter(status=PlanStatus.ACTIVE)
    items = []
    tasks = (
        Task.objects.filter(
            plan__in=plans, assignee=staff, status=TaskStatus.OPEN, due_date__lte=until
        )
        .select_related("plan__hire")
        .order_by("due_date", "order", "pk")
    )
    for task in tasks:
        text = Truncator(task.text).chars(120)
        if task.plan.hire_id == staff.pk:
            label = _("Your onboarding: %(task)s") % {"task": text}
        else:
            label = _("Onboarding (%(plan)s): %(task)s") % {"plan": task.plan.title, "task": text}
        items.append(
            todo.Item(
                key=f"onboarding.task:{task.pk}",
                text=label,
                url=task.get_absolute_url(),
                due=task.due_date,
                app="onboarding",
            )
        )
    checkins = (
        Checkin.objects.filter(
            plan__in=plans.filter(supervisor=staff).exclude(hire=staff),
            held_on__isnull=True,
            scheduled_for__lte=until,
        )
        .select_related("plan__hire")
        .order_by("scheduled_for", "pk")
    )
    for checkin in checkins:
        items.append(
            todo.Item(
                key=f"onboarding.checkin:{checkin.pk}",
                text=_("Check-in (%(kind)s) for %(plan)s")
                % {"kind": checkin.get_kind_display().lower(), "plan": checkin.plan.title},
                url=checkin.get_absolute_url(),
                due=checkin.scheduled_for,
                app="onboarding",
            )
        )
    return items
