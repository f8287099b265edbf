import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies import language
from peerwork import access, once, pdf, signatures
from peerwork.models import StaffMember, StaffStatus
from peerwork.signatures import SignatureForm
from supervision import charts, documents, services, wise_form
from supervision.forms import (
    BasicsForm,
    CadenceForm,
    CommentForm,
    ExtendForm,
    PeriodForm,
    PlanActionForm,
    ReopenForm,
    SessionForm,
    SettingsForm,
    WorkPlanForm,
    WorkPlanStartForm,
)
from supervision.models import (
    ActionItem,
    ActionStatus,
    BasicsChecklist,
    CadenceOverride,
    Participant,
    SessionFormat,
    SessionStatus,
    SupervisionSession,
    SupervisionSettings,
    WorkPlan,
    WorkPlanStatus,
)

LIST_LIMIT = 200
# Rows per page of the lists that grow with the agency (supervisees, hours).
PAGE_SIZE = 25
ICRC_HOURS = 25
TEXAS_HOURS = 250


def _staff_queryset():
    return StaffMember.objects.select_related("program", "supervisor", "agency", "user")


def _session_queryset():
    return SupervisionSession.objects.select_related(
        "supervisor", "agency", "work_plan"
    ).prefetch_related(
        "topics",
        "categories",
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("staff").prefetch_related("duties"),
        ),
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner", "staff")),
    )


def _language_context(*forms):
    """The guide's terms for static/js/language-hints.js, and each text box's hints drawn on
    the server (they work without JavaScript): `field.field.language_hints`."""
    terms = language.guide_terms()
    for form in forms:
        if form is None:
            continue
        for name, field in form.fields.items():
            if field.widget.attrs.get("data-language-hints"):
                field.language_hints = language.hints(str(form[name].value() or ""), terms)
    return {"language_terms": language.script_data(terms)}


def _chart(participants, today):
    shares = services.role_shares(participants, today)
    return {"chart": charts.role_chart(shares), "summary": services.role_summary(shares)}


# --- overview ------------------------------------------------------------------------------


@login_required
def overview(request):
    user = request.user
    today = timezone.localdate()
    staff = user.staff_record
    context = {"today": today, "staff": staff}
    if user.is_supervisor and staff is not None:
        people = services.soonest_due(services.supervisees(staff), today)
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        context["supervisees"] = services.with_cadences(page.object_list, today)
        context["page"] = page
    if staff is not None:
        context["my_sessions"] = list(
            SupervisionSession.objects.filter(participants__staff=staff)
            .select_related("supervisor")
            .order_by("-held_on", "-pk")[:12]
        )
        context["my_actions"] = list(
            services.open_actions_for([staff.pk]).filter(owner=staff)[:LIST_LIMIT]
        )
    if access.is_hr_or_admin(user):
        overdue = services.soonest_due(
            access.visible_staff(user).filter(
                status=StaffStatus.ACTIVE, supervisor__isnull=False, peer_role="peer"
            ),
            today,
        ).filter(due_on__lt=today)
        context["agency_overdue"] = services.with_cadences(
            overdue.select_related("program", "supervisor")[:PAGE_SIZE], today
        )
        context["agency_overdue_count"] = overdue.count()
        context["can_manage_settings"] = access.can_manage_supervision_settings(user)
    return render(request, "supervision/overview.html", context)


# --- a person's supervision record ---------------------------------------------------------


