"""Training test data: an agency course, sessions, enrollments and attendance."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import AgencyFactory, StaffMemberFactory
from training.models import (
    Attendance,
    AttendanceStatus,
    Course,
    Enrollment,
    EnrollmentStatus,
    Session,
)


def aware(year, month, day, hour=9, minute=0):
    tz = timezone.get_current_timezone()
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    instruction_time = "4 hours"
    hours = Decimal("4")
    attendance_min = 2
    attendance_max = 10
    target_audience = "MH Peers"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    agency = factory.LazyAttribute(lambda o: o.course.agency or AgencyFactory())
    starts_at = factory.LazyFunction(lambda: aware(2026, 3, 10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=4))
    location = "Room 2"
    capacity = factory.LazyAttribute(lambda o: o.course.attendance_max or 10)
    minimum = factory.LazyAttribute(lambda o: o.course.attendance_min)
    hours = factory.LazyAttribute(lambda o: o.course.hours)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    session = factory.SubFactory(SessionFactory)
    staff = factory.SubFactory(StaffMemberFactory, agency=factory.SelfAttribute("..session.agency"))
    status = EnrollmentStatus.ENROLLED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrollment = factory.SubFactory(EnrollmentFactory)
    staff = factory.SelfAttribute("enrollment.staff")
    session = factory.SelfAttribute("enrollment.session")
    status = AttendanceStatus.PRESENT
    hours_credited = factory.LazyAttribute(lambda o: o.session.hours)


def add_training(w):
    """An agency course with an upcoming session (peer_a enrolled, trainer sup_b), a past
    session peer_a attended (certificate), another agency's session, a required training."""
    from peerwork.models import Agency
    from training.models import TrainingRequirement

    now = timezone.now()
    w.course = CourseFactory(agency=w.agency, code="state-ethics", title="State Ethics Training")
    w.upcoming = SessionFactory(
        course=w.course,
        starts_at=now + datetime.timedelta(days=7),
        ends_at=now + datetime.timedelta(days=7, hours=4),
        trainer=w.sup_b_staff,
    )
    w.enrollment_a = EnrollmentFactory(session=w.upcoming, staff=w.peer_a_staff)
    w.past = SessionFactory(
        course=w.course,
        starts_at=now - datetime.timedelta(days=7),
        ends_at=now - datetime.timedelta(days=7) + datetime.timedelta(hours=4),
        trainer=w.sup_b_staff,
    )
    w.attendance_a = AttendanceFactory(
        enrollment=EnrollmentFactory(session=w.past, staff=w.peer_a_staff)
    )
    w.other_course = CourseFactory(agency=Agency.objects.get(pk=w.other_agency.pk))
    w.other_session = SessionFactory(course=w.other_course)
    w.requirement = TrainingRequirement.objects.create(
        agency=w.agency, course=w.course, program=w.program, every_months=12
    )
