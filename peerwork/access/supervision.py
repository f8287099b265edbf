"""Supervision sessions, action items and collaborative work plans.

A session is seen by its supervisor, its supervisees, the supervisor's own supervisors (at
any depth), HR of the agency and admins. A work plan likewise: the employee, the manager,
the manager's supervisors, HR, admins. Notes, comments and plans appear on their own pages
only, never in a list (lists show dates, durations and acknowledgements).

Recording: a supervisor records sessions with the people who report to them (at any depth);
only the session's supervisor changes it. The role chart of a person follows the person's
sessions; a program's chart counts only the sessions the viewer may see.
"""

from django.db.models import Q
from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id
from peerwork.access.staff import get_staff_for_user
from peerwork.models import report_ids_subquery


def _supervisor_condition(user, field):
    """Q for rows whose `field` (a StaffMember id) is the user or one of their reports."""
    own_id = own_staff_id(user)
    if own_id is None:
        return Q(pk__in=[])
    condition = Q(**{field: own_id})
    if user.is_supervisor:
        condition |= Q(**{f"{field}__in": report_ids_subquery(own_id)})
    return condition


def visible_supervision_sessions(user):
    from supervision.models import Participant, SupervisionSession

    if not user.is_authenticated or not user.is_active:
        return SupervisionSession.objects.none()
    if user.is_admin:
        return SupervisionSession.objects.all()
    condition = Q(pk__in=[])
    if user.is_hr and user.agency_id:
        condition |= Q(agency_id=user.agency_id)
    own_id = own_staff_id(user)
    if own_id is not None:
        condition |= _supervisor_condition(user, "supervisor_id")
        condition |= Q(pk__in=Participant.objects.filter(staff_id=own_id).values("session_id"))
    return SupervisionSession.objects.filter(condition)


def get_supervision_session_for_user(user, pk, queryset=None):
    from supervision.models import SupervisionSession

    sessions = visible_supervision_sessions(user)
    queryset = sessions if queryset is None else queryset.filter(pk__in=sessions.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (SupervisionSession.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def visible_supervision_participants(user):
    """Participant rows (a person in a session) the user may see, for counts and charts."""
    from supervision.models import Participant

    return Participant.objects.filter(session__in=visible_supervision_sessions(user))


def can_record_supervision(user, staff):
    """Record a session with `staff`: a supervisor above them in the reporting line."""
    from peerwork.access.rules import supervises

    return (
        user.is_authenticated
        and user.is_supervisor
        and own_staff_id(user) is not None
        and own_staff_id(user) != staff.pk
        and supervises(user, staff.pk)
    )


def can_edit_supervision_session(user, session):
    return own_staff_id(user) is not None and session.supervisor_id == own_staff_id(user)


def can_reopen_supervision_session(user, session):
    """Reopen a signed session to correct it: the one who may change it, its supervisor.
    Everyone signs again, and the reason stays with the earlier signed copies, which
    everyone who sees the session can read."""
    return can_edit_supervision_session(user, session)


def get_supervision_person_for_user(user, pk, queryset=None):
    """A person whose supervision record the user may open: themselves, their reports (a
    supervisor), everyone of the agency (HR), everyone (admin). The same as the staff page."""
    return get_staff_for_user(user, pk, queryset=queryset)


def can_set_supervision_cadence(user, staff):
    if is_hr_or_admin(user):
        return user.is_admin or staff.agency_id == user.agency_id
    return can_record_supervision(user, staff)


def can_manage_supervision_settings(user):
    return is_hr_or_admin(user) and (user.is_admin or user.agency_id is not None)


def can_see_supervision_totals(user):
    return is_hr_or_admin(user) or (user.is_authenticated and user.is_supervisor)


def get_supervision_program_for_user(user, pk):
    """A program's role chart: HR and admins; supervisors (counting what they may see)."""
    from peerwork.access.staff import visible_programs
    from peerwork.models import Program

    if not (is_hr_or_admin(user) or (user.is_authenticated and user.is_supervisor)):
        raise Http404
    try:
        return visible_programs(user).get(pk=int(pk))
    except (Program.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def visible_work_plans(user):
    from supervision.models import WorkPlan

    if not user.is_authenticated or not user.is_active:
        return WorkPlan.objects.none()
    if user.is_admin:
        return WorkPlan.objects.all()
    condition = Q(pk__in=[])
    if user.is_hr and user.agency_id:
        condition |= Q(agency_id=user.agency_id)
    own_id = own_staff_id(user)
    if own_id is not None:
        condition |= _supervisor_condition(user, "manager_id") | Q(staff_id=own_id)
    return WorkPlan.objects.filter(condition)


def get_work_plan_for_user(user, pk, queryset=None):
    from supervision.models import WorkPlan

    plans = visible_work_plans(user)
    queryset = plans if queryset is None else queryset.filter(pk__in=plans.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (WorkPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def work_plan_role(user, plan):
    """ "employee", "manager" or None: which sections this user writes and signs."""
    own_id = own_staff_id(user)
    if own_id is None:
        return None
    if plan.staff_id == own_id:
        return "employee"
    if plan.manager_id == own_id:
        return "manager"
    return None


def can_extend_work_plan(user, plan):
    return work_plan_role(user, plan) == "manager" or (
        is_hr_or_admin(user) and (user.is_admin or plan.agency_id == user.agency_id)
    )


def can_update_supervision_action(user, action):
    """Mark done: its owner, the person it concerns, the supervisors above that person."""
    from peerwork.access.rules import supervises

    own_id = own_staff_id(user)
    if own_id is None:
        return False
    return own_id in (action.owner_id, action.staff_id) or (
        user.is_supervisor and supervises(user, action.staff_id)
    )
