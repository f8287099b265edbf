from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork import access, once, pdf
from peerwork.models import StaffStatus
from peerwork.versioning import VersionStatus
from training import requirements, services
from training.forms import AttendanceForm, PersonForm, RequirementForm, SessionForm
from training.models import (
    OPEN_STATUSES,
    SEAT_STATUSES,
    CatalogVersion,
    Course,
    Enrollment,
    EnrollmentStatus,
    Session,
    SessionStatus,
    TrainingRequirement,
    format_hours,
)

SESSION_LIST_LIMIT = 50
SESSION_PAGE_SIZE = 10


def _agency_id(user):
    return user.agency_id


def _enrollment_count(**filters):
    # A subquery per session shown, not a join grouped over every session before the limit.
    counted = (
        Enrollment.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), 0)


def _sessions(user):
    return (
        access.visible_sessions(user)
        .select_related("course", "trainer")
        .annotate(
            seats_taken=_enrollment_count(status__in=SEAT_STATUSES),
            waiting=_enrollment_count(status=EnrollmentStatus.WAITLISTED),
            requests=_enrollment_count(status=EnrollmentStatus.REQUESTED),
        )
    )


def _get_session_for_user(user, session_id):
    return access.get_session_for_user(user, session_id, queryset=_sessions(user))


def _schedulable_courses(user):
    return access.visible_courses(user).filter(is_active=True).order_by("title")


@login_required
def catalog(request):
    user = request.user
    version = (
        CatalogVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("slug", "-version")
        .prefetch_related(
            Prefetch(
                "sections__courses",
                queryset=Course.objects.prefetch_related("competencies").order_by("order"),
            )
        )
        .first()
    )
    own_courses = (
        access.visible_courses(user)
        .filter(agency__isnull=False)
        .prefetch_related("competencies")
        .order_by("title")
    )
    return render(
        request,
        "training/catalog.html",
        {
            "version": version,
            "own_courses": own_courses,
            "can_manage": access.can_manage_training(user, _agency_id(user)),
        },
    )


@login_required
def course_detail(request, course_id):
    user = request.user
    course = access.get_course_for_user(
        user,
        course_id,
        queryset=Course.objects.select_related("catalog", "section").prefetch_related(
            "competencies"
        ),
    )
    upcoming = (
        _sessions(user)
        .filter(course__code=course.code, ends_at__gte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")[:SESSION_LIST_LIMIT]
    )
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "upcoming": upcoming,
            "can_manage": access.can_manage_training(user, _agency_id(user)),
        },
    )


@login_required
def session_list(request):
    user = request.user
    now = timezone.now()
    sessions = _sessions(user)
    return render(
        request,
        "training/session_list.html",
        {
            "upcoming": _session_page(
                request, "upcoming", sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
            ),
            "past": _session_page(
                request, "past", sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
            ),
            "can_manage": access.can_manage_training(user, _agency_id(user)),
        },
    )


def _session_page(request, name, sessions):
    """One page of a session list, paged by its own `<name>_page` so the other list keeps its
    place; `query` is the rest of the query string for the pager's links."""
    param = f"{name}_page"
    page = Paginator(sessions, SESSION_PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return {"page": page, "param": param, "query": query.urlencode()}


def _session_form(request, user, session, data=None):
    agency_id = session.agency_id or _agency_id(user)
    initial = {}
    if session.pk is None and request.GET.get("course"):
        initial["course"] = request.GET["course"]
    return SessionForm(
        data,
        instance=session,
        initial=initial,
        courses=_schedulable_courses(user),
        staff=access.visible_staff(user)
        .filter(agency_id=agency_id)
        .exclude(status=StaffStatus.FORMER)
        .order_by("full_name"),
    )


def _edit_session(request, session):
    user = request.user
    if request.method == "POST":
        form = _session_form(request, user, session, request.POST)
        if form.is_valid() and session.pk is None:
            saved = form.save(commit=False)
            saved.agency_id = session.agency_id

            def make():
                services.save_session(saved, user)
                messages.success(request, _("Session scheduled."))
                return saved.get_absolute_url()

            # Once means once: a double click or a resent page schedules one session.
            return redirect(once.run(request, make))
        if form.is_valid():
            saved = form.save(commit=False)
            saved.agency_id = session.agency_id
            try:
                services.save_session(saved, user, form.cleaned_data.get("seen_revision"))
            except services.SessionConflict:
                current = Session.objects.get(pk=session.pk)
                data = request.POST.copy()
                data["seen_revision"] = str(current.revision)
                form = _session_form(request, user, current, data)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else changed this session after you opened this page. "
                        "Nothing was saved. Your changes are still below; the session page "
                        "shows theirs. Save again to apply yours."
                    ),
                )
                return render(
                    request,
                    "training/session_form.html",
                    {"form": form, "session": current},
                    status=409,
                )
            messages.success(request, _("Session saved."))
            return redirect(saved.get_absolute_url())
    else:
        form = _session_form(request, user, session)
    return render(request, "training/session_form.html", {"form": form, "session": session})


