"""Writes that span several rows (enrollment and the waiting list, attendance), and the
read other apps use (`completions`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import (
    OPEN_STATUSES,
    SEAT_STATUSES,
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
    SessionStatus,
)


@dataclass(frozen=True)
class Completion:
    staff_id: int
    course_code: str
    title: str
    date: datetime.date  # the session's last day, in the agency's time zone
    hours: Decimal
    attendance_id: int
    session_id: int


def start_of_day(day):
    """The aware moment local `day` begins, in the agency's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def completions(staff_ids, start=None, end=None):
    """Completed trainings (present or partial, with hours) of these people, oldest first.

    A training counts on the date its session ends (local date), when that falls within
    `start` .. `end` (dates, inclusive; None leaves that side open). One query.
    """
    rows = Attendance.objects.filter(
        staff_id__in=list(staff_ids),
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL],
        hours_credited__gt=0,
    )
    if start is not None:
        rows = rows.filter(session__ends_at__gte=start_of_day(start))
    if end is not None:
        rows = rows.filter(session__ends_at__lt=start_of_day(end + datetime.timedelta(days=1)))
    rows = rows.order_by("session__ends_at", "pk").values(
        "pk",
        "staff_id",
        "session_id",
        "hours_credited",
        ends_at=F("session__ends_at"),
        code=F("session__course__code"),
        title=F("session__course__title"),
    )
    return [
        Completion(
            staff_id=row["staff_id"],
            course_code=row["code"],
            title=row["title"],
            date=timezone.localdate(row["ends_at"]),
            hours=row["hours_credited"],
            attendance_id=row["pk"],
            session_id=row["session_id"],
        )
        for row in rows
    ]


# --- enrollment and the waiting list --------------------------------------------------------


class EnrollmentError(Exception):
    """A change that cannot be made; the message says why, for the person who asked."""


def _locked_session(session):
    # Seats are counted and given under a lock on the session row, so two people taking the
    # last seat at once cannot both get it.
    return Session.objects.select_for_update().get(pk=session.pk)


def seats_taken(session):
    return session.enrollments.filter(status__in=SEAT_STATUSES).count()


def _place(session, enrollment, user, now):
    """Enroll when a seat is free, otherwise join the end of the waiting list."""
    if seats_taken(session) < session.capacity:
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.waitlisted_at = None
    else:
        enrollment.status = EnrollmentStatus.WAITLISTED
        enrollment.waitlisted_at = now
    enrollment.decided_by = user
    enrollment.save()
    return enrollment


def _check_open(session):
    if session.is_cancelled:
        raise EnrollmentError(_("This session is cancelled."))
    if session.ends_at <= timezone.now():
        raise EnrollmentError(_("This session is over."))


@transaction.atomic
def enroll(session, staff, user):
    """HR puts a person on the session (or on its waiting list when it is full). A pending
    request of theirs is approved by it."""
    session = _locked_session(session)
    _check_open(session)
    now = timezone.now()
    enrollment = Enrollment.objects.filter(session=session, staff=staff).first()
    if enrollment is not None and enrollment.status in SEAT_STATUSES + (
        EnrollmentStatus.WAITLISTED,
    ):
        return enrollment
    if enrollment is None:
        enrollment = Enrollment(session=session, staff=staff, requested_by=user, created_at=now)
    return _place(session, enrollment, user, now)


@transaction.atomic
def request_seat(session, staff, user):
    """A person asks for a seat for themselves, or a supervisor for a report: HR decides."""
    session = _locked_session(session)
    _check_open(session)
    enrollment = Enrollment.objects.filter(session=session, staff=staff).first()
    if enrollment is not None and enrollment.status in OPEN_STATUSES:
        return enrollment
    if enrollment is None:
        enrollment = Enrollment(session=session, staff=staff)
    enrollment.status = EnrollmentStatus.REQUESTED
    enrollment.requested_by = user
    enrollment.decided_by = None
    enrollment.created_at = timezone.now()
    enrollment.waitlisted_at = None
    enrollment.save()
    return enrollment


@transaction.atomic
def approve(enrollment, user):
    session = _locked_session(enrollment.session)
    _check_open(session)
    enrollment.refresh_from_db()
    if enrollment.status != EnrollmentStatus.REQUESTED:
        raise EnrollmentError(_("This request has already been answered."))
    return _place(session, enrollment, user, timezone.now())


