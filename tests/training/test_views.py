"""The training pages: scheduling, enrolling, attendance, certificates, required trainings."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.training.factories import (
    AttendanceFactory,
    CourseFactory,
    EnrollmentFactory,
    SessionFactory,
    add_training,
)
from training.models import (
    Attendance,
    AttendanceStatus,
    EnrollmentStatus,
    Session,
    TrainingRequirement,
)
from training.signals import attendance_recorded

pytestmark = pytest.mark.django_db


def pdf_text(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def course(world):
    return CourseFactory(
        agency=world.agency, title="State Ethics Training", attendance_min=2, attendance_max=12
    )


def post_attendance(client, url, data):
    """Post the attendance form as a browser does: with what the page saw when it opened."""
    seen = client.get(url).context["form"]["seen"].value()
    return client.post(url, {"seen": seen, **data})


def future(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def session_post(course, **overrides):
    data = {
        "course": course.pk,
        "start_date": future(10).isoformat(),
        "start_time": "09:00",
        "end_date": "",
        "end_time": "13:00",
        "location": "Harbor training room",
        "online_url": "",
        "trainer": "",
        "trainer_name": "",
        "capacity": "",
        "minimum": "",
        "hours": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_hr_schedules_a_session_with_capacity_and_hours_from_the_course(world, login, course):
    client = login(world.hr)
    form = client.get(reverse("training:session_create") + f"?course={course.pk}")
    assert form.status_code == 200
    response = client.post(reverse("training:session_create"), session_post(course))
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert (session.capacity, session.minimum, session.hours) == (12, 2, Decimal("4.00"))
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour) == (future(10), 9)
    assert timezone.localtime(session.ends_at).hour == 13
    assert session.agency == world.agency and session.created_by == world.hr


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"end_time": "08:00"}, "end_time", "must end after it starts"),
        ({"location": ""}, "location", "place, an online link"),
        ({"capacity": "40"}, "capacity", "at most 12 people"),
        ({"start_date": "3026-01-01"}, "start_date", "Enter a date between"),
        ({"start_date": "tomorrow"}, "start_date", "year-month-day"),
        ({"start_time": "9am"}, "start_time", "hours:minutes"),
        ({"online_url": "not a link"}, "online_url", "valid URL"),
        ({"minimum": "20", "capacity": "10"}, "minimum", "not be above the seats"),
    ],
)
def test_a_bad_session_keeps_every_value_and_says_why(
    world, login, course, overrides, field, message
):
    client = login(world.hr)
    data = session_post(course, notes="Bring a lunch", **overrides)
    response = client.post(reverse("training:session_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["notes"].value() == "Bring a lunch"
    assert form[field].value() == data[field]
    assert not Session.objects.exists()


def test_hr_enrolls_two_people_and_takes_attendance(
    world, login, course, django_capture_on_commit_callbacks
):
    now = timezone.now()
    session = SessionFactory(
        course=course,
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
    )
    client = login(world.hr)
    for staff in (world.peer_a_staff, world.peer_b_staff):
        response = client.post(
            reverse("training:session_enroll", args=[session.pk]), {"staff": staff.pk}
        )
        assert response.status_code == 302
    assert set(session.enrollments.values_list("status", flat=True)) == {EnrollmentStatus.ENROLLED}

    # Not before the session starts.
    page = client.get(reverse("training:session_attendance", args=[session.pk]))
    assert "once the session has started" in page.content.decode()
    session.starts_at = now - datetime.timedelta(hours=4)
    session.ends_at = now - datetime.timedelta(minutes=5)
    session.save()

    a, b = session.enrollments.order_by("staff__full_name")
    url = reverse("training:session_attendance", args=[session.pk])
    bad = post_attendance(client, url, {f"status_{a.pk}": "present", f"status_{b.pk}": "partial"})
    assert bad.status_code == 400
    assert "Give the hours attended" in bad.content.decode()
    assert not Attendance.objects.exists()

    sent = []
    attendance_recorded.connect(
        receiver := lambda sender, attendance, **kw: sent.append(attendance)
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_attendance(
                client,
                url,
                {f"status_{a.pk}": "present", f"status_{b.pk}": "partial", f"hours_{b.pk}": "2.5"},
            )
    finally:
        attendance_recorded.disconnect(receiver)
    assert response.status_code == 302
    rows = {r.staff_id: r for r in Attendance.objects.all()}
    assert rows[a.staff_id].hours_credited == Decimal("4.00")
    assert rows[b.staff_id].status == AttendanceStatus.PARTIAL
    assert rows[b.staff_id].hours_credited == Decimal("2.50")
    assert {x.pk for x in sent} == {r.pk for r in rows.values()}

    # Changing one mark saves (and signals) that one only.
    sent.clear()
    attendance_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post_attendance(client, url, {f"status_{a.pk}": "present", f"status_{b.pk}": "absent"})
    finally:
        attendance_recorded.disconnect(receiver)
    assert [x.staff_id for x in sent] == [b.staff_id]
    assert Attendance.objects.get(staff_id=b.staff_id).hours_credited == 0


def test_partial_hours_must_be_fewer_than_the_session(world, login, course):
    session = SessionFactory(
        course=course,
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    enrollment = EnrollmentFactory(session=session, staff=world.peer_a_staff)
    response = post_attendance(
        login(world.hr),
        reverse("training:session_attendance", args=[session.pk]),
        {f"status_{enrollment.pk}": "partial", f"hours_{enrollment.pk}": "4"},
    )
    assert response.status_code == 400
    assert "fewer than the session" in response.content.decode()


def test_the_trainer_takes_attendance(world, login, course):
    session = SessionFactory(
        course=course,
        trainer=world.peer_b_staff,
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    enrollment = EnrollmentFactory(session=session, staff=world.peer_a_staff)
    response = post_attendance(
        login(world.peer_b),
        reverse("training:session_attendance", args=[session.pk]),
        {f"status_{enrollment.pk}": "present"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get().recorded_by == world.peer_b


def test_two_people_taking_attendance_at_once_get_a_conflict_not_an_overwrite(world, login, course):
    session = SessionFactory(
        course=course,
        trainer=world.peer_b_staff,
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    enrollment = EnrollmentFactory(session=session, staff=world.peer_a_staff)
    url = reverse("training:session_attendance", args=[session.pk])
    hr = login(world.hr)
    hr_seen = hr.get(url).context["form"]["seen"].value()
    trainer = post_attendance(login(world.peer_b), url, {f"status_{enrollment.pk}": "present"})
    assert trainer.status_code == 302

    hr = login(world.hr)
    mine = {"seen": hr_seen, f"status_{enrollment.pk}": "partial", f"hours_{enrollment.pk}": "1"}
    conflict = hr.post(url, mine)
    assert conflict.status_code == 409
    assert "Someone else saved attendance" in conflict.content.decode()
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT  # not overwritten
    form = conflict.context["form"]
    assert form[f"status_{enrollment.pk}"].value() == "partial"  # their marks are kept
    assert form[f"hours_{enrollment.pk}"].value() == "1"
    # Saving again, having seen the conflict, applies them.
    again = hr.post(url, {**mine, "seen": form["seen"].value()})
    assert again.status_code == 302
    assert Attendance.objects.get().hours_credited == Decimal("1")


def test_certificate_reads_back_with_name_course_and_hours(world, login, course):
    attendance = AttendanceFactory(
        enrollment__session__course=course,
        enrollment__staff=world.peer_a_staff,
        status=AttendanceStatus.PARTIAL,
        hours_credited=Decimal("2.5"),
    )
    response = login(world.peer_a).get(reverse("training:certificate", args=[attendance.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "CERTIFICATE OF COMPLETION" in text.upper()
    assert "Amani Achebe" in text
    assert "State Ethics Training" in text
    assert "2.5 hours" in text


def test_no_certificate_for_an_absence(world, login, course):
    attendance = AttendanceFactory(
        enrollment__session__course=course,
        enrollment__staff=world.peer_a_staff,
        status=AttendanceStatus.ABSENT,
        hours_credited=Decimal("0"),
    )
    assert (
        login(world.hr).get(reverse("training:certificate", args=[attendance.pk])).status_code
        == 404
    )


def test_staff_ask_for_a_seat_and_hr_approves(world, login, course):
    session = SessionFactory(
        course=course,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=3),
    )
    client = login(world.peer_a)
    page = client.get(session.get_absolute_url())
    assert "Ask for a seat" in page.content.decode()
    # Only themselves: a report of someone else is not a choice.
    refused = client.post(
        reverse("training:session_enroll", args=[session.pk]), {"staff": world.peer_b_staff.pk}
    )
    assert refused.status_code == 400
    client.post(
        reverse("training:session_enroll", args=[session.pk]), {"staff": world.peer_a_staff.pk}
    )
    enrollment = session.enrollments.get()
    assert enrollment.status == EnrollmentStatus.REQUESTED

    # The supervisor asks for their report.
    login(world.sup_a).post(
        reverse("training:session_enroll", args=[session.pk]), {"staff": world.sup_a2_staff.pk}
    )
    assert session.enrollments.get(staff=world.sup_a2_staff).requested_by == world.sup_a

    hr = login(world.hr)
    hr.post(
        reverse("training:enrollment_action", args=[session.pk, enrollment.pk]),
        {"action": "approve"},
    )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENROLLED
    bad = hr.post(
        reverse("training:enrollment_action", args=[session.pk, enrollment.pk]),
        {"action": "explode"},
    )
    assert bad.status_code == 302


def test_requirements_dashboard_shows_who_is_missing_or_overdue(world, login, course):
    requirement = TrainingRequirement.objects.create(
        agency=world.agency, course=course, program=world.program, due_within_days=30
    )
    TrainingRequirement.objects.filter(pk=requirement.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    # peer_a completed it; sup_a and sup_a2 (same program) did not, and are overdue.
    AttendanceFactory(enrollment__session__course=course, enrollment__staff=world.peer_a_staff)
    response = login(world.hr).get(reverse("training:requirement_list"))
    rows = response.context["rows"]
    assert {(r.staff.pk, r.state) for r in rows} == {
        (world.sup_a_staff.pk, "overdue"),
        (world.sup_a2_staff.pk, "overdue"),
    }
    everyone = login(world.hr).get(reverse("training:requirement_list") + "?show=all")
    assert {r.staff.pk for r in everyone.context["rows"]} == {
        world.sup_a_staff.pk,
        world.sup_a2_staff.pk,
        world.peer_a_staff.pk,
    }


def test_hr_adds_a_requirement_and_a_bad_one_says_why(world, login, course):
    client = login(world.hr)
    bad = client.post(
        reverse("training:requirement_list"),
        {"course": course.pk, "position_title": "", "due_within_days": "90"},
    )
    assert bad.status_code == 400
    assert "Name a position title, a program, or both." in bad.content.decode()
    ok = client.post(
        reverse("training:requirement_list"),
        {
            "course": course.pk,
            "position_title": "Peer Support Specialist",
            "every_months": "24",
            "due_within_days": "60",
        },
    )
    assert ok.status_code == 302
    requirement = TrainingRequirement.objects.get()
    assert (requirement.every_months, requirement.agency) == (24, world.agency)


def test_pages_render(world, login):
    add_training(world)
    client = login(world.hr)
    for url in (
        reverse("training:catalog"),
        reverse("training:session_list"),
        reverse("training:session_detail", args=[world.upcoming.pk]),
        reverse("training:session_attendance", args=[world.past.pk]),
        reverse("training:staff_training", args=[world.peer_a_staff.pk]),
        reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]),
        reverse("training:course_detail", args=[world.course.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    staff_page = client.get(reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]))
    assert "Training record" in staff_page.content.decode()


def test_two_people_changing_a_session_at_once_get_a_conflict(world, login, course):
    session = SessionFactory(
        course=course,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=4),
    )
    url = reverse("training:session_edit", args=[session.pk])
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    base = session_post(
        course,
        start_date=start.date().isoformat(),
        start_time=start.strftime("%H:%M"),
        end_date=end.date().isoformat() if end.date() != start.date() else "",
        end_time=end.strftime("%H:%M"),
        capacity="10",
        seen_revision="1",
    )
    first = login(world.hr).post(url, {**base, "location": "Room A"})
    assert first.status_code == 302
    second = login(world.admin).post(url, {**base, "location": "Room B"})
    assert second.status_code == 409
    assert "Someone else changed this session" in second.content.decode()
    assert second.context["form"]["location"].value() == "Room B"
    session.refresh_from_db()
    assert (session.location, session.revision) == ("Room A", 2)
    again = login(world.admin).post(url, {**base, "location": "Room B", "seen_revision": "2"})
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.location == "Room B"


def test_scheduling_twice_with_the_same_page_makes_one_session(world, login, course):
    client = login(world.hr)
    page = client.get(reverse("training:session_create"))
    token = page.context["form"]["once"].value()
    data = {**session_post(course), "once": token}
    first = client.post(reverse("training:session_create"), data)
    second = client.post(reverse("training:session_create"), data)
    session = Session.objects.get()
    assert first["Location"] == second["Location"] == session.get_absolute_url()


def test_adding_a_requirement_twice_with_the_same_page_makes_one(world, login, course):
    client = login(world.hr)
    token = client.get(reverse("training:requirement_list")).context["form"]["once"].value()
    data = {
        "course": course.pk,
        "program": world.program.pk,
        "due_within_days": "90",
        "position_title": "",
        "every_months": "",
        "once": token,
    }
    client.post(reverse("training:requirement_list"), data)
    client.post(reverse("training:requirement_list"), data)
    assert TrainingRequirement.objects.count() == 1
