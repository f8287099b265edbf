"""The rules every area shares: roles, the user's own staff record, reports at any depth."""

from peerwork.models import StaffMember, report_ids_subquery


def is_hr_or_admin(user):
    return user.is_authenticated and (user.is_hr or user.is_admin)


def own_staff_id(user):
    staff = user.staff_record if user.is_authenticated else None
    return staff.pk if staff else None


def report_staff(user):
    """A supervisor's direct and indirect reports (not themselves)."""
    own_id = own_staff_id(user)
    if own_id is None or not user.is_supervisor:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(pk__in=report_ids_subquery(own_id))


def supervises(user, staff_id):
    """True when `staff_id` is one of this supervisor's direct or indirect reports."""
    return report_staff(user).filter(pk=staff_id).exists()