@login_required
def person(request, staff_id):
    user = request.user
    staff = access.get_supervision_person_for_user(user, staff_id, queryset=_staff_queryset())
    today = timezone.localdate()
    sessions = list(
        access.visible_supervision_sessions(user)
        .filter(participants__staff=staff)
        .select_related("supervisor")
        .prefetch_related("topics")
        .order_by("-held_on", "-pk")[:LIST_LIMIT]
    )
    cadence = services.cadences([staff], today)[staff.pk]
    year_start = today.replace(month=1, day=1)
    hours_year = services.hours_by_person([staff.pk], year_start, today).get(staff.pk)
    hours_all = services.hours_by_person([staff.pk], datetime.date(1900, 1, 1), today).get(staff.pk)
    participants = access.visible_supervision_participants(user).filter(staff=staff)
    return render(
        request,
        "supervision/person.html",
        {
            "person": staff,
            "sessions": sessions,
            "cadence": cadence,
            "today": today,
            "hours_year": (hours_year or {}).get("minutes", 0) / 60,
            "hours_all": (hours_all or {}).get("minutes", 0) / 60,
            "icrc_hours": ICRC_HOURS,
            "open_actions": list(services.open_actions_for([staff.pk])[:LIST_LIMIT]),
            "can_record": access.can_record_supervision(user, staff),
            "can_set_cadence": access.can_set_supervision_cadence(user, staff),
            **_chart(participants, today),
        },
    )


@login_required
def cadence_edit(request, staff_id):
    user = request.user
    staff = access.get_supervision_person_for_user(user, staff_id, queryset=_staff_queryset())
    if not access.can_set_supervision_cadence(user, staff):
        raise Http404
    override = CadenceOverride.objects.filter(staff=staff).first()
    if request.method == "POST" and "remove" in request.POST:
        if override:
            override.delete()
        messages.success(request, _("The agency default applies again."))
        return redirect("supervision:person", staff_id=staff.pk)
    form = CadenceForm(request.POST or None, instance=override or CadenceOverride(staff=staff))
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.set_by = user
        item.save()
        messages.success(request, _("Cadence saved."))
        return redirect("supervision:person", staff_id=staff.pk)
    return render(
        request,
        "supervision/cadence_form.html",
        {
            "person": staff,
            "form": form,
            "override": override,
            "cadence": services.cadences([staff], timezone.localdate())[staff.pk],
            "agency_default": services.agency_default_days(staff.agency_id),
        },
    )


