import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onboarding import queries, services
from onboarding.forms import (
    BulkForm,
    CheckinForm,
    DashboardFilterForm,
    NoteForm,
    PlanSettingsForm,
    PlanStartForm,
    ReasonForm,
    RemoveForm,
    TaskAddForm,
    TaskEditForm,
)
from onboarding.models import (
    Checkin,
    CheckinKind,
    OnboardingPlan,
    Phase,
    PlanStatus,
    Task,
    TaskStatus,
)
from peerwork import access, once, pdf

# Ten plans a page (soonest start first; the filters narrow it): the dashboard costs the same
# for an agency of 100 as of 2,000 (README, Performance).
DASHBOARD_PAGE_SIZE = 10
CONFLICT = gettext_lazy(
    "Someone else changed this at the same time. Nothing was saved: "
    "here is the current state, please check and try again."
)


def _get_plan_for_user(user, plan_id):
    return access.get_onboarding_plan_for_user(
        user,
        plan_id,
        queryset=OnboardingPlan.objects.select_related(
            "program__population_served",
            "hire",
            "supervisor",
            "peer_mentor",
            "hr_contact",
            "template",
            "agency",
        ),
    )


def _get_task_for_user(user, plan, task_id):
    return access.get_onboarding_task_for_user(
        user,
        plan,
        task_id,
        queryset=Task.objects.select_related("assignee", "completed_by__staff_member"),
    )


def _require_manager(user, plan=None):
    if not access.can_manage_onboarding(user, plan.agency_id if plan else None):
        raise Http404


