"""Required trainings: who has done what they must, who is missing it or overdue.

A requirement names a course (any catalog version of it counts: the same `code`), the people
it applies to (a position title, a program, or both) and whether once is enough or it must be
repeated every N months. The first time, a person has `due_within_days` from their start date
(or from when the requirement was set, when that is later).

Every function here makes a fixed number of queries, whatever the number of people.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.models import StaffStatus
from training.models import Attendance, AttendanceStatus, TrainingRequirement

DUE_SOON_DAYS = 30


class State:
    DONE = "done"
    DUE_SOON = "due_soon"
    MISSING = "missing"  # never completed, not yet due
    OVERDUE = "overdue"


STATE_LABELS = {
    State.DONE: _("Up to date"),
    State.DUE_SOON: _("Due soon"),
    State.MISSING: _("Not yet completed"),
    State.OVERDUE: _("Overdue"),
}


def add_months(day, months):
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Row:
    staff: object
    requirement: TrainingRequirement
    last_completed: datetime.date | None
    due: datetime.date | None
    state: str

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def needs_action(self):
        return self.state != State.DONE


def _evaluate(staff, requirement, last, today):
    if last is not None and requirement.every_months is None:
        return Row(staff, requirement, last, None, State.DONE)
    if last is not None:
        due = add_months(last, requirement.every_months)
    else:
        set_on = timezone.localdate(requirement.created_at)
        start = max(staff.start_date or set_on, set_on)
        due = start + datetime.timedelta(days=requirement.due_within_days)
    if due < today:
        state = State.OVERDUE
    elif last is not None and due > today + datetime.timedelta(days=DUE_SOON_DAYS):
        state = State.DONE
    elif last is None:
        state = State.MISSING
    else:
        state = State.DUE_SOON
    return Row(staff, requirement, last, due, state)


def last_completions(staff_ids, codes):
    """{(staff_id, course code): local date of the latest completion}. One query."""
    rows = (
        Attendance.objects.filter(
            staff_id__in=staff_ids,
            session__course__code__in=codes,
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL],
            hours_credited__gt=0,
        )
        .values("staff_id", "session__course__code")
        .annotate(last=Max("session__ends_at"))
    )
    return {
        (row["staff_id"], row["session__course__code"]): timezone.localdate(row["last"])
        for row in rows
    }


def requirement_rows(agency_id, staff, today):
    """A Row for every (person, requirement that applies to them). `staff` is a list of
    StaffMember (active and candidates are checked; former staff are skipped)."""
    requirements = list(
        TrainingRequirement.objects.filter(agency_id=agency_id).select_related("course", "program")
    )
    people = [s for s in staff if s.status != StaffStatus.FORMER]
    if not requirements or not people:
        return []
    done = last_completions([s.pk for s in people], sorted({r.course.code for r in requirements}))
    rows = []
    for person in people:
        for requirement in requirements:
            if requirement.applies_to(person):
                last = done.get((person.pk, requirement.course.code))
                rows.append(_evaluate(person, requirement, last, today))
    return rows
