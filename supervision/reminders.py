"""What needs you (peerwork/todo.py): supervision due and overdue, acknowledgements, open
action items, work plans to answer, sign, or that are about to expire."""

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from peerwork import todo
from supervision import services
from supervision.models import (
    ActionItem,
    ActionStatus,
    Participant,
    SessionStatus,
    SupervisionSession,
    WorkPlan,
    WorkPlanStatus,
)

APP = "supervision"


def todo_items(user, today):
    staff = user.staff_record if user.is_authenticated else None
    if staff is None:
        return []
    items = []
    if user.is_supervisor:
        people = services.soonest_due(services.supervisees(staff), today)
        for person in services.waiting(people, today)[:50]:
            text = (
                _("Supervision with %(name)s is overdue")
                if person.due_on < today
                else _("Supervision with %(name)s is due")
            ) % {"name": person.display_name}
            items.append(
                todo.Item(
                    key=f"supervision.due:{person.pk}:{person.due_on.isoformat()}",
                    text=text,
                    url=reverse("supervision:session_new") + f"?staff={person.pk}",
                    due=person.due_on,
                    app=APP,
                )
            )
        for session in SupervisionSession.objects.filter(
            supervisor=staff,
            status=SessionStatus.HELD,
            supervisor_acknowledged_at__isnull=True,
        ).order_by("held_on")[:50]:
            items.append(
                todo.Item(
                    key=f"supervision.session-ack:{session.pk}",
                    text=_("Acknowledge the supervision session of %(date)s")
                    % {"date": formats.date_format(session.held_on)},
                    url=session.get_absolute_url(),
                    due=session.held_on,
                    app=APP,
                )
            )
    for participant in (
        Participant.objects.filter(
            staff=staff, session__status=SessionStatus.HELD, acknowledged_at__isnull=True
        )
        .select_related("session__supervisor")
        .order_by("session__held_on")[:50]
    ):
        items.append(
            todo.Item(
                key=f"supervision.ack:{participant.pk}",
                text=_("Read and acknowledge your supervision session of %(date)s with %(name)s")
                % {
                    "date": formats.date_format(participant.session.held_on),
                    "name": participant.session.supervisor.display_name,
                },
                url=participant.session.get_absolute_url(),
                due=participant.session.held_on,
                app=APP,
            )
        )
    for action in ActionItem.objects.filter(owner=staff, status=ActionStatus.OPEN).order_by(
        "due_on", "pk"
    )[:50]:
        items.append(
            todo.Item(
                key=f"supervision.action:{action.pk}",
                text=_("Supervision action: %(text)s") % {"text": action.text},
                url=reverse("supervision:person", args=[action.staff_id]),
                due=action.due_on,
                app=APP,
            )
        )
    plans = WorkPlan.objects.filter(Q(staff=staff) | Q(manager=staff)).select_related("staff")
    for plan in plans[:50]:
        is_employee = plan.staff_id == staff.pk
        signed = plan.employee_signed_at if is_employee else plan.manager_signed_at
        if plan.status == WorkPlanStatus.ACTIVE and not signed:
            # Extended since it was signed: both sign the plan as it now is.
            items.append(
                todo.Item(
                    key=f"supervision.plan-resign:{plan.pk}:{plan.expires_on.isoformat()}",
                    text=_("The collaborative work plan for %(name)s was extended: sign it again")
                    % {"name": plan.staff.display_name},
                    url=plan.get_absolute_url(),
                    due=plan.expires_on,
                    app=APP,
                )
            )
        if plan.status == WorkPlanStatus.DRAFT:
            if signed:
                continue
            text = (
                _("Your collaborative work plan: answer your sections and sign")
                if is_employee
                else _("Collaborative work plan for %(name)s: finish and sign")
                % {"name": plan.staff.display_name}
            )
            items.append(
                todo.Item(
                    key=f"supervision.plan-sign:{plan.pk}",
                    text=text,
                    url=plan.get_absolute_url(),
                    due=plan.start_date,
                    app=APP,
                )
            )
        elif not is_employee and plan.reminder_date() <= today <= plan.expires_on:
            items.append(
                todo.Item(
                    key=f"supervision.plan-expiry:{plan.pk}:{plan.expires_on.isoformat()}",
                    text=_(
                        "The collaborative work plan for %(name)s expires on %(date)s: "
                        "close it or extend it"
                    )
                    % {
                        "name": plan.staff.display_name,
                        "date": formats.date_format(plan.expires_on),
                    },
                    url=plan.get_absolute_url(),
                    due=plan.expires_on,
                    app=APP,
                )
            )
    return items
