"""When someone leaves: their open evaluations, and those they were writing, wait for HR.

Nothing is closed automatically: each is listed (peerwork/employment.py) so HR can move it
to another supervisor above the person, or cancel it with a reason.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import OPEN_STATUSES, Evaluation, EvaluationKind, EvaluationStatus
from peerwork.employment import OpenItem


def _text(evaluation, staff):
    values = {
        "subject": evaluation.subject.display_name,
        "author": evaluation.author.display_name(),
        "cycle": evaluation.cycle.name if evaluation.cycle_id else _("outside a cycle"),
    }
    if evaluation.subject_id != staff.pk:
        return _("Supervisor evaluation of %(subject)s they were writing (%(cycle)s)") % values
    if evaluation.kind == EvaluationKind.SELF:
        return _("Their self-assessment, not submitted (%(cycle)s)") % values
    if evaluation.status == EvaluationStatus.SUBMITTED:
        return _("Their evaluation by %(author)s, not acknowledged (%(cycle)s)") % values
    return _("Their evaluation by %(author)s, still a draft (%(cycle)s)") % values


def open_items(staff):
    """Open evaluations about `staff`, and drafts they were writing about others (1 query)."""
    condition = Q(subject=staff, status__in=OPEN_STATUSES)
    if staff.user_id:
        condition |= Q(
            author_id=staff.user_id, kind=EvaluationKind.SUPERVISOR, status=EvaluationStatus.DRAFT
        ) & ~Q(subject=staff)
    evaluations = (
        Evaluation.objects.filter(condition)
        .select_related("subject", "author__staff_member", "cycle")
        .order_by("due_date", "pk")
    )
    back = reverse("peerwork:staff_open_work", args=[staff.pk])
    return [
        OpenItem(
            key=f"evaluations.evaluation:{evaluation.pk}",
            text=_text(evaluation, staff),
            url=f"{reverse('evaluations:evaluation_reassign', args=[evaluation.pk])}?next={back}",
            app="evaluations",
            action=_("Reassign or cancel")
            if evaluation.is_draft and evaluation.kind == EvaluationKind.SUPERVISOR
            else _("Cancel or keep"),
        )
        for evaluation in evaluations
    ]