@login_required
def session_create(request):
    user = request.user
    if not access.can_manage_training(user) or not user.agency_id:
        raise Http404
    return _edit_session(request, Session(agency_id=user.agency_id))


@login_required
def session_edit(request, session_id):
    user = request.user
    session = access.get_session_for_user(user, session_id)
    if not access.can_manage_training(user, session.agency_id):
        raise Http404
    return _edit_session(request, session)


def _enrollment_rows(user, session):
    rows = (
        access.visible_enrollments(user, session)
        .select_related("staff", "attendance")
        .order_by("status", "waitlisted_at", "created_at", "pk")
    )
    can_manage = access.can_manage_training(user, session.agency_id)
    own_id = access.own_staff_id(user)
    changeable = (
        set(access.requestable_staff(user).values_list("pk", flat=True)) if not can_manage else None
    )
    result = []
    for enrollment in rows:
        result.append(
            {
                "enrollment": enrollment,
                "attendance": getattr(enrollment, "attendance", None),
                "can_decide": can_manage and enrollment.status == EnrollmentStatus.REQUESTED,
                "can_cancel": enrollment.status in OPEN_STATUSES
                and not hasattr(enrollment, "attendance")
                and (can_manage or enrollment.staff_id in changeable),
                "can_answer": enrollment.status == EnrollmentStatus.OFFERED
                and (can_manage or enrollment.staff_id == own_id),
            }
        )
    return result


def _people_choices(user, session):
    taken = session.enrollments.filter(status__in=OPEN_STATUSES).values("staff_id")
    return access.enrollable_staff(user, session).exclude(pk__in=taken).order_by("full_name")


@login_required
def session_detail(request, session_id, person_form=None, status=200):
    user = request.user
    session = _get_session_for_user(user, session_id)
    can_manage = access.can_manage_training(user, session.agency_id)
    is_open = not session.is_cancelled and session.ends_at > timezone.now()
    people = _people_choices(user, session) if is_open else None
    has_people = people is not None and people.exists()
    if person_form is None and has_people:
        person_form = PersonForm(people=people)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "rows": _enrollment_rows(user, session),
            "can_manage": can_manage,
            "can_take_attendance": access.can_take_attendance(user, session),
            "is_open": is_open,
            "person_form": person_form if has_people else None,
            "seats_left": max(session.capacity - session.seats_taken, 0),
        },
        status=status,
    )


@login_required
@require_POST
def session_enroll(request, session_id):
    """HR enrolls a person; anyone else asks for a seat (for themselves or a report)."""
    user = request.user
    session = _get_session_for_user(user, session_id)
    people = _people_choices(user, session)
    form = PersonForm(request.POST, people=people)
    if not form.is_valid():
        if not people.exists():
            messages.error(request, _("There is nobody you can add to this session."))
        return session_detail(request, session.pk, person_form=form, status=400)
    staff = form.cleaned_data["staff"]
    try:
        if access.can_manage_training(user, session.agency_id):
            enrollment = services.enroll(session, staff, user)
        else:
            enrollment = services.request_seat(session, staff, user)
    except services.EnrollmentError as exc:
        messages.error(request, str(exc))
        return redirect(session.get_absolute_url())
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": staff.display_name, "status": enrollment.get_status_display().lower()},
    )
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def session_cancel(request, session_id):
    user = request.user
    session = access.get_session_for_user(user, session_id)
    if not access.can_manage_training(user, session.agency_id):
        raise Http404
    try:
        services.cancel_session(session, user)
    except services.EnrollmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The session is cancelled."))
    return redirect(session.get_absolute_url())


ACTIONS = ("approve", "decline", "cancel", "accept", "turn_down")


@login_required
@require_POST
def enrollment_action(request, session_id, enrollment_id):
    user = request.user
    session = access.get_session_for_user(user, session_id)
    enrollment = access.get_enrollment_for_user(
        user, session, enrollment_id, queryset=Enrollment.objects.select_related("staff")
    )
    action = request.POST.get("action")
    if action not in ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect(session.get_absolute_url())
    can_manage = access.can_manage_training(user, session.agency_id)
    allowed = {
        "approve": can_manage,
        "decline": can_manage,
        "cancel": access.can_change_enrollment(user, enrollment, session),
        "accept": access.can_answer_offer(user, enrollment),
        "turn_down": access.can_answer_offer(user, enrollment),
    }[action]
    if not allowed:
        raise Http404
    try:
        if action == "approve":
            services.approve(enrollment, user)
        elif action == "decline":
            services.decline(enrollment, user)
        elif action == "cancel":
            services.cancel(enrollment, user)
        else:
            services.answer_offer(enrollment, action == "accept", user)
    except services.EnrollmentError as exc:
        messages.error(request, str(exc))
        return redirect(session.get_absolute_url())
    enrollment.refresh_from_db()
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {
            "name": enrollment.staff.display_name,
            "status": enrollment.get_status_display().lower(),
        },
    )
    return redirect(session.get_absolute_url())


