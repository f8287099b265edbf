"""Staff records and programs."""

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
    if user.is_supervisor:
        return StaffMember.objects.filter(pk__in=report_ids_subquery(own_id, include_self=True))
    return StaffMember.objects.filter(pk=own_id)


def get_staff_for_user(user, pk, queryset=None):
    """The staff member `pk` if this user may see them, else 404."""
    queryset = visible_staff(user) if queryset is None else queryset & visible_staff(user)
    try:
        return queryset.get(pk=int(pk))
    except (StaffMember.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_manage_staff(user, agency_id=None):
    """Add, edit, move and end staff records, give accounts: HR in their agency, admins
    everywhere. Supervisors and peer staff only read (what `visible_staff` lets them)."""
    if not is_hr_or_admin(user):
        return False
    return user.is_admin or agency_id is None or agency_id == user.agency_id


def get_managed_staff_for_user(user, pk, queryset=None):
    """The staff member `pk` if this user may change their record, else 404."""
    staff = get_staff_for_user(user, pk, queryset=queryset)
    if not can_manage_staff(user, staff.agency_id):
        raise Http404
    return staff


def visible_invitations(user):
    """Invitations HR may see and send again: their agency's; admins: all."""
    from peerwork.models import Invitation

    if not is_hr_or_admin(user):
        return Invitation.objects.none()
    if user.is_admin:
        return Invitation.objects.all()
    if not user.agency_id:
        return Invitation.objects.none()
    return Invitation.objects.filter(user__agency_id=user.agency_id)


def visible_programs(user):
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_admin:
        return Program.objects.all()
    if user.agency_id:
        return Program.objects.filter(agency_id=user.agency_id)
    return Program.objects.none()


def can_import_roster(user):
    """HR and admins import and export their own agency's roster."""
    return is_hr_or_admin(user) and bool(user.agency_id)


def visible_roster_imports(user):
    from peerwork.models import RosterImport

    if not can_import_roster(user):
        return RosterImport.objects.none()
    return RosterImport.objects.filter(agency_id=user.agency_id)


def get_roster_import_for_user(user, pk):
    from peerwork.models import RosterImport

    try:
        return visible_roster_imports(user).select_related("agency").get(pk=int(pk))
    except (RosterImport.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
