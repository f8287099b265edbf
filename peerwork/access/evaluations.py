"""Evaluations, cycles and their PDF exports."""

from django.db.models import Q
from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id, report_staff, supervises
from peerwork.models import report_ids_subquery


def visible_evaluations(user):
    """Evaluations this user may open.

    A staff member: their own self-assessments, and supervisor evaluations about them once
    submitted. A supervisor: also what they wrote, their reports' supervisor evaluations, and
    their reports' self-assessments once submitted. HR: their agency's. Admin: all.
    """
    from evaluations.models import Evaluation
    from evaluations.models import EvaluationKind as Kind
    from evaluations.models import EvaluationStatus as Status

    if not user.is_authenticated or not user.is_active:
        return Evaluation.objects.none()
    if user.is_admin:
        return Evaluation.objects.all()
    if user.is_hr and user.agency_id:
        return Evaluation.objects.filter(subject__agency_id=user.agency_id)
    condition = Q(author=user)
    own_id = own_staff_id(user)
    # Shared once submitted; a draft that was cancelled stays with its author.
    shared = ~Q(status=Status.DRAFT) & ~Q(status=Status.CANCELLED, author_signed_at__isnull=True)
    if own_id is not None:
        condition |= Q(subject_id=own_id, kind=Kind.SELF)
        condition |= Q(subject_id=own_id, kind=Kind.SUPERVISOR) & shared
        if user.is_supervisor:
            reports = Q(subject_id__in=report_ids_subquery(own_id))
            condition |= reports & Q(kind=Kind.SUPERVISOR)
            condition |= reports & Q(kind=Kind.SELF) & shared
    return Evaluation.objects.filter(condition)


def get_evaluation_for_user(user, pk, queryset=None):
    """The evaluation `pk` if this user may see it, else 404."""
    from evaluations.models import Evaluation

    queryset = (
        visible_evaluations(user) if queryset is None else queryset & visible_evaluations(user)
    )
    try:
        return queryset.get(pk=int(pk))
    except (Evaluation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_edit_evaluation(user, evaluation):
    """Drafts only. The author; for a supervisor evaluation also any supervisor above the
    person (a new supervisor can take over). A self-assessment is the staff member's alone."""
    from evaluations.models import EvaluationKind as Kind
    from evaluations.models import EvaluationStatus as Status

    if not user.is_authenticated or evaluation.status != Status.DRAFT:
        return False
    if evaluation.author_id == user.pk:
        return evaluation.kind == Kind.SUPERVISOR or evaluation.subject.user_id == user.pk
    return evaluation.kind == Kind.SUPERVISOR and supervises(user, evaluation.subject_id)


def can_acknowledge_evaluation(user, evaluation):
    from evaluations.models import EvaluationKind as Kind
    from evaluations.models import EvaluationStatus as Status

    return (
        user.is_authenticated
        and evaluation.kind == Kind.SUPERVISOR
        and evaluation.status == Status.SUBMITTED
        and evaluation.subject.user_id == user.pk
    )


def can_reopen_evaluation(user, evaluation):
    from evaluations.models import EvaluationStatus as Status

    return (
        is_hr_or_admin(user)
        and evaluation.status in (Status.SUBMITTED, Status.ACKNOWLEDGED)
        and (user.is_admin or evaluation.subject.agency_id == user.agency_id)
    )


def can_reassign_or_cancel_evaluation(user, evaluation):
    """HR (the person's agency) and admins move an open evaluation to another supervisor
    or cancel it with a reason, for instance when someone leaves."""
    from evaluations.models import OPEN_STATUSES

    return (
        is_hr_or_admin(user)
        and evaluation.status in OPEN_STATUSES
        and (user.is_admin or evaluation.subject.agency_id == user.agency_id)
    )


def can_manage_cycles(user):
    return is_hr_or_admin(user)


def visible_cycles(user):
    from evaluations.models import EvaluationCycle

    if not user.is_authenticated or not user.is_active:
        return EvaluationCycle.objects.none()
    if user.is_admin:
        return EvaluationCycle.objects.all()
    if user.is_hr and user.agency_id:
        return EvaluationCycle.objects.filter(agency_id=user.agency_id)
    return EvaluationCycle.objects.none()


def get_cycle_for_user(user, pk, queryset=None):
    from evaluations.models import EvaluationCycle

    queryset = visible_cycles(user) if queryset is None else queryset & visible_cycles(user)
    try:
        return queryset.get(pk=int(pk))
    except (EvaluationCycle.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def evaluable_staff(user):
    """Whom this user may start an evaluation for outside a cycle: their peer reports."""
    from peerwork.models import PeerRole, StaffStatus

    return report_staff(user).filter(peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE)


def can_export_evaluations(user):
    """Bulk PDF exports of a cycle are for HR and admins."""
    return is_hr_or_admin(user)


def visible_export_jobs(user):
    from evaluations.models import ExportJob

    if not user.is_authenticated or not user.is_active:
        return ExportJob.objects.none()
    if user.is_admin:
        return ExportJob.objects.all()
    if user.is_hr and user.agency_id:
        return ExportJob.objects.filter(agency_id=user.agency_id)
    return ExportJob.objects.none()


def get_export_job_for_user(user, pk, queryset=None):
    from evaluations.models import ExportJob

    visible = visible_export_jobs(user)
    queryset = visible if queryset is None else queryset & visible
    try:
        return queryset.get(pk=int(pk))
    except (ExportJob.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def signed_history_evaluations(user):
    """Evaluations whose signed copies and history this user may read: those they may open,
    plus their own supervisor evaluation reopened after it was signed (they keep the copies
    they read and acknowledged; the new draft stays hidden until it is submitted again)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef

    from evaluations.models import Evaluation
    from evaluations.models import EvaluationKind as Kind
    from peerwork.signatures import Signature

    visible = visible_evaluations(user)
    own_id = own_staff_id(user) if user.is_authenticated and user.is_active else None
    if own_id is None:
        return visible
    signed = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(Evaluation), object_id=OuterRef("pk")
    )
    return Evaluation.objects.filter(
        Q(pk__in=visible.values("pk"))
        | (Q(subject_id=own_id, kind=Kind.SUPERVISOR) & Exists(signed))
    )


def get_signed_history_evaluation_for_user(user, pk, queryset=None):
    """The evaluation `pk` if this user may read its signed copies, else 404."""
    from evaluations.models import Evaluation

    allowed = signed_history_evaluations(user)
    queryset = allowed if queryset is None else queryset & allowed
    try:
        return queryset.get(pk=int(pk))
    except (Evaluation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
