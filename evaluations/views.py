from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies import language
from evaluations import services
from evaluations.forms import (
    AcknowledgeForm,
    CancelForm,
    CycleForm,
    EvaluationFilterForm,
    EvaluationForm,
    ReassignForm,
    ReopenForm,
    StartEvaluationForm,
)
from evaluations.models import (
    Evaluation,
    EvaluationCycle,
    EvaluationKind,
    EvaluationStatus,
)
from peerwork import access, limits, once, signatures
from peerwork.models import PeerRole, StaffStatus
from peerwork.signatures import SignatureForm

LIST_PAGE_SIZE = 50
# The dashboard names the first few who need a nudge; the evaluation list (paginated,
# filtered to the cycle's drafts) has everyone, so the dashboard costs the same at any size.
DASHBOARD_LIST_LIMIT = 20


def _evaluation_queryset():
    return Evaluation.objects.select_related(
        "subject__program",
        "subject__supervisor",
        "subject__agency",
        "author__staff_member",
        "framework_version__framework",
        "framework_version__rating_scale",
        "cycle",
        "updated_by__staff_member",
    )


def _get_evaluation_for_user(user, evaluation_id):
    return access.get_evaluation_for_user(user, evaluation_id, queryset=_evaluation_queryset())


def _get_cycle_for_user(user, cycle_id):
    if not access.can_manage_cycles(user):
        raise Http404
    return access.get_cycle_for_user(
        user,
        cycle_id,
        queryset=EvaluationCycle.objects.select_related(
            "framework_version__framework", "created_by", "agency"
        ),
    )


def _wants_json(request):
    return request.headers.get("x-requested-with") == "fetch"


def _local_time(moment):
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _signed_copies(evaluation):
    """Every signed copy of the evaluation, newest first, each with its round and, once
    reopened, the reason and time it was superseded."""
    return list(
        signatures.for_object(evaluation)
        .select_related("superseded_by__staff_member")
        .order_by("-round", "-signed_at", "-pk")
    )


def _events(evaluation):
    return evaluation.events.select_related("actor__staff_member").order_by("when", "pk")


# --- lists ---------------------------------------------------------------------------------


@login_required
def evaluation_list(request):
    user = request.user
    cycles = EvaluationCycle.objects.filter(agency_id=user.agency_id) if user.agency_id else None
    if user.is_admin:
        cycles = EvaluationCycle.objects.all()
    form = EvaluationFilterForm(
        request.GET or None, cycles=cycles if cycles is not None else EvaluationCycle.objects.none()
    )
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Some filters were not understood and were left out."))
    queryset = form.filter(
        access.visible_evaluations(user)
        .select_related("subject__program", "author", "cycle", "framework_version__framework")
        .order_by("due_date", "subject__full_name", "kind", "pk")
    )
    whose = request.GET.get("whose", "")
    staff = user.staff_record
    if whose == "mine":
        queryset = queryset.filter(author=user)
    elif whose == "me":
        queryset = queryset.filter(subject=staff) if staff else queryset.none()
    elif whose:
        whose = ""
    page = Paginator(queryset, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluations/evaluation_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "whose": whose,
            "today": timezone.localdate(),
            "can_start": user.is_supervisor,
            "can_manage_cycles": access.can_manage_cycles(user),
        },
    )


# --- one evaluation --------------------------------------------------------------------------


def _sections(structure, form, errors_by_category, hints_by_field):
    """What the form template loops over: one entry per category with its rows."""
    requires_comment = {str(level.pk) for level in structure.levels if level.requires_comment}
    sections = []
    for category in structure.categories:
        rows = []
        rated = 0
        needs_comment = False
        for competency in category.competency_list:
            name = f"r_{competency.pk}"
            value = str(form.raw_value(name) or "")
            rated += bool(value)
            needs_comment = needs_comment or value in requires_comment
            rows.append(
                {
                    "competency": competency,
                    "name": name,
                    "value": value,
                    "field_errors": form.errors.get(name, []),
                    "unrated": not value and category.pk in errors_by_category,
                    "options": [
                        {
                            "level": level,
                            "id": f"id_{name}_{level.pk}",
                            "checked": value == str(level.pk),
                        }
                        for level in structure.levels
                    ],
                }
            )
        comment_name = f"c_{category.pk}"
        sections.append(
            {
                "category": category,
                "rows": rows,
                "rated": rated,
                "total": len(rows),
                "comment": form[comment_name],
                "needs_comment": needs_comment,
                "comment_hints": hints_by_field.get(comment_name, []),
                "errors": errors_by_category.get(category.pk, []),
            }
        )
    return sections


