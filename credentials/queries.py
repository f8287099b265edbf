"""Credential periods with their CE hours summed in the database, and what follows from them.

`period_rows` makes a fixed number of queries however many periods and entries there are:
the categories (1), the periods with one summed subquery per category (1) and the rules'
requirements (1).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from credentials import progress as progress_module
from credentials.models import (
    EXPIRED,
    STATUS_LABELS,
    CECategory,
    CEEntry,
    CERequirement,
    CEStatus,
)

DUE_WINDOWS = (30, 60, 90)


def _hours_in_period(**filters):
    entries = (
        CEEntry.objects.filter(
            staff_id=OuterRef("credential__staff_id"),
            completed_on__gte=OuterRef("starts_on"),
            completed_on__lte=OuterRef("ends_on"),
            **filters,
        )
        .order_by()
        .values("staff_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(entries[:1]),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


@dataclass
class Row:
    period: object
    progress: object
    today: datetime.date

    @property
    def credential(self):
        return self.period.credential

    @property
    def staff(self):
        return self.period.credential.staff

    @property
    def status(self):
        return self.period.status_on(self.today)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def days_left(self):
        return (self.period.ends_on - self.today).days

    @property
    def days_ago(self):
        return -self.days_left

    @property
    def expired(self):
        return self.status == EXPIRED

    @property
    def short(self):
        return self.progress.behind

    def due_within(self, days):
        return 0 <= self.days_left <= days


def period_rows(periods, today):
    """[Row] for a queryset of CredentialPeriods, in its order."""
    categories = list(CECategory.objects.values_list("pk", flat=True))
    annotations = {
        f"hours_{pk}": _hours_in_period(status=CEStatus.VERIFIED, category_id=pk)
        for pk in categories
    }
    annotations["hours_pending"] = _hours_in_period(status=CEStatus.PENDING)
    periods = (
        periods.select_related("rules", "credential__credential_type", "credential__staff__program")
        .prefetch_related(
            Prefetch(
                "rules__requirements",
                queryset=CERequirement.objects.order_by("order", "pk"),
            )
        )
        .annotate(**annotations)
    )
    rows = []
    for period in periods:
        sums = {pk: getattr(period, f"hours_{pk}") for pk in categories}
        sums = {pk: hours for pk, hours in sums.items() if hours}
        result = progress_module.compute(
            period,
            list(period.rules.requirements.all()),
            sums,
            pending=period.hours_pending,
            today=today,
        )
        rows.append(Row(period, result, today))
    return rows


def summary_by_program(periods, rows, today):
    """Counts per program for the dashboard's table: expiry in SQL (one query), "short of
    hours" from the rows already summed."""
    expiry = {
        f"within_{days}": Count(
            "pk", filter=Q(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days))
        )
        for days in DUE_WINDOWS
    }
    table = {
        entry["credential__staff__program"]: entry
        for entry in periods.order_by()
        .values("credential__staff__program", "credential__staff__program__name")
        .annotate(total=Count("pk"), expired=Count("pk", filter=Q(ends_on__lt=today)), **expiry)
    }
    for entry in table.values():
        entry["short"] = 0
    for row in rows:
        entry = table.get(row.staff.program_id)
        if entry is not None and row.short:
            entry["short"] += 1
    return sorted(
        table.values(),
        key=lambda e: (
            e["credential__staff__program__name"] is None,
            (e["credential__staff__program__name"] or "").lower(),
        ),
    )
