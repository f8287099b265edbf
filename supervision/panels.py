"""This app's parts of the home and staff pages (see peerwork/panels.py)."""

import datetime

from django.utils import timezone

from peerwork import access
from peerwork.panels import Panel
from supervision import charts, services
from supervision.models import Participant, SessionStatus

PANEL_LIMIT = 10


def home_panel(request):
    """A supervisor's supervisees who are due or overdue; a supervisee's next session and
    what waits for their acknowledgement."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if access.is_hr_or_admin(user):
        context["recurring_count"] = len(
            services.recurring_programs(access.visible_supervision_participants(user), today)
        )
    staff = user.staff_record
    if staff is None:
        return (
            Panel("supervision/panels/home.html", context, order=22)
            if context.get("recurring_count")
            else None
        )
    if user.is_supervisor:
        people = services.soonest_due(services.supervisees(staff), today)
        counts = services.due_counts(people, today)
        context["waiting"] = services.with_cadences(
            services.waiting(people, today)[:PANEL_LIMIT], today
        )
        context["waiting_count"] = counts["waiting"]
        context["overdue_count"] = counts["overdue"]
        context["supervisee_count"] = counts["total"]
    mine = Participant.objects.filter(staff=staff).select_related("session__supervisor")
    context["to_acknowledge"] = list(
        mine.filter(session__status=SessionStatus.HELD, acknowledged_at__isnull=True).order_by(
            "-session__held_on"
        )[:PANEL_LIMIT]
    )
    context["next_session"] = (
        mine.filter(session__status=SessionStatus.SCHEDULED, session__held_on__gte=today)
        .order_by("session__held_on")
        .first()
    )
    if not (
        context.get("supervisee_count")
        or context.get("recurring_count")
        or context["to_acknowledge"]
        or context["next_session"]
    ):
        return None
    return Panel("supervision/panels/home.html", context, order=22)


def staff_panel(request, staff):
    """On a person's page: cadence, hours, the scope-of-role chart and their work plans, for
    those who may see their supervision."""
    user = request.user
    today = timezone.localdate()
    participants = access.visible_supervision_participants(user).filter(staff=staff)
    shares = services.role_shares(participants, today)
    plans = list(
        access.visible_work_plans(user).filter(staff=staff).select_related("manager")[:PANEL_LIMIT]
    )
    cadence = services.cadences([staff], today)[staff.pk]
    year_start = today.replace(month=1, day=1)
    hours = services.hours_by_person([staff.pk], year_start, today).get(staff.pk)
    return Panel(
        "supervision/panels/staff.html",
        {
            "person": staff,
            "today": today,
            "cadence": cadence,
            "hours": hours,
            "year_start": year_start,
            "chart": charts.role_chart(shares),
            "summary": services.role_summary(shares),
            "plans": plans,
            "can_record": access.can_record_supervision(user, staff),
            "soon": today + datetime.timedelta(days=services.DUE_SOON_DAYS),
        },
        order=35,
    )
