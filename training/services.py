"""Writes that span several rows (enrollment and the waiting list, attendance), and the
read other apps use (`completions`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from training.models import Attendance, AttendanceStatus


@dataclass(frozen=True)
class Completion:
    staff_id: int
    course_code: str
    title: str
    date: datetime.date  # the session's last day, in the agency's time zone
    hours: Decimal
    attendance_id: int
    session_id: int


def start_of_day(day):
    """The aware moment local `day` begins, in the agency's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def completions(staff_ids, start=None, end=None):
    """Completed trainings (present or partial, with hours) of these people, oldest first.

    A training counts on the date its session ends (local date), when that falls within
    `start` .. `end` (dates, inclusive; None leaves that side open). One query.
    """
    rows = Attendance.objects.filter(
        staff_id__in=list(staff_ids),
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL],
        hours_credited__gt=0,
    )
    if start is not None:
        rows = rows.filter(session__ends_at__gte=start_of_day(start))
    if end is not None:
        rows = rows.filter(session__ends_at__lt=start_of_day(end + datetime.timedelta(days=1)))
    rows = rows.order_by("session__ends_at", "pk").values(
        "pk",
        "staff_id",
        "session_id",
        "hours_credited",
        ends_at=F("session__ends_at"),
        code=F("session__course__code"),
        title=F("session__course__title"),
    )
    return [
        Completion(
            staff_id=row["staff_id"],
            course_code=row["code"],
            title=row["title"],
            date=timezone.localdate(row["ends_at"]),
            hours=row["hours_credited"],
            attendance_id=row["pk"],
            session_id=row["session_id"],
        )
        for row in rows
    ]