@login_required
def settings_edit(request):
    user = request.user
    if not access.can_manage_supervision_settings(user) or user.agency_id is None:
        raise Http404
    instance = SupervisionSettings.objects.filter(agency_id=user.agency_id).first()
    form = SettingsForm(
        request.POST or None, instance=instance or SupervisionSettings(agency_id=user.agency_id)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Supervision settings saved."))
        return redirect("supervision:overview")
    return render(request, "supervision/settings_form.html", {"form": form})


@login_required
def hours(request):
    user = request.user
    if not access.can_see_supervision_totals(user):
        raise Http404
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        today = timezone.localdate()
        start, end = today.replace(month=1, day=1), today
        if form.is_bound:
            # What was not understood is not echoed back into the date fields.
            problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
            messages.error(
                request,
                _("The period was not understood (%(problems)s); this year so far is shown.")
                % {"problems": problems},
            )
            form = PeriodForm(initial={"start": start, "end": end})
    if access.is_hr_or_admin(user):
        people = access.visible_staff(user)
    else:
        people = access.report_staff(user)
    people = people.filter(status=StaffStatus.ACTIVE, peer_role="peer")
    page = Paginator(
        people.select_related("program").order_by("full_name", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    totals = services.hours_by_person([p.pk for p in page.object_list], start, end)
    rows = []
    for p in page.object_list:
        row = totals.get(p.pk) or {"minutes": 0, "sessions": 0, "individual": 0, "group": 0}
        rows.append({"person": p, **row, "hours": row["minutes"] / 60})
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return render(
        request,
        "supervision/hours.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "page": page,
            "query": query,
            "total_hours": services.total_minutes(people, start, end) / 60,
            "icrc_hours": ICRC_HOURS,
            "texas_hours": TEXAS_HOURS,
        },
    )


@login_required
def roles(request):
    user = request.user
    if not access.is_hr_or_admin(user):
        raise Http404
    today = timezone.localdate()
    participants = access.visible_supervision_participants(user)
    recurring = services.recurring_programs(participants, today)
    all_programs = list(access.visible_programs(user).order_by("name"))
    programs = {p.pk: p for p in all_programs}
    rows = [{"program": programs[pk], **entry} for pk, entry in recurring.items() if pk in programs]
    rows.sort(key=lambda r: (-r["months"], r["program"].name))
    return render(
        request,
        "supervision/roles.html",
        {
            "rows": rows,
            "programs": all_programs,
            "months": services.CHART_MONTHS,
            "recurring": services.RECURRING_MONTHS,
            **_chart(participants, today),
        },
    )


@login_required
def program_roles(request, program_id):
    user = request.user
    program = access.get_supervision_program_for_user(user, program_id)
    today = timezone.localdate()
    participants = access.visible_supervision_participants(user).filter(staff__program=program)
    return render(
        request,
        "supervision/program_roles.html",
        {"program": program, **_chart(participants, today)},
    )


# --- sessions ------------------------------------------------------------------------------


def _categories():
    return services.samhsa_categories()


def _session_form(request, *, supervisees, supervisor, session=None, data=None):
    staff_ids = [p.pk for p in supervisees]
    open_actions = services.open_actions_for(staff_ids)
    if session is not None and session.pk:
        open_actions = open_actions.exclude(session=session)
    initial = {}
    if session is not None:
        initial = {
            "revision": session.revision,
            "held_on": session.held_on,
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "format": session.format,
            "mode": session.mode,
            "observation": session.observation,
            "topics": list(session.topics.all()),
            "categories": list(session.categories.all()),
            "notes": session.notes,
        }
        for participant in session.participants.all():
            initial[f"duties_{participant.staff_id}"] = list(participant.duties.all())
    else:
        initial = {
            "held_on": timezone.localdate(),
            "format": SessionFormat.GROUP if len(supervisees) > 1 else SessionFormat.INDIVIDUAL,
        }
    return SessionForm(
        data,
        initial=initial,
        supervisees=supervisees,
        supervisor=supervisor,
        open_actions=list(open_actions),
        categories=_categories(),
    )


def _save_session_form(request, form, session, supervisees):
    data = form.cleaned_data
    for field in (
        "held_on",
        "starts_at",
        "duration_minutes",
        "format",
        "mode",
        "observation",
        "notes",
    ):
        setattr(session, field, data[field])
    session.status = SessionStatus.HELD
    return services.save_session(
        session=session,
        supervisees=supervisees,
        duties_by_staff=form.duties_by_staff(),
        topics=data["topics"],
        categories=data["categories"],
        new_actions=form.new_actions(),
        closed_actions=form.closed_actions(),
        user=request.user,
        expected_revision=data.get("revision") if session.pk else None,
    )


def _render_session_form(request, form, session, supervisees, conflict=False):
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "session": session,
            "supervisees": supervisees,
            "conflict": conflict,
            **_language_context(form),
        },
    )


