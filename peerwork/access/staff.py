"""Staff records and programs."""

from django.db.models import Q
from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id
from peerwork.models import Program, StaffMember, report_ids_subquery


def visible_staff(user):
    """The staff members this user may see (a queryset; callers add select_related)."""
    if not user.is_authenticated or not user.is_active:
        return StaffMember.objects.none()
    if user.is_admin:
        return StaffMember.objects.all()
    if user.is_hr and user.agency_id:
        return StaffMember.objects.filter(agency_id=user.agency_id)
    own_id = own_staff_id(user)
    if own_id is None:
        return StaffMember.objects.none()
    condition = Q(pk=own_id)
    if user.is_supervisor:
        condition |= Q(pk__in=report_ids_subquery(own_id))
    return StaffMember.objects.filter(condition)



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
