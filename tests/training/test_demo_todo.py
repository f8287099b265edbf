"""Demo training data, what needs you, required-training rules and query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from peerwork import demo, todo
from tests.factories import StaffMemberFactory
from tests.training.factories import (
    AttendanceFactory,
    CourseFactory,
    EnrollmentFactory,
    SessionFactory,
    aware,
)
from training import requirements
from training.models import (
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
    TrainingRequirement,
)

pytestmark = pytest.mark.django_db


def test_demo_has_past_sessions_with_attendance_and_upcoming_ones():
    call_command("load_shipped_data", stdout=io.StringIO())
    agency = demo.build_demo_agency()
    for extension in demo.extensions:
        extension(agency)
    now = timezone.now()
    sessions = Session.objects.filter(agency=agency)
    assert sessions.filter(ends_at__lt=now).count() == 2
    assert sessions.filter(starts_at__gt=now).count() == 3
    ethics = sessions.get(course__code="ethics-boundaries-and-confidentiality")
    assert sorted(
        ethics.attendance.values_list("staff__full_name", "status", "hours_credited")
    ) == [
        ("Casey Morgan", AttendanceStatus.PRESENT, Decimal("4.00")),
        ("Dana Whitfield", AttendanceStatus.PARTIAL, Decimal("2.50")),
        ("Elias Navarro", AttendanceStatus.PRESENT, Decimal("4.00")),
        ("Francesca Okafor", AttendanceStatus.ABSENT, Decimal("0.00")),
    ]
    refresher = sessions.get(course__agency=agency)
    statuses = sorted(refresher.enrollments.values_list("status", flat=True))
    assert statuses == ["enrolled", "enrolled", "enrolled", "requested", "waitlisted"]
    assert TrainingRequirement.objects.filter(agency=agency).count() == 2
    # Idempotent.
    for extension in demo.extensions:
        extension(agency)
    assert Session.objects.filter(agency=agency).count() == 5


def test_add_months_keeps_the_day_or_the_months_last():
    assert requirements.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert requirements.add_months(datetime.date(2027, 2, 29 - 1), 12) == datetime.date(2028, 2, 28)
    assert requirements.add_months(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert requirements.add_months(datetime.date(2026, 11, 15), 14) == datetime.date(2028, 1, 15)


def test_a_repeated_requirement_falls_due_again(world):
    course = CourseFactory(agency=world.agency)
    requirement = TrainingRequirement.objects.create(
        agency=world.agency,
        course=course,
        position_title=world.peer_a_staff.position_title,
        every_months=12,
    )
    session = SessionFactory(
        course=course, starts_at=aware(2025, 3, 3, 9), ends_at=aware(2025, 3, 3, 13)
    )
    AttendanceFactory(enrollment__session=session, enrollment__staff=world.peer_a_staff)

    def state(today):
        (row,) = [
            r
            for r in requirements.requirement_rows(world.agency.pk, [world.peer_a_staff], today)
            if r.staff == world.peer_a_staff
        ]
        return row.state, row.due

    assert state(datetime.date(2025, 6, 1)) == ("done", datetime.date(2026, 3, 3))
    assert state(datetime.date(2026, 2, 15)) == ("due_soon", datetime.date(2026, 3, 3))
    assert state(datetime.date(2026, 3, 4)) == ("overdue", datetime.date(2026, 3, 3))
    # Another version of the course (same code) counts too.
    other = CourseFactory(agency=world.agency, code=f"{course.code}-copy")
    assert requirement.applies_to(world.peer_a_staff)
    assert not requirement.applies_to(world.hr_staff)
    assert other.code != course.code


def test_what_needs_you_lists_required_trainings_offers_and_attendance(world):
    today = timezone.localdate()
    now = timezone.now()
    course = CourseFactory(agency=world.agency, title="State Ethics Training")
    TrainingRequirement.objects.create(agency=world.agency, course=course, program=world.program)
    upcoming = SessionFactory(
        course=course,
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=3),
    )
    offer = EnrollmentFactory(
        session=upcoming, staff=world.peer_a_staff, status=EnrollmentStatus.OFFERED
    )
    EnrollmentFactory(session=upcoming, staff=world.peer_b_staff, status=EnrollmentStatus.REQUESTED)
    past = SessionFactory(
        course=course,
        trainer=world.sup_b_staff,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=3),
    )
    EnrollmentFactory(session=past, staff=world.peer_b_staff)

    peer_keys = {i.key for i in todo.registry.items_for(world.peer_a, today) if i.app == "training"}
    assert peer_keys == {
        f"training.required:{TrainingRequirement.objects.get().pk}:{world.peer_a_staff.pk}",
        f"training.offer:{offer.pk}",
    }
    trainer = [i for i in todo.registry.items_for(world.sup_b, today) if i.app == "training"]
    assert [i.key for i in trainer] == [f"training.attendance:{past.pk}"]
    assert trainer[0].url == reverse("training:session_attendance", args=[past.pk])
    hr = {i.key for i in todo.registry.items_for(world.hr, today) if i.app == "training"}
    assert hr == {f"training.attendance:{past.pk}", f"training.requests:{upcoming.pk}"}
    # Once attendance is taken, it stops.
    AttendanceFactory(enrollment=Enrollment.objects.get(session=past))
    assert not [i for i in todo.registry.items_for(world.sup_b, today) if i.app == "training"]
    assert Attendance.objects.count() == 1


def _grow(world, n):
    course = CourseFactory(agency=world.agency)
    TrainingRequirement.objects.create(agency=world.agency, course=course, program=world.program)
    now = timezone.now()
    for i in range(n // 10):
        SessionFactory(
            course=course,
            starts_at=now + datetime.timedelta(days=i + 1),
            ends_at=now + datetime.timedelta(days=i + 1, hours=2),
            capacity=20,
        )
    sessions = list(Session.objects.filter(course=course))
    for i in range(n):
        staff = StaffMemberFactory(agency=world.agency, program=world.program)
        session = sessions[i % len(sessions)]
        enrollment = EnrollmentFactory(session=session, staff=staff)
        if i % 3 == 0:
            AttendanceFactory(enrollment=enrollment)


@pytest.mark.parametrize(
    "url_name,user",
    [
        ("training:requirement_list", "hr"),
        ("training:session_list", "hr"),
        ("training:catalog", "peer_a"),
        ("training:my_training", "peer_a"),
    ],
)
def test_pages_make_the_same_queries_at_30_and_300_staff(
    world, login, django_assert_max_num_queries, url_name, user
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = login(world.users[user])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx.captured_queries)

    _grow(world, 30)
    small = count()
    _grow(world, 270)
    client = login(world.users[user])
    client.get(reverse(url_name))
    with django_assert_max_num_queries(small):
        assert client.get(reverse(url_name)).status_code == 200
    assert count() == small


def test_session_page_and_attendance_make_the_same_queries_as_people_grow(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    course = CourseFactory(agency=world.agency, attendance_max=400)
    session = SessionFactory(
        course=course,
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(hours=2),
        capacity=400,
    )
    client = login(world.hr)

    def counts():
        result = []
        for url in (
            session.get_absolute_url(),
            reverse("training:session_attendance", args=[session.pk]),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    for _ in range(30):
        EnrollmentFactory(session=session, staff=StaffMemberFactory(agency=world.agency))
    small = counts()
    for _ in range(270):
        AttendanceFactory(
            enrollment__session=session, enrollment__staff=StaffMemberFactory(agency=world.agency)
        )
    assert counts() == small
