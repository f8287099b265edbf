"""Onboarding plans, their tasks and check-ins.

HR: every plan of their agency; admins: all; supervisors: plans whose hire reports to them
(at any depth), or whose assigned supervisor is them or one of their reports; the hire: their
own plan. A peer mentor or the HR contact sees a plan only through one of those roles.
"""

from django.db.models import Q
from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id
from peerwork.models import report_ids_subquery


def visible_onboarding_plans(user):
    from onboarding.models import OnboardingPlan

    if not user.is_authenticated or not user.is_active:
        return OnboardingPlan.objects.none()
    if user.is_admin:
        return OnboardingPlan.objects.all()
    condition = Q(pk__in=[])
    if user.is_hr and user.agency_id:
        condition |= Q(agency_id=user.agency_id)
    own_id = own_staff_id(user)
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
    own_id = own_staff_id(user)
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
    own_id = own_staff_id(user)
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
