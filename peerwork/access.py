"""Who may see and change what. The one place that decides it.

Every view gets its objects through a function here. Anything a user may not see is a 404,
never a 403: a 403 would tell them the object exists.

The rules (DESIGN.md):
- peer staff (and anyone with a staff record): themselves;
- supervisors: themselves and their direct and indirect reports, at any depth;
- HR: everyone in their agency;
- admins: everything, plus the Django admin.

This module is the one piece of the core that knows the apps' models: keeping every
who-sees-what rule in one file matters more than the dependency direction here.
"""

from django.db.models import Q
from django.http import Http404

from peerwork.models import Program, StaffMember, report_ids_subquery


def is_hr_or_admin(user):
    return user.is_authenticated and (user.is_hr or user.is_admin)


def _own_staff_id(user):
    staff = user.staff_record if user.is_authenticated else None
    return staff.pk if staff else None


# --- staff -----------------------------------------------------------------------------------


def visible_staff(user):
    """The staff members this user may see (a queryset; callers add select_related)."""
    if not user.is_authenticated or not user.is_active:
        return StaffMember.objects.none()
    if user.is_admin:
        return StaffMember.objects.all()
    if user.is_hr and user.agency_id:
        return StaffMember.objects.filter(agency_id=user.agency_id)
    own_id = _own_staff_id(user)
    if own_id is None:
        return StaffMember.objects.none()
    condition = Q(pk=own_id)
    if user.is_supervisor:
        condition |= Q(pk__in=report_ids_subquery(own_id))
    return StaffMember.objects.filter(condition)


def report_staff(user):
    """A supervisor's direct and indirect reports (not themselves)."""
    own_id = _own_staff_id(user)
    if own_id is None or not user.is_supervisor:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(pk__in=report_ids_subquery(own_id))