def _next_url(request, default):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- HR ---------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    if not access.can_manage_onboarding(request.user):
        raise Http404
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, programs=access.visible_programs(request.user))
    plans = access.visible_onboarding_plans(request.user).filter(status=PlanStatus.ACTIVE)
    data = {}
    if form.is_bound:
        if not form.is_valid():
            messages.warning(request, _("Some filters were not understood and were ignored."))
        # Only the filters that were understood: cleaned_data leaves out the invalid ones.
        data = form.cleaned_data
        if data.get("program"):
            plans = plans.filter(program=data["program"])
        if data.get("peer_role"):
            plans = plans.filter(peer_role=data["peer_role"])
        if data.get("employment_type"):
            plans = plans.filter(employment_type=data["employment_type"])
    page = queries.plan_page(
        plans,
        today,
        request.GET.get("page"),
        DASHBOARD_PAGE_SIZE,
        phase=data.get("phase"),
        overdue=data.get("overdue"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onboarding/dashboard.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": today},
    )


@login_required
def plan_start(request):
    user = request.user
    if not access.can_manage_onboarding(user) or not (user.agency_id or user.is_admin):
        raise Http404
    agency = user.agency
    if agency is None:
        messages.error(request, _("Your login belongs to no agency, so it cannot start plans."))
        return redirect("peerwork:home")
    programs = access.visible_programs(user).filter(agency=agency)
    initial = {"hr_contact": user.staff_record}
    form = PlanStartForm(request.POST or None, agency=agency, programs=programs, initial=initial)
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        new_person = form.new_person()

        def make():
            if new_person:
                plan = services.start_plan_with_new_person(
                    template=template,
                    started_by=user,
                    agency=agency,
                    new_person=new_person,
                    **form.plan_fields(),
                )
                messages.success(
                    request,
                    _(
                        "The onboarding plan has started, and %(name)s has a staff record. "
                        "Give them a login from their record when they need one."
                    )
                    % {"name": plan.hire.display_name},
                )
            else:
                plan = services.start_plan(
                    template=template, started_by=user, agency=agency, **form.plan_fields()
                )
                messages.success(request, _("The onboarding plan has started."))
            return plan.get_absolute_url()

        try:
            return redirect(once.run(request, make))
        except ValidationError as error:
            form.add_new_person_errors(error)
    return render(request, "onboarding/plan_start.html", {"form": form})


@login_required
def plan_settings(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    _require_manager(request.user, plan)
    form = PlanSettingsForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name != "revision"
        }
        try:
            services.update_plan(
                _get_plan_for_user(request.user, plan_id),
                actor=request.user,
                expected_revision=form.cleaned_data["revision"],
                changes=changes,
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            return redirect("onboarding:plan_settings", plan_id=plan.pk)
        messages.success(request, _("The plan is updated; open tasks follow the start date."))
        return redirect("onboarding:plan_detail", plan_id=plan.pk)
    return render(request, "onboarding/plan_settings.html", {"plan": plan, "form": form})


@login_required
def task_add(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    _require_manager(request.user, plan)
    form = TaskAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def make():
            task = services.add_task(plan, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Task added to this plan."))
            return task.get_absolute_url()

        return redirect(once.run(request, make))
    return render(request, "onboarding/task_add.html", {"plan": plan, "form": form})


@login_required
def task_edit(request, plan_id, task_id):
    """HR changes an open task's due date or assignee."""
    plan = _get_plan_for_user(request.user, plan_id)
    _require_manager(request.user, plan)
    task = _get_task_for_user(request.user, plan, task_id)
    if not task.is_open:
        messages.info(request, _("Only an open task can be moved or reassigned."))
        return redirect(task)
    form = TaskEditForm(request.POST or None, task=task, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_task(
                task,
                actor=request.user,
                due_date=data["due_date"],
                assignee=data["assignee"],
                loaded_due_date=data["loaded_due_date"],
                loaded_assignee_id=data["loaded_assignee"],
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            return redirect("onboarding:task_edit", plan_id=plan.pk, task_id=task.pk)
        messages.success(request, _("The task is updated; its history shows the change."))
        return redirect(task)
    return render(
        request,
        "onboarding/task_edit.html",
        {"plan": plan, "task": task, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- plans and tasks ---------------------------------------------------------------------------


def _plan_context(request, plan, bulk_form=None):
    user = request.user
    today = timezone.localdate()
    tasks = list(queries.plan_tasks(plan))
    can_work = access.can_work_on_onboarding_plan(user, plan)
    for task in tasks:
        task.can_update = access.can_update_onboarding_task(user, plan, task, can_work=can_work)
        task.day = plan.day_number(task.due_date)
    groups = queries.group_by_phase(tasks, today)
    counted = [t for t in tasks if t.status != TaskStatus.REMOVED]
    closed = sum(1 for t in counted if t.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE))
    checkins = list(
        access.visible_onboarding_checkins(user, plan).select_related("recorded_by__staff_member")
    )
    for checkin in checkins:
        checkin.overdue = checkin.is_overdue(today)
    return {
        "plan": plan,
        "groups": groups,
        "removed": [t for t in tasks if t.status == TaskStatus.REMOVED],
        "closed": closed,
        "total": len(counted),
        "percent": queries.percent(closed, len(counted)),
        "overdue": sum(1 for t in counted if t.is_overdue(today)),
        "checkins": checkins,
        "can_manage": access.can_manage_onboarding(user, plan.agency_id),
        "can_work": can_work,
        "bulk_form": bulk_form or BulkForm(task_ids=[t.pk for t in tasks if t.is_open]),
        "today": today,
    }


@login_required
def plan_detail(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    return render(request, "onboarding/plan_detail.html", _plan_context(request, plan))


@login_required
def plan_print(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    return render(request, "onboarding/plan_print.html", _plan_context(request, plan))


@login_required
def plan_pdf(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    context = _plan_context(request, plan)
    data = pdf.render_pdf(
        "onboarding/pdf/plan.html",
        context,
        title=_("Onboarding plan: %(title)s") % {"title": plan.title},
        author=plan.agency.name,
        header=plan.title,
    )
    name = pdf.pdf_filename("onboarding", plan.hire.full_name if plan.hire else "opening", plan.pk)
    return pdf.pdf_response(data, name)


@login_required
@require_POST
def tasks_bulk(request, plan_id):
    plan = _get_plan_for_user(request.user, plan_id)
    can_work = access.can_work_on_onboarding_plan(request.user, plan)
    open_tasks = [
        t
        for t in plan.tasks.filter(status=TaskStatus.OPEN)
        if access.can_update_onboarding_task(request.user, plan, t, can_work=can_work)
    ]
    if not open_tasks and not can_work:
        raise Http404
    form = BulkForm(request.POST, task_ids=[t.pk for t in open_tasks])
    if form.is_valid():
        chosen = [t for t in open_tasks if t.pk in set(form.cleaned_data["tasks"])]
        status = (
            TaskStatus.DONE if form.cleaned_data["action"] == "done" else TaskStatus.NOT_APPLICABLE
        )
        try:
            services.close_tasks(
                chosen, actor=request.user, status=status, reason=form.cleaned_data["reason"]
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            return redirect(plan)
        messages.success(
            request,
            _("%(count)d task(s) marked %(status)s.")
            % {"count": len(chosen), "status": TaskStatus(status).label.lower()},
        )
        return redirect(plan)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return render(
        request,
        "onboarding/plan_detail.html",
        _plan_context(request, plan, bulk_form=form),
        status=400,
    )


def _task_context(request, plan, task, **forms):
    can_work = access.can_work_on_onboarding_plan(request.user, plan)
    subitems = list(task.subitems.select_related("checked_by__staff_member"))
    task.checked_count = sum(1 for s in subitems if s.checked)
    task.subitem_count = len(subitems)
    task.overdue = task.is_overdue()
    return {
        "plan": plan,
        "task": task,
        "subitems": subitems,
        "events": list(task.events.select_related("actor__staff_member")),
        "can_update": access.can_update_onboarding_task(request.user, plan, task, can_work),
        "can_manage": access.can_manage_onboarding(request.user, plan.agency_id),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "remove_form": forms.get("remove_form") or RemoveForm(),
        "confirm_unchecked": forms.get("confirm_unchecked"),
    }


@login_required
def task_detail(request, plan_id, task_id):
    plan = _get_plan_for_user(request.user, plan_id)
    task = _get_task_for_user(request.user, plan, task_id)
    return render(request, "onboarding/task_detail.html", _task_context(request, plan, task))


TASK_ACTIONS = {"done", "not_applicable", "reopen", "note", "remove"}


@login_required
@require_POST
def task_action(request, plan_id, task_id):
    plan = _get_plan_for_user(request.user, plan_id)
    task = _get_task_for_user(request.user, plan, task_id)
    action = request.POST.get("action")
    if not access.can_update_onboarding_task(request.user, plan, task):
        raise Http404
    restoring = action == "reopen" and task.status == TaskStatus.REMOVED
    if (action == "remove" or restoring) and not access.can_manage_onboarding(
        request.user, plan.agency_id
    ):
        raise Http404
    if action not in TASK_ACTIONS:
        messages.error(request, _("That action is not one this page offers."))
        return redirect(task)
    forms = {}
    if action == "done" and not request.POST.get("confirm_unchecked"):
        unchecked = [sub for sub in task.subitems.all() if not sub.checked]
        if unchecked:
            # Ask first: a checklist left half done is more often a slip than a decision.
            context = _task_context(request, plan, task, confirm_unchecked=unchecked)
            return render(request, "onboarding/task_detail.html", context)
    try:
        if action == "done":
            services.close_tasks([task], actor=request.user, status=TaskStatus.DONE)
            messages.success(request, _("Marked done."))
        elif action == "not_applicable":
            forms["reason_form"] = form = ReasonForm(request.POST)
            if form.is_valid():
                services.close_tasks(
                    [task],
                    actor=request.user,
                    status=TaskStatus.NOT_APPLICABLE,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Marked not applicable."))
        elif action == "reopen":
            services.reopen_task(
                task, actor=request.user, expected_status=request.POST.get("status", "")
            )
            messages.success(request, _("The task is open again; its history keeps what was."))
        elif action == "note":
            forms["note_form"] = form = NoteForm(request.POST)
            if form.is_valid():
                services.add_note(task, actor=request.user, text=form.cleaned_data["note"])
                messages.success(request, _("Note added."))
        elif action == "remove":
            forms["remove_form"] = form = RemoveForm(request.POST)
            if form.is_valid():
                services.remove_task(task, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Removed from the plan; the reason is kept."))
    except services.Conflict:
        messages.error(request, CONFLICT)
        return redirect(task)
    if any(not f.is_valid() for f in forms.values()):
        return render(
            request,
            "onboarding/task_detail.html",
            _task_context(request, plan, task, **forms),
            status=400,
        )
    return redirect(_next_url(request, task.get_absolute_url()))


@login_required
@require_POST
def subitem_set(request, plan_id, task_id, subitem_id):
    plan = _get_plan_for_user(request.user, plan_id)
    task = _get_task_for_user(request.user, plan, task_id)
    if not access.can_update_onboarding_task(request.user, plan, task):
        raise Http404
    try:
        subitem = task.subitems.get(pk=int(subitem_id))
    except (ValueError, OverflowError, task.subitems.model.DoesNotExist):
        raise Http404 from None
    checked = request.POST.get("checked")
    if checked not in ("0", "1"):
        messages.error(request, _("That change was not understood; nothing was saved."))
        return redirect(task)
    services.set_subitem(subitem, actor=request.user, checked=checked == "1")
    return redirect(_next_url(request, task.get_absolute_url()))


# --- check-ins -------------------------------------------------------------------------------


@login_required
def checkin_detail(request, plan_id, checkin_id):
    plan = _get_plan_for_user(request.user, plan_id)
    checkin = access.get_onboarding_checkin_for_user(request.user, plan, checkin_id)
    can_record = access.can_work_on_onboarding_plan(request.user, plan)
    if request.method == "POST" and not can_record:
        raise Http404
    data = request.POST if request.method == "POST" else None
    if data is None and not checkin.is_recorded:
        form = CheckinForm(checkin=checkin, initial={"held_on": timezone.localdate()})
        form.fields["held_on"].initial = timezone.localdate()
    else:
        form = CheckinForm(data, checkin=checkin)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_checkin(
                checkin,
                actor=request.user,
                expected_revision=form.cleaned_data["revision"],
                held_on=form.cleaned_data["held_on"],
                with_whom=form.cleaned_data["with_whom"],
                answers=form.answers(),
                follow_ups=form.cleaned_data["follow_ups"],
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            return redirect(checkin)
        messages.success(request, _("Check-in recorded."))
        return redirect(plan)
    return render(
        request,
        "onboarding/checkin_detail.html",
        {
            "plan": plan,
            "checkin": checkin,
            "form": form,
            "can_record": can_record,
            "overdue": checkin.is_overdue(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- my work (supervisors, anyone with tasks) and my onboarding (the hire) ---------------


@login_required
def my_work(request):
    user = request.user
    staff = user.staff_record
    today = timezone.localdate()
    plans = access.visible_onboarding_plans(user).filter(status=PlanStatus.ACTIVE)
    tasks = []
    checkins = []
    if staff is not None:
        tasks = list(
            Task.objects.filter(plan__in=plans, assignee=staff, status=TaskStatus.OPEN)
            .exclude(plan__hire=staff)
            .select_related("plan", "plan__hire", "plan__program")
            .prefetch_related("subitems")
            .order_by("due_date", "order", "pk")[:200]
        )
        for task in tasks:
            task.overdue = task.is_overdue(today)
            task.checked_count, task.subitem_count = task.subitem_progress()
        checkins = list(
            Checkin.objects.filter(
                plan__in=plans.filter(supervisor=staff),
                held_on__isnull=True,
                scheduled_for__lte=today + datetime.timedelta(days=queries.DUE_SOON_DAYS),
            )
            .select_related("plan", "plan__hire")
            .order_by("scheduled_for", "pk")[:200]
        )
        for checkin in checkins:
            checkin.overdue = checkin.is_overdue(today)
    return render(
        request,
        "onboarding/my_work.html",
        {"tasks": tasks, "checkins": checkins, "today": today},
    )


@login_required
def my_onboarding(request):
    staff = request.user.staff_record
    if staff is None:
        raise Http404
    plan = (
        access.visible_onboarding_plans(request.user)
        .filter(hire=staff)
        .exclude(status=PlanStatus.CANCELLED)
        .select_related("supervisor", "peer_mentor", "hr_contact", "program")
        .order_by("-target_start_date", "-pk")
        .first()
    )
    context = {"plan": plan}
    if plan is not None:
        today = timezone.localdate()
        open_tasks = list(
            plan.tasks.filter(status=TaskStatus.OPEN)
            .select_related("assignee")
            .order_by("due_date", "order", "pk")
        )
        mine = [t for t in open_tasks if t.assignee_id == staff.pk]
        for task in open_tasks:
            task.overdue = task.is_overdue(today)
        counted = plan.tasks.exclude(status=TaskStatus.REMOVED)
        total = counted.count()
        closed = counted.exclude(status=TaskStatus.OPEN).count()
        context.update(
            {
                "mine": mine,
                "coming_up": open_tasks[:5],
                "percent": queries.percent(closed, total),
                "closed": closed,
                "total": total,
                "next_checkin": plan.checkins.filter(
                    kind=CheckinKind.WITH_HIRE, held_on__isnull=True
                )
                .order_by("scheduled_for")
                .first(),
                "day": plan.day_number(today),
                "phases": Phase,
            }
        )
    return render(request, "onboarding/my_onboarding.html", context)
