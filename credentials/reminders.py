"""What needs you: credentials close to expiry, for the person, their supervisors and HR.

An item appears when a credential's current period is 90, 60, 30 or 7 days from expiry, and
on expiry; its key names the threshold reached (`credentials.expiry:<period>:<days>`) and it
is due on the day that threshold is reached (the digest sends what is due), so each threshold
is its own reminder; the text names the expiry date. Once the digest has sent a threshold's
item to someone (a `ReminderSent` row of an earlier day), it is not listed for them again:
each threshold reaches each person at most once. A renewal (a new period) ends them all.
Two queries per call at most.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from credentials.models import CredentialPeriod
from peerwork import access
from peerwork.models import ReminderSent, StaffStatus

THRESHOLDS = (90, 60, 30, 7, 0)


def threshold_for(days_left):
    """The smallest threshold at or above `days_left` (0 once expiry day comes), or None."""
    reached = [t for t in THRESHOLDS if days_left <= t]
    return min(reached) if reached else None


def expiry_items(user, today):
    from peerwork import todo

    if not user.is_authenticated:
        return []
    own_id = access.own_staff_id(user)
    condition = Q(pk__in=[])
    # HR, not admins: an admin keeps the system, not the people's credentials.
    if user.is_hr and user.agency_id:
        condition |= Q(credential__staff__agency_id=user.agency_id)
    else:
        if own_id is not None:
            condition |= Q(credential__staff_id=own_id)
        if user.is_supervisor:
            condition |= Q(credential__staff__in=access.report_staff(user))
    periods = (
        CredentialPeriod.objects.filter(
            condition,
            is_current=True,
            ends_on__lte=today + datetime.timedelta(days=THRESHOLDS[0]),
        )
        .exclude(credential__staff__status=StaffStatus.FORMER)
        .select_related("credential__credential_type", "credential__staff")
        .order_by("ends_on", "pk")
    )
    items = []
    for period in periods:
        days_left = (period.ends_on - today).days
        threshold = threshold_for(days_left)
        credential = period.credential
        own = credential.staff_id == own_id
        names = {
            "type": credential.credential_type.name,
            "name": credential.staff.display_name,
            "date": period.ends_on.isoformat(),
        }
        if days_left < 0:
            text = (
                _("Your %(type)s expired on %(date)s: record the renewal")
                if own
                else _("%(name)s's %(type)s expired on %(date)s")
            ) % names
        else:
            text = (
                _("Your %(type)s expires on %(date)s: file the renewal")
                if own
                else _("%(name)s's %(type)s expires on %(date)s")
            ) % names
        items.append(
            todo.Item(
                key=f"credentials.expiry:{period.pk}:{threshold}",
                text=text,
                url=reverse("credentials:credential_detail", args=[credential.pk]),
                due=period.ends_on - datetime.timedelta(days=threshold),
                app="credentials",
            )
        )
    if not items:
        return items
    # Sent on an earlier day: done. (Today's row is the digest's own once-a-day guard.)
    reminded = set(
        ReminderSent.objects.filter(
            user=user, key__in=[item.key for item in items], date__lt=today
        ).values_list("key", flat=True)
    )
    return [item for item in items if item.key not in reminded]