def _hints_by_field(form, terms):
    hints = {}
    for name, field in form.fields.items():
        if field.widget.attrs.get("data-language-hints"):
            found = language.hints(str(form.raw_value(name) or ""), terms)
            if found:
                hints[name] = found
    return hints


def _goal_rows(form):
    return [
        {"text": form[f"goal_{index}_text"], "date": form[f"goal_{index}_date"], "n": index + 1}
        for index in range(form.goal_count)
    ]


def _render_form(
    request,
    evaluation,
    structure,
    form,
    *,
    errors_by_category=None,
    general_errors=None,
    conflict=None,
    status=200,
    sign_form=None,
):
    errors_by_category = errors_by_category or {}
    terms = language.guide_terms()
    hints = _hints_by_field(form, terms)
    sections = _sections(structure, form, errors_by_category, hints)
    return render(
        request,
        "evaluations/evaluation_form.html",
        {
            "evaluation": evaluation,
            "structure": structure,
            "form": form,
            "sections": sections,
            "goal_rows": _goal_rows(form),
            "goal_limit": limits.TEXT_LIMITS[limits.NARRATIVE],
            "overall_fields": [
                {"field": form[name], "hints": hints.get(name, [])}
                for name in ("strengths", "areas_for_growth", "supervisor_summary")
                if name in form.fields
            ],
            "rated_total": sum(s["rated"] for s in sections),
            "total": sum(s["total"] for s in sections),
            "errors_by_category": errors_by_category,
            "error_sections": [s for s in sections if s["errors"]],
            "general_errors": general_errors or [],
            "conflict": conflict,
            "hints": hints,
            "language_terms": language.script_data(terms),
            "events": _events(evaluation),
            "is_supervisor_kind": evaluation.kind == EvaluationKind.SUPERVISOR,
            "sign_form": sign_form or SignatureForm(signer=request.user),
            "signed_copies": _signed_copies(evaluation),
            "counterpart": _counterpart(request.user, evaluation),
            "development_suggestions": services.development_suggestions(
                request.user, evaluation, structure
            ),
        },
        status=status,
    )


def _differences(structure, mine, saved):
    """Where the person's unsaved input and the saved version differ, for the conflict page."""
    levels = structure.level_by_id
    not_rated = _("not rated")

    def level_label(level_id):
        return levels[level_id].text_in("label") if level_id in levels else not_rated

    changes = []
    for category in structure.categories:
        for competency in category.competency_list:
            a, b = mine.ratings.get(competency.pk), saved.ratings.get(competency.pk)
            if a != b:
                changes.append(
                    {
                        "label": f"{category.numeral}.{competency.number} {competency.statement}",
                        "yours": level_label(a),
                        "saved": level_label(b),
                        "anchor": f"competency-{competency.pk}",
                    }
                )
        a = mine.comments.get(category.pk, "").strip()
        b = saved.comments.get(category.pk, "").strip()
        if a != b:
            changes.append(
                {
                    "label": _("Comments on “%(category)s”") % {"category": category.title},
                    "yours": a or _("(empty)"),
                    "saved": b or _("(empty)"),
                    "anchor": f"category-{category.pk}",
                }
            )
    for attr, label in [
        ("strengths", _("Overall strengths")),
        ("areas_for_growth", _("Areas for growth")),
        ("supervisor_summary", _("Supervisor's summary")),
    ]:
        a, b = getattr(mine, attr).strip(), getattr(saved, attr).strip()
        if a != b:
            changes.append(
                {
                    "label": label,
                    "yours": a or _("(empty)"),
                    "saved": b or _("(empty)"),
                    "anchor": "overall",
                }
            )

    def goals_text(goals):
        return "\n".join(
            f"{text} ({target.isoformat()})" if target else text for text, target in goals
        )

    if goals_text(mine.goals) != goals_text(saved.goals):
        changes.append(
            {
                "label": _("Development goals"),
                "yours": goals_text(mine.goals) or _("(none)"),
                "saved": goals_text(saved.goals) or _("(none)"),
                "anchor": "goals",
            }
        )
    return changes


