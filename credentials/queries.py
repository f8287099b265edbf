"""Credential periods with their CE hours summed in the database, and what follows from them.

`period_rows` makes a fixed number of queries however many periods and entries there are:
the categories (1), the periods with one summed subquery per category (1) and the rules'
requirements (1). `short_ids` finds the periods short of hours from plain values, for the
dashboard's count and filter.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from credentials import progress as progress_module
from credentials.models import (
    EXPIRED,
    STATUS_LABELS,
    CECategory,
    CEEntry,
    CERequirement,
    CEStatus,
    CredentialPeriod,
    CredentialType,
    PeriodKind,
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
    return Coalesce(Subquery(entries[:1]), Value(Decimal(0)), output_field=HOURS)


HOURS = DecimalField(max_digits=8, decimal_places=2)


def short_ids(periods, today):
    """The pks of `periods` short of hours for the days left (`progress`'s `behind`). Reads
    plain values, no model rows: the categories, the types' requirements and one row of sums
    per period (three queries). Its arithmetic stays in `progress`, so the list, the program
    table and the "short" filter say the same."""
    categories = list(CECategory.objects.values_list("pk", flat=True))
    sums = {
        f"hours_{pk}": _hours_in_period(status=CEStatus.VERIFIED, category_id=pk)
        for pk in categories
    }
    types = {}
    for rules in CredentialType.objects.prefetch_related(
        Prefetch("requirements", queryset=CERequirement.objects.order_by("order", "pk"))
    ).only("pk", "total_ce_hours"):
        types[rules.pk] = (rules, list(rules.requirements.all()))
    short = set()
    values = (
        periods.order_by()
        .filter(kind=PeriodKind.STANDARD)
        .annotate(**sums)
        .values_list("pk", "rules_id", "starts_on", "ends_on", *sums)
    )
    for pk, rules_id, starts_on, ends_on, *hours in values:
        rules, requirements = types[rules_id]
        period = CredentialPeriod(
            kind=PeriodKind.STANDARD, rules=rules, starts_on=starts_on, ends_on=ends_on
        )
        earned = {category: h for category, h in zip(categories, hours, strict=True) if h}
        if progress_module.compute(period, requirements, earned, today=today).behind:
            short.add(pk)
    return short


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


def with_hours(periods):
    """`periods` with what `rows` needs: each category's verified hours and the pending hours
    summed in the database, and the rules' requirements. One query for the categories."""
    categories = list(CECategory.objects.values_list("pk", flat=True))
    annotations = {
        f"hours_{pk}": _hours_in_period(status=CEStatus.VERIFIED, category_id=pk)
        for pk in categories
    }
    annotations["hours_pending"] = _hours_in_period(status=CEStatus.PENDING)
    return (
        periods.select_related("rules", "credential__credential_type", "credential__staff__program")
        .prefetch_related(
            Prefetch(
                "rules__requirements",
                queryset=CERequirement.objects.order_by("order", "pk"),
            )
        )
        .annotate(**annotations)
    )


def rows(periods, today):
    """[Row] for periods fetched through `with_hours` (a queryset or a page of one)."""
    result = []
    for period in periods:
        sums = {
            int(name.removeprefix("hours_")): hours
            for name, hours in vars(period).items()
            if name.startswith("hours_") and name != "hours_pending" and hours
        }
        progress = progress_module.compute(
            period,
            list(period.rules.requirements.all()),
            sums,
            pending=period.hours_pending,
            today=today,
        )
        result.append(Row(period, progress, today))
    return result


def period_rows(periods, today):
    """[Row] for a queryset of CredentialPeriods, in its order."""
    return rows(with_hours(periods), today)


def summary_by_program(periods, short, today):
    """Counts per program for the dashboard's table in one query; `short`: `short_ids`."""
    windows = {
        f"within_{days}": Count(
            "pk", filter=Q(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days))
        )
        for days in DUE_WINDOWS
    }
    table = (
        periods.order_by()
        .values("credential__staff__program", "credential__staff__program__name")
        .annotate(
            total=Count("pk"),
            expired=Count("pk", filter=Q(ends_on__lt=today)),
            short=Count("pk", filter=Q(pk__in=short)),
            **windows,
        )
    )
    return sorted(
        table,
        key=lambda e: (
            e["credential__staff__program__name"] is None,
            (e["credential__staff__program__name"] or "").lower(),
        ),
    )