def get_staff_for_user(user, pk, queryset=None):
    """The staff member `pk` if this user may see them, else 404."""
    queryset = visible_staff(user) if queryset is None else queryset & visible_staff(user)
    try:
        return queryset.get(pk=int(pk))
    except (StaffMember.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_edit_staff(user, staff):
    """HR and admins keep staff records; a person may not edit their own reporting line."""
    return is_hr_or_admin(user) and (user.is_admin or staff.agency_id == user.agency_id)


def visible_programs(user):
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_admin:
        return Program.objects.all()
    if user.agency_id:
        return Program.objects.filter(agency_id=user.agency_id)
    return Program.objects.none()


# --- onboarding ------------------------------------------------------------------------------
# HR: every plan of their agency; admins: all; supervisors: plans whose hire reports to them
# (at any depth), or whose assigned supervisor is them or one of their reports; the hire: their
# own plan. A peer mentor or the HR contact sees a plan only through one of those roles.


def visible_onboarding_plans(user):
    from onboarding.models import OnboardingPlan

    if not user.is_authenticated or not user.is_active:
        return OnboardingPlan.objects.none()
    if user.is_admin:
        return OnboardingPlan.objects.all()
    condition = Q(pk__in=[])
    if user.is_hr and user.agency_id:
        condition |= Q(agency_id=user.agency_id)
    own_id = _own_staff_id(user)
    if own_id is not None:
        condition |= Q(hire_id=own_id)
        if user.is_supervisor:
            reports = report_ids_subquery(own_id)
            condition |= (
                Q(supervisor_id=own_id) | Q(hire_id__in=reports) | Q(supervisor_id__in=reports)
            )
    return OnboardingPlan.objects.filter(condition)


def get_onboarding_plan_for_user(user, pk, queryset=None):
    from onboarding.models import OnboardingPlan

    plans = visible_onboarding_plans(user)
    queryset = plans if queryset is None else queryset.filter(pk__in=plans.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (OnboardingPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_manage_onboarding(user, agency_id=None):
    """Start plans, change their settings, add or remove tasks: HR (own agency) and admins."""
    if not is_hr_or_admin(user):
        return False
    return user.is_admin or agency_id is None or agency_id == user.agency_id


def can_work_on_onboarding_plan(user, plan):
    """Complete any task and record check-ins: HR, admins and the supervisors who see it."""
    if can_manage_onboarding(user, plan.agency_id):
        return True
    own_id = _own_staff_id(user)
    return (
        own_id is not None
        and user.is_supervisor
        and plan.hire_id != own_id
        and visible_onboarding_plans(user).filter(pk=plan.pk).exists()
    )


def can_update_onboarding_task(user, plan, task, can_work=None):
    """Those who work on the plan, and the hire for a task assigned to them."""
    if can_work if can_work is not None else can_work_on_onboarding_plan(user, plan):
        return True
    own_id = _own_staff_id(user)
    return own_id is not None and plan.hire_id == own_id and task.assignee_id == own_id


def visible_onboarding_checkins(user, plan):
    """The hire sees their own check-ins, never those held with other staff about them."""
    from onboarding.models import CheckinKind

    checkins = plan.checkins.all()
    if can_work_on_onboarding_plan(user, plan):
        return checkins
    return checkins.filter(kind=CheckinKind.WITH_HIRE)


def get_onboarding_task_for_user(user, plan, pk, queryset=None):
    """A task of a plan the user may see (the plan from get_onboarding_plan_for_user)."""
    from onboarding.models import Task

    queryset = plan.tasks.all() if queryset is None else queryset.filter(plan=plan)
    try:
        return queryset.get(pk=int(pk))
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_onboarding_checkin_for_user(user, plan, pk):
    from onboarding.models import Checkin

    try:
        return visible_onboarding_checkins(user, plan).get(pk=int(pk))
    except (Checkin.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# --- competencies ------------------------------------------------------------------------------


def visible_framework_versions(user):
    """Every logged-in user may read published and retired versions; drafts are for admins."""
    from competencies.models import FrameworkVersion, VersionStatus

    if not user.is_authenticated or not user.is_active:
        return FrameworkVersion.objects.none()
    if user.is_admin:
        return FrameworkVersion.objects.all()
    return FrameworkVersion.objects.exclude(status=VersionStatus.DRAFT)


def get_framework_version_for_user(user, slug, label, queryset=None):
    """The version `label` of framework `slug` if this user may read it, else 404."""
    from competencies.models import FrameworkVersion

    visible = visible_framework_versions(user)
    queryset = visible if queryset is None else queryset & visible
    try:
        return queryset.get(framework__slug=slug, label=label)
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None


def visible_reference_lists(user):
    from competencies.models import ReferenceList

    if not user.is_authenticated or not user.is_active:
        return ReferenceList.objects.none()
    return ReferenceList.objects.all()


def get_reference_list_for_user(user, slug):
    from competencies.models import ReferenceList

    try:
        return visible_reference_lists(user).get(slug=slug)
    except ReferenceList.DoesNotExist:
        raise Http404 from None


# --- evaluations -----------------------------------------------------------------------------


# The app's models are imported inside the functions: the core loads before the apps.


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
    own_id = _own_staff_id(user)
    if own_id is not None:
        condition |= Q(subject_id=own_id, kind=Kind.SELF)
        condition |= Q(subject_id=own_id, kind=Kind.SUPERVISOR) & ~Q(status=Status.DRAFT)
        if user.is_supervisor:
            reports = Q(subject_id__in=report_ids_subquery(own_id))
            condition |= reports & Q(kind=Kind.SUPERVISOR)
            condition |= reports & Q(kind=Kind.SELF) & ~Q(status=Status.DRAFT)
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


def supervises(user, staff_id):
    """True when `staff_id` is one of this supervisor's direct or indirect reports."""
    return report_staff(user).filter(pk=staff_id).exists()


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
        and evaluation.status != Status.DRAFT
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


# --- assessments -----------------------------------------------------------------------------
# HR and admins open rounds and read results (HR for their own agency). A staff member sees
# only their own invitations. Nobody reaches a response except through its own invitation
# (assessments/services.py), so there is deliberately no `get_response_for_user`.


def visible_assessment_rounds(user):
    from assessments.models import AssessmentRound

    if not is_hr_or_admin(user) or not user.is_active:
        return AssessmentRound.objects.none()
    if user.is_admin:
        return AssessmentRound.objects.all()
    if user.agency_id:
        return AssessmentRound.objects.filter(agency_id=user.agency_id)
    return AssessmentRound.objects.none()


def get_assessment_round_for_user(user, pk, queryset=None):
    """A round this user may manage (and read the results of), else 404."""
    from assessments.models import AssessmentRound

    rounds = visible_assessment_rounds(user)
    queryset = rounds if queryset is None else queryset & rounds
    try:
        return queryset.get(pk=int(pk))
    except (AssessmentRound.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_open_assessment_round(user):
    return is_hr_or_admin(user) and (user.is_admin or bool(user.agency_id))


def assessment_agencies(user):
    """The agencies this user may open a round for."""
    from peerwork.models import Agency

    if not can_open_assessment_round(user):
        return Agency.objects.none()
    if user.is_admin:
        return Agency.objects.all()
    return Agency.objects.filter(pk=user.agency_id)


def own_assessment_invitations(user):
    """The invitations addressed to this user's own staff record."""
    from assessments.models import Invitation

    own_id = _own_staff_id(user) if user.is_authenticated and user.is_active else None
    if own_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(staff_id=own_id)


def get_assessment_invitation_for_user(user, pk, queryset=None):
    """The user's own invitation `pk`, else 404 (HR and admins included: it is not theirs)."""
    from assessments.models import Invitation

    own = own_assessment_invitations(user)
    queryset = own if queryset is None else queryset & own
    try:
        return queryset.get(pk=int(pk))
    except (Invitation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# --- evaluations PDF -------------------------------------------------------------------------


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