def _conflict_message(current):
    who = current.updated_by.display_name() if current.updated_by else _("Someone")
    return _(
        "Not saved: %(who)s saved this evaluation at %(time)s, after you opened it. "
        "Your input is kept in the form below; nothing has been overwritten."
    ) % {"who": who, "time": _local_time(current.updated_at)}


@login_required
def evaluation_detail(request, evaluation_id):
    user = request.user
    try:
        evaluation = _get_evaluation_for_user(user, evaluation_id)
    except Http404:
        # Reopened after they acknowledged it: the person keeps its signed copies and
        # history, not the new draft.
        evaluation = access.get_signed_history_evaluation_for_user(
            user, evaluation_id, queryset=_evaluation_queryset()
        )
        if request.method == "POST":
            raise PermissionDenied from None
        return render(
            request,
            "evaluations/evaluation_reopened.html",
            {
                "evaluation": evaluation,
                "signed_copies": _signed_copies(evaluation),
                "events": _events(evaluation),
            },
        )
    editable = access.can_edit_evaluation(user, evaluation)
    if request.method == "POST":
        if not editable:
            if evaluation.is_draft:
                raise PermissionDenied
            return _read_only(
                request,
                evaluation,
                status=409,
                error=_(
                    "Not saved: this evaluation has been submitted and is read-only. "
                    "Your unsaved input is shown below so you can copy it."
                ),
                unsaved=_unsaved_text(request.POST),
            )
        return _save(request, evaluation)
    if not editable:
        return _read_only(request, evaluation)
    structure = services.load_structure(evaluation.framework_version)
    content = services.load_content(evaluation)
    form = EvaluationForm(
        structure,
        evaluation.kind,
        initial=EvaluationForm.initial_from(evaluation, content),
        period_start=evaluation.period_start,
    )
    return _render_form(request, evaluation, structure, form)


def _unsaved_text(post):
    """The free text a person typed, to show back when their save could not be applied."""
    return [
        value
        for name, value in post.items()
        if (name.startswith(("c_", "goal_")) or name in {"strengths", "areas_for_growth"})
        and not name.endswith("_date")
        and value.strip()
    ]


def _rebound(request, revision):
    data = request.POST.copy()
    data["revision"] = str(revision)
    return data