@login_required
def session_new(request):
    user = request.user
    supervisor = user.staff_record
    if not user.is_supervisor or supervisor is None:
        raise Http404
    raw_ids = request.GET.getlist("staff")
    try:
        ids = sorted({int(value) for value in raw_ids})
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    if not ids or len(ids) > 30:
        raise Http404
    supervisees = list(access.report_staff(user).filter(pk__in=ids).order_by("full_name"))
    if len(supervisees) != len(ids):
        raise Http404
    services.ensure_lists()
    session = SupervisionSession(agency_id=supervisor.agency_id, supervisor=supervisor)
    form = _session_form(
        request,
        supervisees=supervisees,
        supervisor=supervisor,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():

        def make():
            saved = _save_session_form(request, form, session, supervisees)
            messages.success(request, _("Session recorded."))
            return saved.get_absolute_url()

        return redirect(once.run(request, make))
    return _render_session_form(request, form, None, supervisees)


@login_required
def session_edit(request, session_id):
    user = request.user
    session = access.get_supervision_session_for_user(
        user, session_id, queryset=_session_queryset()
    )
    if not access.can_edit_supervision_session(user, session):
        raise Http404
    participants = list(session.participants.all())
    if services.is_locked(session, participants):
        messages.info(
            request,
            _(
                "This session has been signed, so it no longer changes. Its supervisor can "
                "reopen it to correct it; everyone then signs again."
            ),
        )
        return redirect(session)
    supervisees = [p.staff for p in participants]
    form = _session_form(
        request,
        supervisees=supervisees,
        supervisor=session.supervisor,
        session=session,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = _save_session_form(request, form, session, supervisees)
        except services.Conflict:
            messages.error(
                request,
                _(
                    "Someone else saved this session since you opened it. Your input is still "
                    "in the form; reload the page in another tab to see theirs."
                ),
            )
            return _render_session_form(request, form, session, supervisees, conflict=True)
        messages.success(request, _("Session saved."))
        return redirect(session)
    return _render_session_form(request, form, session, supervisees)


def _signed_copies(target):
    """Every signed copy, newest first, each with its round and, once superseded, the reason
    and time (as evaluations show theirs)."""
    return list(
        signatures.for_object(target)
        .select_related("superseded_by__staff_member")
        .order_by("-round", "-signed_at", "-pk")
    )


def _session_signer(user, session, participants):
    """(the user's own participant row or None, whether they sign as the supervisor), when
    they still have to sign this session; (None, False) otherwise."""
    own_id = access.own_staff_id(user)
    if not session.is_held or own_id is None:
        return None, False
    mine = next((p for p in participants if p.staff_id == own_id), None)
    if mine is not None:
        return (mine, False) if not mine.acknowledged_at else (None, False)
    if session.supervisor_id == own_id and not session.supervisor_acknowledged_at:
        return None, True
    return None, False


def _session_detail_context(
    request, session, *, comment_form=None, sign_form=None, reopen_form=None
):
    user = request.user
    own_id = access.own_staff_id(user)
    participants = list(session.participants.all())
    mine = next((p for p in participants if p.staff_id == own_id), None)
    signer_row, as_supervisor = _session_signer(user, session, participants)
    signs = signer_row is not None or as_supervisor
    if mine is not None and not mine.acknowledged_at and comment_form is None:
        comment_form = CommentForm(initial={"comment": mine.comment})
    staff_ids = [p.staff_id for p in participants]
    carried = (
        list(services.open_actions_for(staff_ids).exclude(session=session))
        if session.is_held
        else list(services.open_actions_for(staff_ids))
    )
    locked = services.is_locked(session, participants)
    can_reopen = locked and access.can_reopen_supervision_session(user, session)
    return {
        "session": session,
        "participants": participants,
        "mine": mine,
        "comment_form": comment_form if mine is not None and not mine.acknowledged_at else None,
        "sign_form": (sign_form or SignatureForm(signer=user)) if signs else None,
        "signs_as_supervisor": as_supervisor,
        "can_edit": access.can_edit_supervision_session(user, session) and not locked,
        "reopen_form": (reopen_form or ReopenForm()) if can_reopen else None,
        "signed_copies": _signed_copies(session),
        "carried_actions": carried,
        "today": timezone.localdate(),
        **_language_context(comment_form),
    }


def _render_session_detail(request, session, status=200, **forms_):
    return render(
        request,
        "supervision/session_detail.html",
        _session_detail_context(request, session, **forms_),
        status=status,
    )


@login_required
def session_detail(request, session_id):
    session = access.get_supervision_session_for_user(
        request.user, session_id, queryset=_session_queryset()
    )
    return _render_session_detail(request, session)


@login_required
@require_POST
def session_comment(request, session_id):
    user = request.user
    session = access.get_supervision_session_for_user(
        user, session_id, queryset=_session_queryset()
    )
    own_id = access.own_staff_id(user)
    mine = next((p for p in session.participants.all() if p.staff_id == own_id), None)
    if mine is None:
        raise Http404
    if mine.acknowledged_at:
        messages.info(request, _("You have acknowledged this session; your comments are kept."))
        return redirect(session)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_session_detail(request, session, comment_form=form)
    # Only while not acknowledged: the acknowledgement freezes the comment it signed.
    Participant.objects.filter(pk=mine.pk, acknowledged_at__isnull=True).update(
        comment=form.cleaned_data["comment"], commented_at=timezone.now()
    )
    messages.success(request, _("Your comments are saved."))
    return redirect(session)


@login_required
@require_POST
def session_acknowledge(request, session_id):
    """The supervisor signs the record; a supervisee acknowledges it with their comments."""
    user = request.user
    session = access.get_supervision_session_for_user(
        user, session_id, queryset=_session_queryset()
    )
    own_id = access.own_staff_id(user)
    participants = list(session.participants.all())
    if own_id is None or (
        session.supervisor_id != own_id and all(p.staff_id != own_id for p in participants)
    ):
        raise Http404
    signer_row, as_supervisor = _session_signer(user, session, participants)
    if signer_row is None and not as_supervisor:
        if not session.is_held:
            messages.error(request, _("A scheduled session is acknowledged once it has been held."))
        else:
            messages.info(request, _("You have signed this session already."))
        return redirect(session)
    form = SignatureForm(request.POST, signer=user)
    if not form.is_valid():
        return _render_session_detail(request, session, sign_form=form)
    meaning = signatures.Meaning.AUTHOR if as_supervisor else signatures.Meaning.ACKNOWLEDGEMENT
    try:
        services.sign_session(session, form.signing(meaning), participant=signer_row)
    except (services.Conflict, services.TransitionError):
        messages.error(
            request,
            _("Not signed: the session changed while you were reading it. Read it again."),
        )
        return redirect(session)
    if as_supervisor:
        messages.success(request, _("Signed. The signed copy is kept with the session."))
    else:
        messages.success(request, _("Acknowledged. Acknowledging means you have read it."))
    return redirect(session)


@login_required
@require_POST
def session_reopen(request, session_id):
    user = request.user
    session = access.get_supervision_session_for_user(
        user, session_id, queryset=_session_queryset()
    )
    if not access.can_reopen_supervision_session(user, session):
        raise Http404
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _render_session_detail(request, session, reopen_form=form)
    try:
        services.reopen_session(session, user, form.cleaned_data["reason"])
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(session)
    messages.success(
        request,
        _("Reopened. The earlier signed copies are kept; everyone signs the session again."),
    )
    return redirect("supervision:session_edit", session_id=session.pk)


@login_required
def session_pdf(request, session_id):
    """A signed session downloads as its stored signed copy (the latest of the current
    round); one nobody has signed is rendered as it is now, marked as not signed."""
    session = access.get_supervision_session_for_user(
        request.user, session_id, queryset=_session_queryset()
    )
    filename = documents.session_filename(session)
    latest = signatures.current(session).order_by("signed_at", "pk").last()
    if latest is not None:
        return signatures.file_response(latest, filename)
    snapshot = services.session_document(session, list(session.participants.all()), [])
    data = documents.render_session_pdf(snapshot, watermark=_("NOT SIGNED"))
    return pdf.pdf_response(data, filename)


def _signed_copy_response(target, signature_id, filename):
    try:
        signature = signatures.for_object(target).get(pk=int(signature_id))
    except (signatures.Signature.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    stem = filename.removesuffix(".pdf")
    return signatures.file_response(
        signature, f"{stem}-signed-r{signature.round}-{signature.meaning}.pdf"
    )


@login_required
def session_signed_copy(request, session_id, signature_id):
    """One stored signed copy of the session, current or from an earlier round."""
    session = access.get_supervision_session_for_user(
        request.user, session_id, queryset=_session_queryset()
    )
    return _signed_copy_response(session, signature_id, documents.session_filename(session))


@login_required
@require_POST
def action_done(request, action_id):
    user = request.user
    try:
        action = ActionItem.objects.select_related("staff").get(pk=int(action_id))
    except (ActionItem.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    if not access.can_update_supervision_action(user, action):
        raise Http404
    if action.is_open:
        action.status = ActionStatus.DONE
        action.done_on = timezone.localdate()
        action.save(update_fields=["status", "done_on"])
        messages.success(request, _("Marked done."))
    target = request.POST.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("supervision:person", args=[action.staff_id])
    return redirect(target)


# --- the basics checklist and the collaborative work plan ----------------------------------


def _plan_queryset():
    return WorkPlan.objects.select_related(
        "staff__program", "staff__agency", "manager", "agency", "basics"
    ).prefetch_related(
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        "extensions__extended_by",
    )


@login_required
def basics_new(request, staff_id):
    user = request.user
    staff = access.get_supervision_person_for_user(user, staff_id, queryset=_staff_queryset())
    if not access.can_record_supervision(user, staff):
        raise Http404
    form = BasicsForm(request.POST or None)
    start_form = WorkPlanStartForm(request.POST or None, prefix="plan")
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        wants_plan = "start_plan" in request.POST and not all(answers.values())
        if not wants_plan or start_form.is_valid():

            def make():
                basics = BasicsChecklist.objects.create(
                    staff=staff,
                    manager=user.staff_record,
                    answered_on=form.cleaned_data["answered_on"],
                    answers=answers,
                )
                if not wants_plan:
                    messages.success(request, _("Basics checklist saved."))
                    return reverse("supervision:person", args=[staff.pk])
                plan = services.start_work_plan(
                    staff=staff,
                    manager=user.staff_record,
                    basics=basics,
                    start_date=start_form.cleaned_data["start_date"],
                    expires_on=start_form.cleaned_data["expires_on"],
                )
                messages.success(request, _("Work plan started from the basics checklist."))
                return reverse("supervision:workplan_edit", args=[plan.pk])

            return redirect(once.run(request, make))
    return render(
        request,
        "supervision/basics_form.html",
        {
            "person": staff,
            "form": form,
            "start_form": start_form,
            "heading": wise_form.text_in(wise_form.BASICS_HEADING),
        },
    )


def _plan_signs(plan, role):
    """Whether the user (as `role`) still signs the plan: a draft, or a plan extended since
    it was signed (both sign the extension)."""
    if role == "employee":
        return not plan.employee_signed_at
    return role == "manager" and not plan.manager_signed_at


def _can_edit_plan(plan, role):
    return role is not None and plan.status == WorkPlanStatus.DRAFT and not plan.is_signed_by_anyone


def _plan_context(request, plan, **extra):
    user = request.user
    role = access.work_plan_role(user, plan)
    copies = _signed_copies(plan)
    current = [c for c in copies if c.is_current]
    return {
        "plan": plan,
        "role": role,
        "doc": services.work_plan_document(plan, current),
        "signed_copies": copies,
        "topics": wise_form.topics_in(plan.topics),
        "meeting_labels": wise_form.labels_in(wise_form.MEETING_LABELS),
        "sign_form": (extra.pop("sign_form", None) or SignatureForm(signer=user))
        if _plan_signs(plan, role)
        else None,
        "can_edit": _can_edit_plan(plan, role),
        "can_extend": access.can_extend_work_plan(user, plan)
        and plan.status == WorkPlanStatus.ACTIVE,
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def workplan_detail(request, plan_id):
    plan = access.get_work_plan_for_user(request.user, plan_id, queryset=_plan_queryset())
    return render(request, "supervision/workplan_detail.html", _plan_context(request, plan))


@login_required
def workplan_edit(request, plan_id):
    user = request.user
    plan = access.get_work_plan_for_user(user, plan_id, queryset=_plan_queryset())
    role = access.work_plan_role(user, plan)
    if role is None:
        raise Http404
    if not _can_edit_plan(plan, role):
        messages.info(request, _("This plan has been signed, so it no longer changes."))
        return redirect(plan)
    data = request.POST if request.method == "POST" else None
    form = WorkPlanForm(data, instance=plan, role=role)
    action_form = (
        PlanActionForm(
            data if data and data.get("action-text") else None, plan=plan, prefix="action"
        )
        if role == "manager"
        else None
    )
    conflict = False
    if request.method == "POST":
        action_ok = action_form is None or not action_form.is_bound or action_form.is_valid()
        if form.is_valid() and action_ok:
            with transaction.atomic():
                current = WorkPlan.objects.select_for_update().get(pk=plan.pk)
                if not _can_edit_plan(current, role):
                    messages.info(request, _("This plan has been signed, so it no longer changes."))
                    return redirect(plan)
                if form.cleaned_data.get("revision") not in (None, current.revision):
                    conflict = True
                else:
                    fields = [n for n in form.fields if n != "revision"]
                    for name in fields:
                        setattr(current, name, form.cleaned_data[name])
                    current.revision += 1
                    current.save(update_fields=[*fields, "revision", "updated_at"])
                    if action_form is not None and action_form.is_bound:
                        ActionItem.objects.create(
                            work_plan=current,
                            staff_id=current.staff_id,
                            text=action_form.cleaned_data["text"],
                            owner_id=action_form.cleaned_data["owner"],
                            due_on=action_form.cleaned_data["due_on"],
                        )
                    messages.success(request, _("Work plan saved."))
                    if "done" in request.POST:
                        return redirect(plan)
                    return redirect("supervision:workplan_edit", plan_id=plan.pk)
            if conflict:
                messages.error(
                    request,
                    _(
                        "Someone else saved this plan since you opened it. Your input is still "
                        "in the form; open the plan in another tab to see what changed."
                    ),
                )
    return render(
        request,
        "supervision/workplan_edit.html",
        _plan_context(
            request,
            plan,
            form=form,
            action_form=action_form,
            conflict=conflict,
            sections=documents.plan_sections(plan, form),
            **_language_context(form),
        ),
    )


@login_required
@require_POST
def workplan_sign(request, plan_id):
    user = request.user
    plan = access.get_work_plan_for_user(user, plan_id, queryset=_plan_queryset())
    role = access.work_plan_role(user, plan)
    if role is None:
        raise Http404
    if not _plan_signs(plan, role):
        messages.info(request, _("You have signed this plan."))
        return redirect(plan)
    form = SignatureForm(request.POST, signer=user)
    if not form.is_valid():
        return render(
            request,
            "supervision/workplan_detail.html",
            _plan_context(request, plan, sign_form=form),
        )
    try:
        services.sign_work_plan(
            plan, form.signing(services.PLAN_MEANING), as_employee=role == "employee"
        )
    except (services.Conflict, services.TransitionError):
        messages.error(
            request, _("Not signed: the plan changed while you were reading it. Read it again.")
        )
        return redirect(plan)
    messages.success(request, _("Signed."))
    return redirect(plan)


@login_required
def workplan_extend(request, plan_id):
    user = request.user
    plan = access.get_work_plan_for_user(user, plan_id, queryset=_plan_queryset())
    if not access.can_extend_work_plan(user, plan) or plan.status != WorkPlanStatus.ACTIVE:
        raise Http404
    form = ExtendForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():

        def make():
            services.extend_work_plan(
                plan,
                new_expires_on=form.cleaned_data["new_expires_on"],
                reason=form.cleaned_data["reason"],
                user=user,
            )
            messages.success(request, _("The plan is extended; the earlier dates are kept."))
            return plan.get_absolute_url()

        return redirect(once.run(request, make))
    if request.method == "POST" and (done := once.earlier(request)):
        # The same extension sent twice: the second is refused by the form, not a problem.
        return redirect(done)
    return render(
        request,
        "supervision/workplan_extend.html",
        {"plan": plan, "form": form, **_language_context(form)},
    )


@login_required
def workplan_pdf(request, plan_id):
    """A signed plan downloads as its stored signed copy (the latest of the current round);
    otherwise it is rendered as it is now, marked as a draft or as not signed (an extended
    plan waiting for both signatures)."""
    plan = access.get_work_plan_for_user(request.user, plan_id, queryset=_plan_queryset())
    filename = documents.work_plan_filename(plan)
    latest = signatures.current(plan).order_by("signed_at", "pk").last()
    if latest is not None:
        return signatures.file_response(latest, filename)
    data = documents.render_work_plan_pdf(
        services.work_plan_document(plan, []),
        watermark=_("DRAFT") if plan.status == WorkPlanStatus.DRAFT else _("NOT SIGNED"),
    )
    return pdf.pdf_response(data, filename)


@login_required
def workplan_signed_copy(request, plan_id, signature_id):
    """One stored signed copy of the plan, current or from before an extension."""
    plan = access.get_work_plan_for_user(request.user, plan_id, queryset=_plan_queryset())
    return _signed_copy_response(plan, signature_id, documents.work_plan_filename(plan))