@transaction.atomic
def decline(enrollment, user):
    enrollment.refresh_from_db()
    if enrollment.status != EnrollmentStatus.REQUESTED:
        raise EnrollmentError(_("This request has already been answered."))
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.decided_by = user
    enrollment.save(update_fields=["status", "decided_by", "updated_at"])
    return enrollment


def offer_freed_seats(session):
    """Offer every free seat to the waiting list, first come first served. Call it with the
    session locked (inside the transaction that freed the seat)."""
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return []
    waiting = list(
        session.enrollments.filter(status=EnrollmentStatus.WAITLISTED).order_by(
            "waitlisted_at", "pk"
        )[:free]
    )
    for enrollment in waiting:
        enrollment.status = EnrollmentStatus.OFFERED
        enrollment.save(update_fields=["status", "updated_at"])
    return waiting


@transaction.atomic
def cancel(enrollment, user):
    """The person (or their supervisor, or HR) gives up a seat, a place on the waiting list
    or a request; a freed seat goes to the waiting list."""
    session = _locked_session(enrollment.session)
    enrollment.refresh_from_db()
    if enrollment.status not in OPEN_STATUSES:
        raise EnrollmentError(_("This enrollment is no longer open."))
    if hasattr(enrollment, "attendance"):
        raise EnrollmentError(_("Attendance is recorded for this seat; change it there."))
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.decided_by = user
    enrollment.save(update_fields=["status", "decided_by", "updated_at"])
    offer_freed_seats(session)
    return enrollment


@transaction.atomic
def answer_offer(enrollment, accept, user):
    session = _locked_session(enrollment.session)
    enrollment.refresh_from_db()
    if enrollment.status != EnrollmentStatus.OFFERED:
        raise EnrollmentError(_("This seat is no longer on offer."))
    enrollment.status = EnrollmentStatus.ENROLLED if accept else EnrollmentStatus.DECLINED
    enrollment.decided_by = user
    enrollment.save(update_fields=["status", "decided_by", "updated_at"])
    if not accept:
        offer_freed_seats(session)
    return enrollment


class SessionConflict(Exception):
    """Someone else saved the session after this person opened it."""


@transaction.atomic
def save_session(session, user, seen_revision=None):
    """Save a new or changed session; more seats go to the waiting list. A change made on a
    page opened before someone else's save raises SessionConflict (nothing is saved)."""
    if session.pk is None:
        session.created_by = user
        session.save()
        return session
    current = _locked_session(session)
    if seen_revision is not None and seen_revision != current.revision:
        raise SessionConflict
    session.revision = current.revision + 1
    session.save()
    offer_freed_seats(_locked_session(session))
    return session


# --- attendance ----------------------------------------------------------------------------


def hours_for(session, status, partial_hours=None):
    if status == AttendanceStatus.PRESENT:
        return session.hours
    if status == AttendanceStatus.ABSENT:
        return Decimal("0")
    return Decimal(partial_hours)


@transaction.atomic
def record_attendance(session, marks, user):
    """Record or change attendance: `marks` maps an enrolled Enrollment to (status, hours).

    Each saved row sends `attendance_recorded` once the transaction commits; rows that did
    not change are left alone (and send nothing).
    """
    existing = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
    now = timezone.now()
    changed = []
    for enrollment, (status, hours) in marks.items():
        hours = hours_for(session, status, hours)
        row = existing.get(enrollment.pk)
        if row is None:
            row = Attendance(enrollment=enrollment, staff_id=enrollment.staff_id, session=session)
        elif row.status == status and row.hours_credited == hours:
            continue
        row.status = status
        row.hours_credited = hours
        row.recorded_by = user
        row.recorded_at = now
        row.save()
        changed.append(row)
    return changed


@transaction.atomic
def cancel_session(session, user):
    """HR calls a session off. Its enrollments stay (the record of who was on it)."""
    session = _locked_session(session)
    if session.is_cancelled:
        raise EnrollmentError(_("This session is already cancelled."))
    if session.attendance.exists():
        raise EnrollmentError(_("Attendance is recorded for this session: it took place."))
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    return session
