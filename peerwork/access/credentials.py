"""Credentials, their periods and CE entries.

Everyone sees their own; supervisors their reports' (any depth); HR their agency's; admins
all. The person and HR record credentials, renewals and CE hours; HR or a supervisor of the
person verifies entered hours (nobody verifies their own).
"""

from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id, supervises
from peerwork.access.staff import visible_staff


def visible_credentials(user):
    from credentials.models import Credential

    return Credential.objects.filter(staff__in=visible_staff(user))


def visible_ce_entries(user):
    from credentials.models import CEEntry

    return CEEntry.objects.filter(staff__in=visible_staff(user))


def _get(queryset, model, pk):
    try:
        return queryset.get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_credential_for_user(user, pk, queryset=None):
    from credentials.models import Credential

    visible = visible_credentials(user)
    queryset = visible if queryset is None else queryset.filter(pk__in=visible.values("pk"))
    return _get(queryset, Credential, pk)


def get_credential_period_for_user(user, pk, queryset=None):
    from credentials.models import CredentialPeriod

    queryset = CredentialPeriod.objects.all() if queryset is None else queryset
    queryset = queryset.filter(credential__in=visible_credentials(user))
    return _get(queryset, CredentialPeriod, pk)


def get_ce_entry_for_user(user, pk, queryset=None):
    from credentials.models import CEEntry

    visible = visible_ce_entries(user)
    queryset = visible if queryset is None else queryset.filter(pk__in=visible.values("pk"))
    return _get(queryset, CEEntry, pk)


def can_view_credentials_dashboard(user):
    return user.is_authenticated and (is_hr_or_admin(user) or user.is_supervisor)


def can_record_credentials(user, staff):
    """Add a credential, renew it, enter CE hours: the person themselves, HR and admins."""
    if not user.is_authenticated:
        return False
    if is_hr_or_admin(user):
        return user.is_admin or staff.agency_id == user.agency_id
    return own_staff_id(user) == staff.pk


def can_verify_ce(user, staff):
    """Verify the CE hours `staff` entered: HR (own agency), admins and the person's
    supervisors; never one's own hours."""
    if not user.is_authenticated or own_staff_id(user) == staff.pk:
        return False
    if is_hr_or_admin(user):
        return user.is_admin or staff.agency_id == user.agency_id
    return user.is_supervisor and supervises(user, staff.pk)
