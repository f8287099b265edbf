"""What needs you from evaluations (see peerwork/todo.py): evaluations to write or submit,
self-assessments to do, and evaluations to read and acknowledge. Two queries whatever the rows.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import EvaluationKind, EvaluationStatus
from peerwork import access, todo

# A submitted evaluation has no acknowledgement deadline of its own: the person is asked to
# read and acknowledge it within two weeks of its signing.
ACKNOWLEDGE_WITHIN_DAYS = 14


def draft_item(evaluation):
    """The to-do item for a draft its author is to write (the subject joined)."""
    started = evaluation.revision > 1
    if evaluation.kind == EvaluationKind.SELF:
        text = (
            _("Finish and submit your self-assessment")
            if started
            else _("Complete your self-assessment")
        )
    elif started:
        text = _("Finish and submit the evaluation of %(name)s") % {
            "name": evaluation.subject.display_name
        }
    else:
        text = _("Write the evaluation of %(name)s") % {"name": evaluation.subject.display_name}
    return todo.Item(
        key=f"evaluations.evaluation:{evaluation.pk}",
        text=text,
        url=evaluation.get_absolute_url(),
        due=evaluation.due_date,
        app="evaluations",
    )


def evaluation_items(user, today):
    until = todo.horizon(today)
    visible = access.visible_evaluations(user)
    items = []
    drafts = (
        visible.filter(author=user, status=EvaluationStatus.DRAFT)
        .filter(Q(due_date__isnull=True) | Q(due_date__lte=until))
        .select_related("subject")
        .order_by("due_date", "pk")
    )
    items.extend(draft_item(evaluation) for evaluation in drafts)
    staff = user.staff_record
    if staff is not None:
        to_acknowledge = (
            visible.filter(
                subject=staff, kind=EvaluationKind.SUPERVISOR, status=EvaluationStatus.SUBMITTED
            )
            .select_related("author__staff_member")
            .order_by("author_signed_at", "pk")
        )
        for evaluation in to_acknowledge:
            signed = timezone.localdate(evaluation.author_signed_at)
            items.append(
                todo.Item(
                    key=f"evaluations.acknowledge:{evaluation.pk}",
                    text=_("Read and acknowledge your evaluation from %(name)s")
                    % {"name": evaluation.author.display_name()},
                    url=evaluation.get_absolute_url(),
                    due=signed + datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS),
                    app="evaluations",
                )
            )
    return items