def _save(request, evaluation):
    user = request.user
    structure = services.load_structure(evaluation.framework_version)
    form = EvaluationForm(
        structure, evaluation.kind, request.POST, period_start=evaluation.period_start
    )
    action = request.POST.get("action", "save")
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {
                    "status": "invalid",
                    "message": _("Not saved: some fields need attention. Save the draft to see."),
                },
                status=400,
            )
        if "revision" in form.errors:
            messages.error(request, _("The form was incomplete; reload the page and try again."))
        return _render_form(
            request,
            evaluation,
            structure,
            form,
            general_errors=[_("Not saved: please correct the fields marked below.")],
            status=400,
        )
    content = form.content()
    try:
        services.save_draft(evaluation, content, user, form.cleaned_data["revision"])
    except services.Conflict as conflict:
        current = conflict.current
        saved = services.load_content(current)
        changes = _differences(structure, content, saved)
        message = _conflict_message(current)
        if _wants_json(request):
            return JsonResponse(
                {"status": "conflict", "message": message, "changes": changes}, status=409
            )
        evaluation.revision = current.revision
        return _render_form(
            request,
            evaluation,
            structure,
            EvaluationForm(
                structure,
                evaluation.kind,
                _rebound(request, current.revision),
                period_start=evaluation.period_start,
            ),
            conflict={"message": message, "changes": changes},
            status=409,
        )
    except services.TransitionError as error:
        if _wants_json(request):
            return JsonResponse({"status": "read-only", "message": str(error)}, status=409)
        evaluation.refresh_from_db()
        return _read_only(
            request, evaluation, status=409, error=error, unsaved=_unsaved_text(request.POST)
        )
    saved_at = _local_time(evaluation.updated_at)
    if action == "submit":
        return _submit(request, evaluation, structure, form, content)
    if _wants_json(request):
        hints = _hints_by_field(form, language.guide_terms())
        return JsonResponse(
            {
                "status": "saved",
                "revision": evaluation.revision,
                "saved_at": saved_at,
                "message": _("Saved at %(time)s") % {"time": saved_at},
                "hints": hints,
            }
        )
    # No full stop of our own: "10:13 a.m." already ends with one.
    messages.success(request, _("Draft saved at %(time)s") % {"time": saved_at})
    return redirect(evaluation.get_absolute_url())


def _submit(request, evaluation, structure, form, content):
    errors, general = services.submission_errors(structure, content, evaluation.kind)
    sign_form = SignatureForm(request.POST, signer=request.user)
    if not sign_form.is_valid():
        general.append(_("Not signed yet: see “Sign and submit” below. Your draft is saved."))
    if errors or general:
        return _render_form(
            request,
            evaluation,
            structure,
            EvaluationForm(
                structure,
                evaluation.kind,
                _rebound(request, evaluation.revision),
                period_start=evaluation.period_start,
            ),
            errors_by_category=errors,
            general_errors=general,
            sign_form=sign_form,
        )
    try:
        services.submit(
            evaluation, sign_form.signing(signatures.Meaning.AUTHOR), evaluation.revision
        )
    except (services.Conflict, services.TransitionError):
        messages.error(request, _("Not submitted: the evaluation changed meanwhile. Check it."))
        return redirect(evaluation.get_absolute_url())
    messages.success(request, _("Submitted and signed. It is now read-only."))
    return redirect(evaluation.get_absolute_url())


def _read_only(request, evaluation, *, status=200, error=None, unsaved=None, **forms_):
    user = request.user
    structure = services.load_structure(evaluation.framework_version)
    content = services.load_content(evaluation)
    levels = structure.level_by_id
    sections = [
        {
            "category": category,
            "rows": [
                {"competency": c, "level": levels.get(content.ratings.get(c.pk))}
                for c in category.competency_list
            ],
            "comment": content.comments.get(category.pk, ""),
        }
        for category in structure.categories
    ]
    summary = services.summarize(structure, content)
    can_acknowledge = access.can_acknowledge_evaluation(user, evaluation)
    can_reopen = access.can_reopen_evaluation(user, evaluation)
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "structure": structure,
            "sections": sections,
            "content": content,
            "rated_total": summary["rated_total"],
            "total": summary["total"],
            "events": _events(evaluation),
            "signed_copies": _signed_copies(evaluation),
            "error": error,
            "unsaved": unsaved or [],
            "can_acknowledge": can_acknowledge,
            "acknowledge_form": forms_.get("acknowledge_form")
            or (AcknowledgeForm(signer=user) if can_acknowledge else None),
            "can_reopen": can_reopen,
            "can_reassign": access.can_reassign_or_cancel_evaluation(user, evaluation),
            "reopen_form": forms_.get("reopen_form") or (ReopenForm() if can_reopen else None),
            "counterpart": _counterpart(user, evaluation),
            "language_terms": (
                language.script_data(language.guide_terms()) if can_acknowledge else None
            ),
            "development_suggestions": services.development_suggestions(
                user, evaluation, structure
            ),
        },
        status=status,
    )


