"""How far a period's CE hours are: pure arithmetic on sums the database has already made.

A period needs `total` hours, and at least each requirement's minimum in its category;
a requirement without a category (Pennsylvania's electives) is met by hours of any kind
beyond what the other minimums take.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal(0)


@dataclass
class Line:
    label: str
    category_id: int | None
    required: Decimal
    earned: Decimal

    @property
    def remaining(self):
        return max(self.required - self.earned, ZERO)

    @property
    def met(self):
        return self.remaining == ZERO


@dataclass
class Progress:
    required: Decimal
    earned: Decimal
    pending: Decimal
    lines: list = field(default_factory=list)
    days_left: int = 0
    behind: bool = False

    @property
    def remaining(self):
        by_category = sum((line.remaining for line in self.lines), ZERO)
        return max(self.required - self.earned, by_category)

    @property
    def complete(self):
        return self.remaining == ZERO

    @property
    def percent(self):
        if not self.required:
            return 100
        done = self.required - min(self.remaining, self.required)
        return int(done * 100 / self.required)

    def summary(self):
        """ "14 of 20 hours, law and ethics 2 of 6"."""
        parts = [
            _("%(earned)s of %(required)s hours")
            % {"earned": format_hours(self.earned), "required": format_hours(self.required)}
        ]
        for line in self.lines:
            parts.append(
                _("%(label)s %(earned)s of %(required)s")
                % {
                    "label": line.label[:1].lower() + line.label[1:],
                    "earned": format_hours(line.earned),
                    "required": format_hours(line.required),
                }
            )
        return ", ".join(parts)


def format_hours(value):
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    return f"{value:f}"


def compute(period, requirements, sums, pending=ZERO, today=None):
    """`requirements`: the CERequirements of the period's rules, in order; `sums`:
    {category_id: verified hours in the period}; `pending`: hours waiting for verification."""
    earned = sum(sums.values(), ZERO)
    if not period.requires_ce:
        return Progress(required=ZERO, earned=earned, pending=pending)
    # What the category minimums take first; electives get the rest.
    taken = sum(
        (min(sums.get(r.category_id, ZERO), r.min_hours) for r in requirements if r.category_id),
        ZERO,
    )
    lines = [
        Line(
            r.label,
            r.category_id,
            r.min_hours,
            sums.get(r.category_id, ZERO) if r.category_id else max(earned - taken, ZERO),
        )
        for r in requirements
    ]
    progress = Progress(
        required=period.rules.total_ce_hours, earned=earned, pending=pending, lines=lines
    )
    if today is not None:
        progress.days_left = (period.ends_on - today).days
        progress.behind = _behind(period, progress, today)
    return progress


def _behind(period, progress, today):
    """Short of hours for the days left: fewer hours than an even pace through the period
    would have by today (and any shortfall once the period has ended)."""
    if progress.complete:
        return False
    if today > period.ends_on:
        return True
    length = (period.ends_on - period.starts_on).days + 1
    elapsed = max((today - period.starts_on).days, 0)
    done = progress.required - progress.remaining
    return done * length < progress.required * elapsed
