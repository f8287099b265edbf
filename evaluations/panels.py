"""This app's parts of the home and staff pages (see peerwork/panels.py)."""

from django.utils import timezone

from evaluations.models import EvaluationKind, EvaluationStatus
from peerwork import access
from peerwork.panels import Panel

PANEL_LIMIT = 10


def _listed(queryset):
    return queryset.select_related("subject__program", "author", "cycle").order_by(
        "due_date", "subject__full_name", "pk"
    )


def home_panel(request):
    user = request.user
    staff = user.staff_record
    if not user.is_supervisor and staff is None:
        return None
    visible = access.visible_evaluations(user)
    context = {"today": timezone.localdate(), "limit": PANEL_LIMIT}
    if user.is_supervisor:
        to_write = _listed(
            visible.filter(
                author=user, kind=EvaluationKind.SUPERVISOR, status=EvaluationStatus.DRAFT
            )
        )
        context["to_write"] = list(to_write[: PANEL_LIMIT + 1])
        context["self_submitted"] = list(
            _listed(
                visible.filter(kind=EvaluationKind.SELF, status=EvaluationStatus.SUBMITTED).exclude(
                    author=user
                )
            )[: PANEL_LIMIT + 1]
        )
    if staff is not None:
        mine = _listed(visible.filter(subject=staff))
        context["my_self"] = list(
            mine.filter(kind=EvaluationKind.SELF, status=EvaluationStatus.DRAFT)[:PANEL_LIMIT]
        )
        context["to_acknowledge"] = list(
            mine.filter(kind=EvaluationKind.SUPERVISOR, status=EvaluationStatus.SUBMITTED)[
                :PANEL_LIMIT
            ]
        )
    return Panel("evaluations/panels/home.html", context, order=20)


def staff_panel(request, staff):
    user = request.user
    evaluations = list(
        access.visible_evaluations(user)
        .filter(subject=staff)
        .select_related("author", "cycle", "framework_version__framework")
        .order_by("-created_at", "-pk")[:PANEL_LIMIT]
    )
    can_start = (
        user.is_supervisor
        and staff.is_peer
        and access.evaluable_staff(user).filter(pk=staff.pk).exists()
    )
    if not evaluations and not can_start:
        return None
    return Panel(
        "evaluations/panels/staff.html",
        {"staff": staff, "evaluations": evaluations, "can_start": can_start, "limit": PANEL_LIMIT},
        order=20,
    )
