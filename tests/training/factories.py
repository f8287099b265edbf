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
