"""Training's parts of core pages: the staff-page panel and what needs you. Each makes a
fixed number of queries, whatever the number of rows."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork import access, todo
from peerwork.panels import Panel
from peerwork.suggestions import Suggestion
from training import requirements
from training.models import (
    Attendance,
    AttendanceStatus,
    CourseCompetency,
    Enrollment,
    EnrollmentStatus,
    Session,
    SessionStatus,
    format_hours,
)

# Sessions whose attendance is still missing this long after they ended stop nagging.
ATTENDANCE_NAG_DAYS = 60


def staff_panel(request, staff):
    today = timezone.localdate()
    totals = Attendance.objects.filter(
        staff=staff,
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL],
        hours_credited__gt=0,
    ).aggregate(completed=Count("pk"), hours=Sum("hours_credited"))
    upcoming = Enrollment.objects.filter(
        staff=staff,
        status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.OFFERED],
        session__ends_at__gte=timezone.now(),
    ).count()
    rows = requirements.requirement_rows(staff.agency_id, [staff], today)
    return Panel(
        "training/panels/staff.html",
        {
            "staff": staff,
            "totals": totals,
            "hours_text": format_hours(totals["hours"] or 0),
            "upcoming": upcoming,
            "needs_action": [row for row in rows if row.needs_action],
        },
        order=60,
    )


def todo_items(user, today):
    items = []
    staff = user.staff_record if user.is_authenticated else None
    if staff is not None:
        items.extend(_own_items(staff, today))
        items.extend(_trainer_items(staff, today))
    if access.can_manage_training(user) and user.agency_id:
        items.extend(_hr_items(user, today))
    return items


def _own_items(staff, today):
    mine = reverse("training:my_training")
    for row in requirements.requirement_rows(staff.agency_id, [staff], today):
        if not row.needs_action:
            continue
        if row.state == requirements.State.OVERDUE:
            text = _("Required training overdue: %(course)s")
        else:
            text = _("Required training: %(course)s")
        yield todo.Item(
            key=f"training.required:{row.requirement.pk}:{staff.pk}",
            text=text % {"course": row.requirement.course.title},
            url=mine,
            due=row.due,
            app="training",
        )
    offers = Enrollment.objects.filter(
        staff=staff,
        status=EnrollmentStatus.OFFERED,
        session__status=SessionStatus.SCHEDULED,
        session__ends_at__gte=timezone.now(),
    ).select_related("session__course")
    for enrollment in offers:
        yield todo.Item(
            key=f"training.offer:{enrollment.pk}",
            text=_("A seat opened for you: %(course)s. Take it or turn it down.")
            % {"course": enrollment.session.course.title},
            url=enrollment.session.get_absolute_url(),
            due=timezone.localdate(enrollment.session.starts_at),
            app="training",
        )


def _missing_attendance(sessions, today):
    recorded = Attendance.objects.filter(enrollment=OuterRef("pk"))
    unrecorded = Enrollment.objects.filter(
        session=OuterRef("pk"), status=EnrollmentStatus.ENROLLED
    ).exclude(Exists(recorded))
    since = timezone.now() - datetime.timedelta(days=ATTENDANCE_NAG_DAYS)
    return (
        sessions.filter(status=SessionStatus.SCHEDULED, ends_at__lt=timezone.now())
        .filter(ends_at__gte=since)
        .filter(Exists(unrecorded))
        .select_related("course")
    )


def _attendance_item(session):
    return todo.Item(
        key=f"training.attendance:{session.pk}",
        text=_("Take attendance: %(course)s") % {"course": session.course.title},
        url=reverse("training:session_attendance", args=[session.pk]),
        due=timezone.localdate(session.ends_at),
        app="training",
    )


def _trainer_items(staff, today):
    for session in _missing_attendance(Session.objects.filter(trainer=staff), today):
        yield _attendance_item(session)


def _hr_items(user, today):
    sessions = Session.objects.filter(agency_id=user.agency_id)
    for session in _missing_attendance(sessions.exclude(trainer__user=user), today):
        yield _attendance_item(session)
    pending = (
        sessions.filter(status=SessionStatus.SCHEDULED, ends_at__gte=timezone.now())
        .annotate(
            requests=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.REQUESTED))
        )
        .filter(requests__gt=0)
        .select_related("course")
    )
    for session in pending:
        yield todo.Item(
            key=f"training.requests:{session.pk}",
            text=_("Answer %(n)s seat request(s): %(course)s")
            % {"n": session.requests, "course": session.course.title},
            url=session.get_absolute_url(),
            due=timezone.localdate(session.starts_at),
            app="training",
        )


# The frameworks whose categories are the SAMHSA Core Competencies categories under the same
# numerals (the WISE evaluation form rates them in its own wording).
SAMHSA_FRAMEWORKS = ("samhsa-peer-core-competencies", "wise-peer-performance-evaluation")


def development_suggestions(user, category_ids):
    """The courses that build each category: two queries."""
    from competencies.models import Category

    categories = Category.objects.filter(
        pk__in=category_ids, version__framework__slug__in=SAMHSA_FRAMEWORKS
    )
    numerals = dict(categories.values_list("pk", "numeral"))
    links = (
        CourseCompetency.objects.filter(
            numeral__in=categories.values("numeral"),
            course__in=access.visible_courses(user).filter(is_active=True),
        )
        .select_related("course")
        .order_by("course__title")
    )
    by_numeral = {}
    for link in links:
        by_numeral.setdefault(link.numeral, []).append(link.course)
    return [
        Suggestion(
            category_id=category_id,
            text=course.title,
            url=course.get_absolute_url(),
            detail=course.instruction_time,
            app="training",
        )
        for category_id, numeral in numerals.items()
        for course in by_numeral.get(numeral, [])
    ]
