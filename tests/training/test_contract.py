"""What the credentials app relies on: the attendance signal and `completions`."""

import datetime
from decimal import Decimal

import pytest

from tests.training.factories import AttendanceFactory, SessionFactory, aware
from training import services
from training.models import Attendance, AttendanceStatus
from training.signals import attendance_recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def receiver(sender, attendance, **kwargs):
        calls.append((sender, attendance.pk, attendance.status, attendance.hours_credited))

    attendance_recorded.connect(receiver)
    yield calls
    attendance_recorded.disconnect(receiver)


def test_signal_is_sent_on_commit_each_time_attendance_is_saved(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attendance = AttendanceFactory()
        assert received == []  # nothing before the transaction commits
    assert received == [(Attendance, attendance.pk, AttendanceStatus.PRESENT, Decimal("4"))]

    with django_capture_on_commit_callbacks(execute=True):
        attendance.status = AttendanceStatus.PARTIAL
        attendance.hours_credited = Decimal("2.5")
        attendance.save(update_fields=["status", "hours_credited"])
    assert received[-1] == (Attendance, attendance.pk, AttendanceStatus.PARTIAL, Decimal("2.5"))
    assert len(received) == 2


def test_signal_is_not_sent_when_the_transaction_rolls_back(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        AttendanceFactory()
    assert len(callbacks) == 1 and received == []


def test_completions_lists_credited_attendance_within_the_dates():
    march = SessionFactory(starts_at=aware(2026, 3, 10, 9), ends_at=aware(2026, 3, 10, 13))
    present = AttendanceFactory(enrollment__session=march)
    partial = AttendanceFactory(
        enrollment__session=march, status=AttendanceStatus.PARTIAL, hours_credited=Decimal("1.5")
    )
    AttendanceFactory(
        enrollment__session=march, status=AttendanceStatus.ABSENT, hours_credited=Decimal("0")
    )
    april = SessionFactory(
        course=march.course, starts_at=aware(2026, 4, 1, 9), ends_at=aware(2026, 4, 1, 13)
    )
    later = AttendanceFactory(enrollment__session=april, enrollment__staff=present.staff)
    staff_ids = [present.staff_id, partial.staff_id]

    rows = services.completions(staff_ids, datetime.date(2026, 3, 10), datetime.date(2026, 3, 31))
    assert [(r.staff_id, r.course_code, r.title, r.date, r.hours) for r in rows] == [
        (
            present.staff_id,
            march.course.code,
            march.course.title,
            datetime.date(2026, 3, 10),
            Decimal("4.00"),
        ),
        (
            partial.staff_id,
            march.course.code,
            march.course.title,
            datetime.date(2026, 3, 10),
            Decimal("1.50"),
        ),
    ]
    everything = services.completions(staff_ids, None, None)
    assert [r.attendance_id for r in everything] == [present.pk, partial.pk, later.pk]
    assert services.completions(staff_ids, datetime.date(2026, 3, 11), None)[0].date == (
        datetime.date(2026, 4, 1)
    )
    assert services.completions([], None, None) == []


def test_completions_makes_one_query(django_assert_num_queries):
    attendance = AttendanceFactory()
    with django_assert_num_queries(1):
        services.completions([attendance.staff_id], datetime.date(2026, 1, 1), None)
