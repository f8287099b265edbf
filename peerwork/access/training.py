"""Training: the catalog, sessions, enrollments, attendance and certificates.

- The catalog (the published shipped catalog and the agency's own courses) and the agency's
  sessions: everyone at the agency (so staff can ask for a seat); admins: all.
- Scheduling sessions, enrolling anyone, deciding requests, required trainings: HR of the
  agency and admins.
- Asking for a seat: a person for themselves; a supervisor for their reports (any depth).
- Taking attendance: HR, admins and the session's trainer.
- Who is enrolled in a session: HR, admins and the trainer see everyone; anyone else sees
  only themselves and, for a supervisor, their reports.
- A person's training record and certificates: as their staff record (themselves, their
  supervisors, HR, admins).
"""

from django.db.models import Q
from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id
from peerwork.access.staff import visible_staff
from peerwork.models import report_ids_subquery

_BAD_IDS = (ValueError, TypeError, OverflowError)


def visible_courses(user):
    """Courses of the published shipped catalog and the user's agency's own courses."""
    from peerwork.versioning import VersionStatus
    from training.models import Course

    if not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    shipped = Q(catalog__status=VersionStatus.PUBLISHED)
    if user.is_admin:
        return Course.objects.filter(shipped | Q(agency__isnull=False))
    if not user.agency_id:
        return Course.objects.filter(shipped)
    return Course.objects.filter(shipped | Q(agency_id=user.agency_id))


def get_course_for_user(user, pk, queryset=None):
    """A course the user may see; a retired catalog's course stays readable by id for
    anyone who sees a session of it (history)."""
    from training.models import Course

    courses = visible_courses(user) | Course.objects.filter(
        pk__in=visible_sessions(user).values("course_id")
    )
    queryset = courses if queryset is None else queryset.filter(pk__in=courses.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (Course.DoesNotExist, *_BAD_IDS):
        raise Http404 from None


def visible_sessions(user):
    from training.models import Session

    if not user.is_authenticated or not user.is_active:
        return Session.objects.none()
    if user.is_admin:
        return Session.objects.all()
    if not user.agency_id:
        return Session.objects.none()
    return Session.objects.filter(agency_id=user.agency_id)


def get_session_for_user(user, pk, queryset=None):
    from training.models import Session

    sessions = visible_sessions(user)
    queryset = sessions if queryset is None else queryset.filter(pk__in=sessions.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (Session.DoesNotExist, *_BAD_IDS):
        raise Http404 from None


def can_manage_training(user, agency_id=None):
    """Schedule sessions, enroll anyone, decide requests, set required trainings."""
    if not is_hr_or_admin(user):
        return False
    return user.is_admin or agency_id is None or agency_id == user.agency_id


def can_take_attendance(user, session):
    if can_manage_training(user, session.agency_id):
        return True
    own_id = own_staff_id(user)
    return own_id is not None and session.trainer_id == own_id


def can_see_all_enrollments(user, session):
    return can_take_attendance(user, session)


def requestable_staff(user, agency_id=None):
    """Whom this user may ask a seat for: themselves, and a supervisor's reports."""
    from peerwork.models import StaffMember, StaffStatus

    own_id = own_staff_id(user)
    if own_id is None:
        return StaffMember.objects.none()
    condition = Q(pk=own_id)
    if user.is_supervisor:
        condition |= Q(pk__in=report_ids_subquery(own_id))
    people = StaffMember.objects.filter(condition).exclude(status=StaffStatus.FORMER)
    if agency_id is not None:
        people = people.filter(agency_id=agency_id)
    return people


def enrollable_staff(user, session):
    """Whom this user may put on (or ask a seat for in) this session."""
    from peerwork.models import StaffMember, StaffStatus

    if can_manage_training(user, session.agency_id):
        return StaffMember.objects.filter(agency_id=session.agency_id).exclude(
            status=StaffStatus.FORMER
        )
    return requestable_staff(user, session.agency_id)


def visible_enrollments(user, session):
    """The enrollments of `session` this user may see."""
    if can_see_all_enrollments(user, session):
        return session.enrollments.all()
    return session.enrollments.filter(staff__in=visible_staff(user))


def get_enrollment_for_user(user, session, pk, queryset=None):
    from training.models import Enrollment

    enrollments = visible_enrollments(user, session)
    queryset = (
        enrollments if queryset is None else queryset.filter(pk__in=enrollments.values("pk"))
    )
    try:
        return queryset.get(pk=int(pk))
    except (Enrollment.DoesNotExist, *_BAD_IDS):
        raise Http404 from None


def can_change_enrollment(user, enrollment, session):
    """Cancel a seat (or a request): HR, admins, the person, and their supervisors."""
    if can_manage_training(user, session.agency_id):
        return True
    return requestable_staff(user).filter(pk=enrollment.staff_id).exists()


def can_answer_offer(user, enrollment):
    """Take or turn down a freed seat: the person, and HR or admins for them."""
    if own_staff_id(user) == enrollment.staff_id:
        return True
    return can_manage_training(user, enrollment.session.agency_id)


def visible_attendance(user):
    """Attendance rows of the people whose records this user may see."""
    from training.models import Attendance

    if not user.is_authenticated or not user.is_active:
        return Attendance.objects.none()
    if user.is_admin:
        return Attendance.objects.all()
    return Attendance.objects.filter(staff__in=visible_staff(user))


def get_attendance_for_user(user, pk, queryset=None):
    from training.models import Attendance

    rows = visible_attendance(user)
    queryset = rows if queryset is None else queryset.filter(pk__in=rows.values("pk"))
    try:
        return queryset.get(pk=int(pk))
    except (Attendance.DoesNotExist, *_BAD_IDS):
        raise Http404 from None


def get_requirement_for_user(user, pk):
    from training.models import TrainingRequirement

    if not is_hr_or_admin(user):
        raise Http404
    rows = TrainingRequirement.objects.all()
    if not user.is_admin:
        rows = rows.filter(agency_id=user.agency_id)
    try:
        return rows.get(pk=int(pk))
    except (TrainingRequirement.DoesNotExist, *_BAD_IDS):
        raise Http404 from None