@login_required
@require_POST
def evaluation_acknowledge(request, evaluation_id):
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    if not access.can_acknowledge_evaluation(request.user, evaluation):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST, signer=request.user)
    if not form.is_valid():
        return _read_only(request, evaluation, status=400, acknowledge_form=form)
    try:
        services.acknowledge(
            evaluation,
            form.signing(signatures.Meaning.ACKNOWLEDGEMENT),
            form.cleaned_data["staff_comments"],
        )
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(evaluation.get_absolute_url())
    messages.success(request, _("Thank you: you have acknowledged reading this evaluation."))
    return redirect(evaluation.get_absolute_url())


@login_required
@require_POST
def evaluation_reopen(request, evaluation_id):
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    if not access.can_reopen_evaluation(request.user, evaluation):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _read_only(request, evaluation, status=400, reopen_form=form)
    try:
        services.reopen(evaluation, request.user, form.cleaned_data["reason"])
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(evaluation.get_absolute_url())
    messages.success(request, _("Reopened as a draft. The reason is in its history."))
    return redirect(evaluation.get_absolute_url())


@login_required
def evaluation_reassign(request, evaluation_id):
    """HR moves an open evaluation to another supervisor, or cancels it with a reason."""
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    if not access.can_reassign_or_cancel_evaluation(request.user, evaluation):
        raise Http404
    can_move = evaluation.is_draft and evaluation.kind == EvaluationKind.SUPERVISOR
    candidates = services.reassignment_candidates(evaluation)
    action = request.POST.get("action") if request.method == "POST" else None
    reassign_form = ReassignForm(
        request.POST if action == "reassign" else None, candidates=candidates
    )
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    try:
        if action == "reassign" and can_move and reassign_form.is_valid():
            to = reassign_form.cleaned_data["author"]
            services.reassign(
                evaluation, to=to, by=request.user, note=reassign_form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("The evaluation is now with %(name)s.") % {"name": to.display_name()},
            )
            return redirect(_next_or(request, evaluation))
        if action == "cancel" and cancel_form.is_valid():
            services.cancel(evaluation, by=request.user, reason=cancel_form.cleaned_data["reason"])
            messages.success(request, _("Cancelled. It stays readable, the reason in its history."))
            return redirect(_next_or(request, evaluation))
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect("evaluations:evaluation_reassign", evaluation_id=evaluation.pk)
    if action not in (None, "reassign", "cancel") or (action == "reassign" and not can_move):
        messages.error(request, _("That action is not one this page offers."))
    return render(
        request,
        "evaluations/evaluation_reassign.html",
        {
            "evaluation": evaluation,
            "can_move": can_move,
            "has_candidates": can_move and candidates.exists(),
            "reassign_form": reassign_form,
            "cancel_form": cancel_form,
            "next": _next_or(request, None) or "",
        },
        status=400 if action else 200,
    )


