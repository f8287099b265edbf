"""Enrollment, requests, the waiting list and freed seats, through the real services."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import StaffMemberFactory
from tests.training.factories import CourseFactory, SessionFactory
from training import services
from training.models import EnrollmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    now = timezone.now()
    course = CourseFactory(agency=world.agency, attendance_min=1, attendance_max=2)
    return SessionFactory(
        course=course,
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=4),
    )


def people(world, n):
    return [StaffMemberFactory(agency=world.agency, full_name=f"Person {i}") for i in range(n)]


def test_capacity_comes_from_the_course_and_the_full_session_keeps_a_waiting_list(world, session):
    assert session.capacity == 2
    a, b, c, d = people(world, 4)
    statuses = [services.enroll(session, p, world.hr).status for p in (a, b, c, d)]
    assert statuses == [
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.WAITLISTED,
        EnrollmentStatus.WAITLISTED,
    ]
    assert services.seats_taken(session) == 2
    # Enrolling someone twice changes nothing.
    assert services.enroll(session, a, world.hr).status == EnrollmentStatus.ENROLLED


def test_a_freed_seat_is_offered_to_the_waiting_list_in_order(world, session):
    a, b, c, d = people(world, 4)
    enrolled_a = services.enroll(session, a, world.hr)
    services.enroll(session, b, world.hr)
    waiting_c = services.enroll(session, c, world.hr)
    waiting_d = services.enroll(session, d, world.hr)

    services.cancel(enrolled_a, world.hr)
    waiting_c.refresh_from_db()
    waiting_d.refresh_from_db()
    assert waiting_c.status == EnrollmentStatus.OFFERED
    assert waiting_d.status == EnrollmentStatus.WAITLISTED
    # An offered seat is held: nobody else gets it meanwhile.
    assert services.enroll(session, people(world, 1)[0], world.hr).status == (
        EnrollmentStatus.WAITLISTED
    )

    services.answer_offer(waiting_c, accept=False, user=world.hr)
    waiting_d.refresh_from_db()
    assert waiting_d.status == EnrollmentStatus.OFFERED
    services.answer_offer(waiting_d, accept=True, user=world.hr)
    waiting_d.refresh_from_db()
    assert waiting_d.status == EnrollmentStatus.ENROLLED
    with pytest.raises(services.EnrollmentError):
        services.answer_offer(waiting_d, accept=True, user=world.hr)


def test_more_seats_go_to_the_waiting_list(world, session):
    a, b, c = people(world, 3)
    for person in (a, b, c):
        services.enroll(session, person, world.hr)
    session.capacity = 3
    services.save_session(session, world.hr)
    assert session.enrollments.get(staff=c).status == EnrollmentStatus.OFFERED


def test_requests_wait_for_hr(world, session):
    request = services.request_seat(session, world.peer_a_staff, world.peer_a)
    assert request.status == EnrollmentStatus.REQUESTED
    assert request.requested_by == world.peer_a
    assert services.seats_taken(session) == 0
    # Asking twice keeps the one request.
    assert services.request_seat(session, world.peer_a_staff, world.sup_a2).pk == request.pk
    services.approve(request, world.hr)
    request.refresh_from_db()
    assert request.status == EnrollmentStatus.ENROLLED and request.decided_by == world.hr
    with pytest.raises(services.EnrollmentError):
        services.decline(request, world.hr)

    other = services.request_seat(session, world.sup_a2_staff, world.sup_a)
    services.decline(other, world.hr)
    other.refresh_from_db()
    assert other.status == EnrollmentStatus.DECLINED


def test_an_approved_request_joins_the_waiting_list_when_full(world, session):
    a, b = people(world, 2)
    services.enroll(session, a, world.hr)
    services.enroll(session, b, world.hr)
    request = services.request_seat(session, world.peer_a_staff, world.peer_a)
    assert services.approve(request, world.hr).status == EnrollmentStatus.WAITLISTED


def test_no_enrollment_in_a_past_or_cancelled_session(world, session):
    session.status = "cancelled"
    session.save(update_fields=["status"])
    with pytest.raises(services.EnrollmentError, match="cancelled"):
        services.enroll(session, world.peer_a_staff, world.hr)
    past = SessionFactory(course=session.course)  # March 2026, over by now
    past.starts_at = timezone.now() - datetime.timedelta(days=2)
    past.ends_at = past.starts_at + datetime.timedelta(hours=2)
    past.save()
    with pytest.raises(services.EnrollmentError, match="over"):
        services.request_seat(past, world.peer_a_staff, world.peer_a)


def test_hr_cancels_a_session_not_one_that_took_place(world, login, session):
    from django.urls import reverse

    from tests.training.factories import AttendanceFactory

    services.enroll(session, world.peer_a_staff, world.hr)
    client = login(world.hr)
    client.post(reverse("training:session_cancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.is_cancelled
    assert session.enrollments.get().status == EnrollmentStatus.ENROLLED  # the record stays
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Cancelled" in page and "Enroll someone" not in page
    with pytest.raises(services.EnrollmentError, match="already"):
        services.cancel_session(session, world.hr)
    held = AttendanceFactory()
    with pytest.raises(services.EnrollmentError, match="took place"):
        services.cancel_session(held.session, world.hr)
