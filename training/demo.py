"""Demo training for the synthetic agency: sessions past (with attendance) and upcoming (with
enrollments, a request and a waiting list), an agency course and required trainings.
Idempotent: nothing is added once the agency has sessions."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from peerwork.models import Program, StaffMember, StaffStatus, User
from peerwork.versioning import VersionStatus
from training import services
from training.models import (
    AttendanceStatus,
    Course,
    Session,
    TrainingRequirement,
)

# (course code, days from today, start hour, days long, place, trainer's full name, people)
SESSIONS = [
    (
        "ethics-boundaries-and-confidentiality",
        -45,
        9,
        1,
        "Riverbend main office, room 2",
        "Jordan Lee",
        ["Casey Morgan", "Dana Whitfield", "Elias Navarro", "Francesca Okafor"],
    ),
    (
        "sharing-your-story-skillfully",
        -12,
        13,
        1,
        "",
        "",
        ["Casey Morgan", "Elias Navarro"],
    ),
    (
        "peer-support-101",
        16,
        9,
        1,
        "Riverbend main office, room 2",
        "Alexandra Rivera",
        ["Francesca Okafor", "Dana Whitfield"],
    ),
    (
        "wrap-seminar-i",
        40,
        9,
        2,
        "Riverbend community room",
        "",
        ["Casey Morgan"],
    ),
]

# Attendance of the past sessions: (person, status, partial hours).
ATTENDANCE = {
    "ethics-boundaries-and-confidentiality": [
        ("Casey Morgan", AttendanceStatus.PRESENT, None),
        ("Dana Whitfield", AttendanceStatus.PARTIAL, Decimal("2.5")),
        ("Elias Navarro", AttendanceStatus.PRESENT, None),
        ("Francesca Okafor", AttendanceStatus.ABSENT, None),
    ],
    "sharing-your-story-skillfully": [
        ("Casey Morgan", AttendanceStatus.PRESENT, None),
        ("Elias Navarro", AttendanceStatus.PRESENT, None),
    ],
}

AGENCY_COURSE = {
    "code": "ca-peer-law-and-ethics-refresher",
    "title": "Law and Ethics Refresher for Peer Support Specialists",
    "instruction_time": "3 hours",
    "hours": Decimal("3"),
    "attendance_min": 2,
    "attendance_max": 3,
    "target_audience": "Certified peer support specialists",
    "description": (
        "The agency's yearly refresher on confidentiality, mandated reporting and boundaries "
        "for certified peer support specialists (synthetic demo course)."
    ),
}


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def add_demo_training(agency):
    if Session.objects.filter(agency=agency).exists():
        return
    courses = {c.code: c for c in Course.objects.filter(catalog__status=VersionStatus.PUBLISHED)}
    if not courses:
        return  # the catalog is not loaded yet: load_shipped_data first
    hr = User.objects.filter(username="hr", agency=agency).first()
    staff = {
        s.full_name: s
        for s in StaffMember.objects.filter(agency=agency).exclude(status=StaffStatus.FORMER)
    }
    today = timezone.localdate()
    for code, days, hour, length, place, trainer, people in SESSIONS:
        course = courses[code]
        day = today + datetime.timedelta(days=days)
        hours_per_day = min(course.hours / length, Decimal("8"))
        session = Session.objects.create(
            agency=agency,
            course=course,
            starts_at=_at(day, hour),
            ends_at=_at(day + datetime.timedelta(days=length - 1), hour)
            + datetime.timedelta(hours=float(hours_per_day)),
            location=place,
            online_url="" if place else "https://meet.riverbend.example/training",
            trainer=staff.get(trainer),
            trainer_name="" if trainer else "WISE instructor",
            capacity=course.attendance_max,
            minimum=course.attendance_min,
            hours=course.hours,
            created_by=hr,
        )
        # Past sessions were filled while they were open; the services refuse a past one.
        for name in people:
            if name in staff:
                session.enrollments.create(staff=staff[name], status="enrolled", decided_by=hr)
        marks = {}
        for name, status, partial in ATTENDANCE.get(code, []):
            enrollment = session.enrollments.filter(staff__full_name=name).first()
            if enrollment is not None:
                marks[enrollment] = (status, partial)
        if marks:
            services.record_attendance(session, marks, hr)
            session.attendance.update(recorded_at=session.ends_at)  # taken on the day
    _add_agency_course(agency, staff, hr, today)


def _add_agency_course(agency, staff, hr, today):
    course, _ = Course.objects.get_or_create(
        agency=agency, code=AGENCY_COURSE["code"], defaults=AGENCY_COURSE
    )
    day = today + datetime.timedelta(days=9)
    session = Session.objects.create(
        agency=agency,
        course=course,
        starts_at=_at(day, 10),
        ends_at=_at(day, 13),
        location="Riverbend main office, room 1",
        trainer=staff.get("Jordan Lee"),
        capacity=course.attendance_max,
        minimum=course.attendance_min,
        hours=course.hours,
        created_by=hr,
    )
    # Three seats, four people: the fourth waits; a supervisor's request waits for HR.
    for name in ("Casey Morgan", "Dana Whitfield", "Elias Navarro", "Francesca Okafor"):
        if name in staff:
            services.enroll(session, staff[name], hr)
    jordan = User.objects.filter(username="jordan", agency=agency).first()
    if jordan is not None and "Marcus Bell" in staff:
        services.request_seat(session, staff["Marcus Bell"], jordan)  # a supervisor asks
    TrainingRequirement.objects.get_or_create(
        agency=agency,
        course=course,
        position_title="Peer Support Specialist",
        defaults={"every_months": 12, "due_within_days": 60},
    )
    adult = Program.objects.filter(agency=agency, name="Adult Peer Support").first()
    ethics = Course.objects.filter(
        catalog__status=VersionStatus.PUBLISHED, code="ethics-boundaries-and-confidentiality"
    ).first()
    if adult and ethics:
        TrainingRequirement.objects.get_or_create(
            agency=agency, course=ethics, program=adult, defaults={"due_within_days": 90}
        )
