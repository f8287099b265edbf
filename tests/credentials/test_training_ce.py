"""Completed training sessions credit CE hours on their own: one verified entry per attendance,
kept in step when attendance changes, in the category the course maps to."""

from decimal import Decimal

import pytest

from credentials.models import CEEntry, CESource, CEStatus, CredentialPeriod
from credentials.queries import period_rows
from tests.credentials.factories import CA, day, issue, load_types
from tests.training.factories import AttendanceFactory, CourseFactory, SessionFactory, aware
from training.models import AttendanceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def ethics_session(world):
    load_types()
    course = CourseFactory(
        agency=world.agency,
        code="ethics-boundaries-and-confidentiality",
        title="Ethics, Boundaries, and Confidentiality",
    )
    return SessionFactory(
        course=course, starts_at=aware(2026, 3, 10, 9), ends_at=aware(2026, 3, 10, 13)
    )


def _attend(session, staff, capture, **kwargs):
    with capture(execute=True):
        return AttendanceFactory(
            enrollment__session=session, enrollment__staff=staff, staff=staff, **kwargs
        )


def test_attendance_credits_verified_law_and_ethics_hours(
    world, ethics_session, django_capture_on_commit_callbacks
):
    credential = issue(world.peer_a_staff, CA, day("2025-01-06"))
    attendance = _attend(ethics_session, world.peer_a_staff, django_capture_on_commit_callbacks)
    entry = CEEntry.objects.get()
    assert (entry.attendance, entry.staff, entry.source, entry.status) == (
        attendance,
        world.peer_a_staff,
        CESource.TRAINING,
        CEStatus.VERIFIED,
    )
    assert entry.hours == Decimal(4) and entry.completed_on == day("2026-03-10")
    assert entry.category.code == "ethics"
    assert entry.title == "Ethics, Boundaries, and Confidentiality"
    [row] = period_rows(CredentialPeriod.objects.filter(credential=credential), day("2026-04-01"))
    assert row.progress.summary() == "4 of 20 hours, law and ethics 4 of 6"


def test_changed_attendance_updates_the_one_entry_and_absence_removes_it(
    world, ethics_session, django_capture_on_commit_callbacks
):
    attendance = _attend(ethics_session, world.peer_a_staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        attendance.status = AttendanceStatus.PARTIAL
        attendance.hours_credited = Decimal("2.5")
        attendance.save(update_fields=["status", "hours_credited"])
    assert list(CEEntry.objects.values_list("hours", flat=True)) == [Decimal("2.5")]
    with django_capture_on_commit_callbacks(execute=True):
        attendance.status = AttendanceStatus.ABSENT
        attendance.hours_credited = Decimal(0)
        attendance.save(update_fields=["status", "hours_credited"])
    assert not CEEntry.objects.exists()


def test_a_course_without_a_mapping_counts_as_general(world, django_capture_on_commit_callbacks):
    load_types()
    session = SessionFactory(course=CourseFactory(agency=world.agency, code="agency-own-course"))
    _attend(session, world.peer_b_staff, django_capture_on_commit_callbacks)
    assert CEEntry.objects.get().category.code == "general"


def test_nothing_is_credited_when_the_transaction_rolls_back(
    world, ethics_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        AttendanceFactory(
            enrollment__session=ethics_session,
            enrollment__staff=world.peer_a_staff,
            staff=world.peer_a_staff,
        )
    assert not CEEntry.objects.exists()