def _attending(session):
    return list(
        session.enrollments.filter(status=EnrollmentStatus.ENROLLED)
        .select_related("staff", "attendance")
        .order_by("staff__full_name", "pk")
    )


@login_required
def session_attendance(request, session_id):
    user = request.user
    session = _get_session_for_user(user, session_id)
    if not access.can_take_attendance(user, session):
        raise Http404
    started = session.starts_at <= timezone.now()
    if request.method == "POST" and started and not session.is_cancelled:
        # Under a lock on the session, so two people saving at once are checked one by one.
        with transaction.atomic():
            Session.objects.select_for_update().filter(pk=session.pk).first()
            form = AttendanceForm(request.POST, session=session, enrollments=_attending(session))
            if form.is_valid():
                changed = services.record_attendance(session, form.marks, user)
                messages.success(
                    request, _("Attendance saved (%(n)s changed).") % {"n": len(changed)}
                )
                return redirect(session.get_absolute_url())
        status = 409 if form.has_error("__all__", "conflict") else 400
    else:
        form = AttendanceForm(session=session, enrollments=_attending(session))
        status = 200 if request.method == "GET" else 400
    return render(
        request,
        "training/session_attendance.html",
        {"session": session, "form": form, "started": started},
        status=status,
    )


@login_required
def certificate(request, attendance_id):
    user = request.user
    attendance = access.get_attendance_for_user(
        user,
        attendance_id,
        queryset=access.visible_attendance(user).select_related(
            "staff__agency", "session__course", "session__trainer"
        ),
    )
    if not attendance.is_completion:
        raise Http404
    session = attendance.session
    title = _("Certificate of completion")
    data = pdf.render_pdf(
        "training/pdf/certificate.html",
        {"attendance": attendance, "session": session, "staff": attendance.staff},
        title=f"{title}: {session.course.title}",
        author=attendance.staff.agency.name,
        confidentiality="",
    )
    name = pdf.pdf_filename(
        "certificate", attendance.staff.full_name, timezone.localdate(session.ends_at).isoformat()
    )
    return pdf.pdf_response(data, name)


def _training_record(request, staff):
    user = request.user
    today = timezone.localdate()
    attendance = list(
        access.visible_attendance(user)
        .filter(staff=staff)
        .select_related("session__course")
        .order_by("-session__starts_at")
    )
    enrollments = list(
        staff.training_enrollments.filter(
            status__in=OPEN_STATUSES,
            session__ends_at__gte=timezone.now(),
        )
        .select_related("session__course")
        .order_by("session__starts_at")
    )
    required = requirements.requirement_rows(staff.agency_id, [staff], today)
    return render(
        request,
        "training/staff_training.html",
        {
            "staff": staff,
            "attendance": attendance,
            "total_hours": format_hours(
                sum(a.hours_credited for a in attendance if a.is_completion)
            ),
            "enrollments": enrollments,
            "required": required,
            "is_self": access.own_staff_id(user) == staff.pk,
        },
    )


@login_required
def my_training(request):
    staff = request.user.staff_record
    if staff is None:
        raise Http404
    return _training_record(request, staff)


@login_required
def staff_training(request, staff_id):
    staff = access.get_staff_for_user(request.user, staff_id)
    return _training_record(request, staff)


def _requirements_page(request, form, status=200):
    user = request.user
    today = timezone.localdate()
    staff = list(
        access.visible_staff(user)
        .filter(agency_id=user.agency_id)
        .exclude(status=StaffStatus.FORMER)
        .select_related("program")
    )
    rows = requirements.requirement_rows(user.agency_id, staff, today)
    show = request.GET.get("show", "action")
    if show != "all":
        rows = [row for row in rows if row.needs_action]
    rows.sort(key=lambda r: (r.due or today, r.staff.full_name.lower()))
    rules = TrainingRequirement.objects.filter(agency_id=user.agency_id).select_related(
        "course", "program"
    )
    return render(
        request,
        "training/requirements.html",
        {"rows": rows, "rules": rules, "form": form, "show": show},
        status=status,
    )


def _requirement_form(user, data=None):
    return RequirementForm(
        data,
        courses=_schedulable_courses(user),
        programs=access.visible_programs(user).filter(agency_id=user.agency_id),
    )


@login_required
def requirement_list(request):
    user = request.user
    if not access.can_manage_training(user) or not user.agency_id:
        raise Http404
    if request.method == "POST":
        form = _requirement_form(user, request.POST)
        if form.is_valid():
            requirement = form.save(commit=False)
            requirement.agency_id = user.agency_id

            def make():
                requirement.save()
                messages.success(request, _("Required training added."))
                return reverse("training:requirement_list")

            return redirect(once.run(request, make))
        return _requirements_page(request, form, status=400)
    return _requirements_page(request, _requirement_form(user))


@login_required
@require_POST
def requirement_delete(request, requirement_id):
    requirement = access.get_requirement_for_user(request.user, requirement_id)
    requirement.delete()
    messages.success(request, _("Required training removed."))
    return redirect("training:requirement_list")
