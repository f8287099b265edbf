"""The credentials part of the staff page and HR's home page. Fixed queries each."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from credentials import queries
from credentials.models import CredentialPeriod
from peerwork import access
from peerwork.models import StaffStatus
from peerwork.panels import Panel


def staff_credentials_panel(request, staff):
    """`staff` was fetched through access by the staff page."""
    today = timezone.localdate()
    rows = queries.period_rows(
        CredentialPeriod.objects.filter(credential__staff=staff, is_current=True).order_by(
            "ends_on", "pk"
        ),
        today,
    )
    return Panel(
        "credentials/panels/staff.html",
        {
            "staff": staff,
            "rows": rows,
            "can_record": access.can_record_credentials(request.user, staff),
        },
        order=40,
    )


def hr_panel(request):
    user = request.user
    if not access.is_hr_or_admin(user):
        return None
    today = timezone.localdate()
    periods = CredentialPeriod.objects.filter(
        is_current=True,
        credential__staff__in=access.visible_staff(user).exclude(status=StaffStatus.FORMER),
    )
    counts = periods.aggregate(
        expired=Count("pk", filter=Q(ends_on__lt=today)),
        within_90=Count(
            "pk", filter=Q(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=90))
        ),
    )
    return Panel("credentials/panels/hr.html", {"counts": counts}, order=30)
