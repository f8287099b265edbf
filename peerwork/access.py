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