def _next_or(request, default):
    """Back to the list HR came from (a path on this site), else `default`'s page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default.get_absolute_url() if default is not None else None


def _counterpart(user, evaluation):
    """The other half of a self vs supervisor pair that this user may compare, or None.

    The self-assessment counts only once submitted, for everyone (its author included).
    """
    other_kind = (
        EvaluationKind.SELF
        if evaluation.kind == EvaluationKind.SUPERVISOR
        else EvaluationKind.SUPERVISOR
    )
    queryset = access.visible_evaluations(user).filter(
        subject_id=evaluation.subject_id,
        kind=other_kind,
        framework_version_id=evaluation.framework_version_id,
    )
    if evaluation.cycle_id:
        queryset = queryset.filter(cycle_id=evaluation.cycle_id)
    if other_kind == EvaluationKind.SELF:
        queryset = queryset.exclude(status=EvaluationStatus.DRAFT)
    elif evaluation.is_draft:
        return None
    return queryset.order_by("-updated_at", "-pk").first()


@login_required
def evaluation_compare(request, evaluation_id):
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    other = _counterpart(request.user, evaluation)
    if other is None:
        raise Http404
    other = _evaluation_queryset().get(pk=other.pk)
    supervisor_eval, self_eval = (
        (evaluation, other) if evaluation.kind == EvaluationKind.SUPERVISOR else (other, evaluation)
    )
    structure = services.load_structure(evaluation.framework_version)
    sup = services.load_content(supervisor_eval)
    own = services.load_content(self_eval)
    levels = structure.level_by_id
    only_differences = request.GET.get("only") == "differences"
    sections = []
    differ_total = 0
    for category in structure.categories:
        rows = []
        for competency in category.competency_list:
            a = levels.get(own.ratings.get(competency.pk))
            b = levels.get(sup.ratings.get(competency.pk))
            differs = a != b
            differ_total += differs
            gap = None
            if differs and a and b and a.counts_as_score and b.counts_as_score:
                gap = a.score - b.score
            rows.append(
                {
                    "competency": competency,
                    "self": a,
                    "supervisor": b,
                    "differs": differs,
                    "gap": gap,
                    "gap_abs": abs(gap) if gap else 0,
                }
            )
        sections.append(
            {
                "category": category,
                "rows": [row for row in rows if row["differs"]] if only_differences else rows,
                "self_comment": own.comments.get(category.pk, ""),
                "supervisor_comment": sup.comments.get(category.pk, ""),
            }
        )
    return render(
        request,
        "evaluations/evaluation_compare.html",
        {
            "evaluation": evaluation,
            "supervisor_eval": supervisor_eval,
            "self_eval": self_eval,
            "sections": sections,
            "differ_total": differ_total,
            "total": len(structure.competencies),
            "only_differences": only_differences,
            "own": own,
            "sup": sup,
        },
    )


@login_required
def evaluation_start(request):
    staff = access.evaluable_staff(request.user)
    if not request.user.is_supervisor:
        raise Http404
    form = StartEvaluationForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():

        def make():
            evaluation = services.create_evaluation(
                form.cleaned_data["subject"],
                request.user,
                form.cleaned_data["framework_version"],
                EvaluationKind.SUPERVISOR,
            )
            messages.success(request, _("Evaluation started. It is saved as a draft."))
            return evaluation.get_absolute_url()

        return redirect(once.run(request, make))
    initial_subject = request.GET.get("subject")
    if request.method == "GET" and initial_subject:
        form.initial["subject"] = initial_subject
    return render(request, "evaluations/evaluation_start.html", {"form": form})


# --- cycles ----------------------------------------------------------------------------------


@login_required
def cycle_list(request):
    if not access.can_manage_cycles(request.user):
        raise Http404
    cycles = (
        access.visible_cycles(request.user)
        .select_related("framework_version__framework")
        .annotate(
            total=Count("evaluations"),
            done=Count("evaluations", filter=~Q(evaluations__status=EvaluationStatus.DRAFT)),
        )
    )
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles})


@login_required
def cycle_create(request):
    user = request.user
    if not access.can_manage_cycles(user):
        raise Http404
    if user.agency_id is None:
        messages.error(request, _("Your login belongs to no agency, so it cannot hold cycles."))
        return redirect("evaluations:cycle_list")
    programs = access.visible_programs(user).filter(agency_id=user.agency_id)
    staff = access.visible_staff(user).filter(
        agency_id=user.agency_id, peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE
    )
    form = CycleForm(request.POST or None, agency=user.agency, programs=programs, staff=staff)
    if request.method == "POST" and form.is_valid():

        def make():
            cycle = form.save(commit=False)
            cycle.agency = user.agency
            cycle.created_by = user
            cycle.save()
            form.save_m2m()
            messages.success(request, _("Cycle created. Check it, then launch it."))
            return cycle.get_absolute_url()

        try:
            return redirect(once.run(request, make))
        except IntegrityError:
            # Someone created a cycle of this name between the form's check and the save.
            form.add_error("name", _("Your agency already has a cycle with this name."))
    elif request.method == "POST" and (done := once.earlier(request)):
        return redirect(done)  # the name is "taken" by this very form, sent before
    return render(request, "evaluations/cycle_form.html", {"form": form})


@login_required
def cycle_detail(request, cycle_id):
    cycle = _get_cycle_for_user(request.user, cycle_id)
    today = timezone.localdate()
    evaluations = Evaluation.objects.filter(cycle=cycle)
    by_status = {
        (row["kind"], row["status"]): row["n"]
        for row in evaluations.values("kind", "status").annotate(n=Count("pk"))
    }
    kinds = []
    for kind, kind_label in EvaluationKind.choices:
        counts = [
            (label, by_status.get((kind, status), 0)) for status, label in EvaluationStatus.choices
        ]
        total = sum(n for _label, n in counts)
        done = total - by_status.get((kind, EvaluationStatus.DRAFT), 0)
        kinds.append(
            {
                "label": kind_label,
                "counts": counts,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 0,
            }
        )
    total = sum(k["total"] for k in kinds)
    done = sum(k["done"] for k in kinds)
    programs = {}
    for row in evaluations.values("subject__program__name", "status").annotate(n=Count("pk")):
        name = row["subject__program__name"] or _("No program")
        entry = programs.setdefault(name, {"name": name, "total": 0, "done": 0})
        entry["total"] += row["n"]
        if row["status"] != EvaluationStatus.DRAFT:
            entry["done"] += row["n"]
    for entry in programs.values():
        entry["percent"] = round(100 * entry["done"] / entry["total"]) if entry["total"] else 0
    listed = evaluations.select_related("subject__program", "author").order_by(
        "subject__full_name", "kind", "pk"
    )
    overdue = listed.filter(status=EvaluationStatus.DRAFT, due_date__lt=today)
    not_started = (
        services.not_started_evaluations(cycle)
        .select_related("subject__program", "author")
        .order_by("subject__full_name", "kind", "pk")
    )
    last_nudge = cycle.nudges.select_related("sent_by__staff_member").first()
    scope = cycle.programs.all(), cycle.staff.all()
    return render(
        request,
        "evaluations/cycle_detail.html",
        {
            "cycle": cycle,
            "kinds": kinds,
            "total": total,
            "done": done,
            "percent": round(100 * done / total) if total else 0,
            "programs": sorted(programs.values(), key=lambda p: str(p["name"])),
            "overdue": overdue[:DASHBOARD_LIST_LIMIT],
            "overdue_count": overdue.count(),
            "not_started": not_started[:DASHBOARD_LIST_LIMIT],
            "not_started_count": not_started.count(),
            "last_nudge": last_nudge,
            "nudged_today": last_nudge is not None and last_nudge.date == today,
            "scope_programs": scope[0],
            "scope_staff": scope[1],
            "today": today,
            "limit": DASHBOARD_LIST_LIMIT,
        },
    )


@login_required
@require_POST
def cycle_launch(request, cycle_id):
    cycle = _get_cycle_for_user(request.user, cycle_id)
    result = services.launch_cycle(cycle, request.user)
    messages.success(
        request,
        _("Launched: %(created)d evaluations created, %(existing)d already there.")
        % {"created": result.created, "existing": result.already_there},
    )
    if result.skipped:
        names = "; ".join(f"{staff.display_name}: {reason}" for staff, reason in result.skipped)
        messages.warning(request, _("Not created: %(names)s") % {"names": names})
    return redirect(cycle.get_absolute_url())


@login_required
@require_POST
def cycle_nudge(request, cycle_id):
    cycle = _get_cycle_for_user(request.user, cycle_id)
    result = services.nudge_not_started(cycle, request.user, timezone.localdate())
    if result.nudge is None:
        messages.warning(
            request, _("A nudge for this cycle already went today. The next can go tomorrow.")
        )
    else:
        messages.success(
            request,
            _(
                "Nudge sent: %(reminded)d people reminded; %(others)d had been reminded of "
                "these today already or have no email address."
            )
            % {"reminded": result.reminded, "others": result.not_reminded},
        )
    return redirect(cycle.get_absolute_url())
