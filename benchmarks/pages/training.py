"""Training: a past session per twenty-five staff with a dozen people attending, an upcoming
one per fifty with seats taken, and the pages people browse and HR manages them from."""

import datetime
from decimal import Decimal

from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import Unavailable
from peerwork.models import PeerRole, StaffMember, StaffStatus

PAST_PER_STAFF = 25
UPCOMING_PER_STAFF = 50
ATTENDEES = 12
PLACE = "Benchmark training room"  # marks the sessions this builder made


@builder
def training(world):
    try:
        from training.models import (
            Attendance,
            AttendanceStatus,
            Course,
            Enrollment,
            EnrollmentStatus,
            Session,
        )
    except ImportError:
        raise Unavailable("the training app has not shipped yet") from None
    from peerwork.versioning import VersionStatus

    courses = list(
        Course.objects.filter(catalog__status=VersionStatus.PUBLISHED, hours__gt=0).order_by("pk")
    )
    if not courses:
        raise Unavailable("no published training catalog is loaded")
    peers = list(
        StaffMember.objects.filter(
            agency=world.agency, peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    have = Session.objects.filter(agency=world.agency, location=PLACE).count()
    wanted = world.staff_count // PAST_PER_STAFF + world.staff_count // UPCOMING_PER_STAFF
    now = timezone.now()
    new = []
    for number in range(have, wanted):
        past = number % 3 != 2  # two past sessions for each upcoming one, as the agency grows
        starts = now + datetime.timedelta(days=(-7 - number) if past else (7 + number))
        course = courses[number % len(courses)]
        new.append(
            Session(
                agency=world.agency,
                course=course,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                location=PLACE,
                capacity=ATTENDEES + 4,
                hours=course.hours or Decimal("3"),
            )
        )
    sessions = Session.objects.bulk_create(new, batch_size=500)
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                session=session,
                staff_id=peers[(index * ATTENDEES + seat) % len(peers)],
                status=EnrollmentStatus.ENROLLED,
            )
            for index, session in enumerate(sessions, start=have)
            for seat in range(ATTENDEES)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    past_ids = {session.pk for session in sessions if session.starts_at < now}
    enrolled = Enrollment.objects.filter(session_id__in=past_ids).select_related("session")
    Attendance.objects.bulk_create(
        [
            Attendance(
                enrollment=enrollment,
                staff_id=enrollment.staff_id,
                session_id=enrollment.session_id,
                status=AttendanceStatus.PRESENT,
                hours_credited=enrollment.session.hours,
                recorded_at=enrollment.session.ends_at,
            )
            for enrollment in enrolled
        ],
        batch_size=1000,
    )
    world.training_built = True


@page("training_catalog")
def training_catalog(world):
    world_object(world, "training_built", "training")
    return get("training_catalog", world.users[data.PEER], url("training:catalog"))


@page("training_sessions")
def training_sessions(world):
    world_object(world, "training_built", "training")
    return get("training_sessions", world.users[data.HR], url("training:session_list"))


@page("training_mine")
def training_mine(world):
    world_object(world, "training_built", "training")
    return get("training_mine", world.users[data.PEER], url("training:my_training"))


@page("training_staff")
def training_staff(world):
    world_object(world, "training_built", "training")
    path = url("training:staff_training", world.staff[data.PEER].pk)
    return get("training_staff", world.users[data.HR], path)
