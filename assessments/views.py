from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import charts, services
from assessments.forms import InviteForm, ResponseForm, RoundForm, WorksheetForm
from assessments.models import Action, Invitation, RespondentGroup, Worksheet
from assessments.results import build_results
from competencies.models import Competency, ReferenceList
from peerwork import access, once, pdf


def _get_round(request, round_id):
    return access.get_assessment_round_for_user(
        request.user,
        round_id,
        queryset=access.visible_assessment_rounds(request.user).select_related(
            "agency", "program", "framework_version__framework", "framework_version__rating_scale"
        ),
    )


def _get_invitation(request, invitation_id):
    return access.get_assessment_invitation_for_user(
        request.user,
        invitation_id,
        queryset=Invitation.objects.select_related(
            "round__framework_version__framework",
            "round__framework_version__rating_scale",
            "round__program",
        ),
    )


def _items(version):
    return list(
        Competency.objects.filter(category__version=version)
        .select_related("category")
        .order_by("category__order", "order", "pk")
    )


@login_required
def round_list(request):
    user = request.user
    rounds = (
        access.visible_assessment_rounds(user)
        .select_related("agency", "program", "framework_version__framework")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__submitted=True), distinct=True),
        )
    )
    invitations = (
        access.own_assessment_invitations(user)
        .select_related("round__framework_version__framework", "round__program")
        .order_by("-round__opened_at")
    )
    return render(
        request,
        "assessments/round_list.html",
        {
            "rounds": rounds,
            "invitations": invitations,
            "can_open": access.can_open_assessment_round(user),
        },
    )


@login_required
def round_create(request):
    if not access.can_open_assessment_round(request.user):
        raise Http404
    agencies = access.assessment_agencies(request.user)
    form = RoundForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():

        def make():
            data = form.cleaned_data
            round_ = services.open_round(
                agency=data["agency"],
                program=data["program"],
                framework_version=data["framework_version"],
                title=data["title"],
                closes_on=data["closes_on"],
                groups=data["groups"],
                opened_by=request.user,
            )
            invited = round_.invitations.count()
            messages.success(
                request,
                _("Round opened; %(count)s people invited.") % {"count": invited},
            )
            return round_.get_absolute_url()

        return redirect(once.run(request, make))
    return render(request, "assessments/round_form.html", {"form": form})


@login_required
def round_detail(request, round_id):
    round_ = _get_round(request, round_id)
    invitations = list(
        round_.invitations.select_related("staff__program").order_by(
            "group", "staff__full_name", "pk"
        )
    )
    by_group = []
    for group in RespondentGroup:
        members = [inv for inv in invitations if inv.group == group.value]
        if members:
            answered = sum(1 for inv in members if inv.submitted)
            by_group.append((group.label, len(members), answered))
    worksheets = (
        round_.worksheets.select_related("competency__category")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
        .order_by("competency__category__order", "competency__order")
    )
    progress = services.action_progress(Action.objects.filter(worksheet__round=round_))
    return render(
        request,
        "assessments/round_detail.html",
        {
            "round": round_,
            "invitations": invitations,
            "by_group": by_group,
            "answered": sum(1 for inv in invitations if inv.submitted),
            "invite_form": InviteForm() if round_.is_open else None,
            "worksheets": worksheets,
            "progress": progress,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_invite(request, round_id):
    round_ = _get_round(request, round_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one group to invite."))
    else:
        try:
            added = services.invite(round_, form.cleaned_data["groups"])
        except services.RoundClosed:
            messages.error(request, _("This round is closed; nobody more can be invited."))
        else:
            messages.success(request, _("%(count)s more people invited.") % {"count": added})
    return redirect(round_)


@login_required
@require_POST
def round_close(request, round_id):
    round_ = _get_round(request, round_id)
    try:
        services.close_round(round_)
    except services.RoundClosed:
        messages.info(request, _("This round was already closed."))
    else:
        messages.success(
            request,
            _("Round closed. Answers can no longer change and the results are ready."),
        )
    return redirect(round_)


def _results_context(round_):
    results = build_results(round_)
    charts_by_item = {
        result.item.pk: charts.distribution_chart(result, results.levels, f"chart-{result.item.pk}")
        for result in results.items
    }
    worksheets = {
        worksheet.competency_id: worksheet
        for worksheet in round_.worksheets.annotate(action_count=Count("actions"))
    }
    rows = [
        (result, charts_by_item[result.item.pk], worksheets.get(result.item.pk))
        for result in results.items
    ]
    return {
        "round": round_,
        "results": results,
        "rows": rows,
        "weakest": sorted(
            (result for result in results.items if result.weakest),
            key=lambda result: result.overall.mean,
        ),
        "legend": charts.legend(results.levels),
    }


@login_required
def round_results(request, round_id):
    round_ = _get_round(request, round_id)
    if round_.is_open:
        return render(request, "assessments/results_not_yet.html", {"round": round_})
    return render(request, "assessments/round_results.html", _results_context(round_))


@login_required
def round_report(request, round_id):
    round_ = _get_round(request, round_id)
    if round_.is_open:
        messages.error(request, _("The report is ready once the round is closed."))
        return redirect(round_)
    context = _results_context(round_)
    context["worksheets"] = (
        round_.worksheets.select_related("competency__category")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
        .order_by("competency__category__order", "competency__order")
    )
    data = pdf.render_pdf(
        "assessments/pdf/round_report.html",
        context,
        title=_("Agency self-assessment: %(title)s") % {"title": round_.title},
        author=round_.agency.name,
        header=round_.title,
        confidentiality=_("Anonymous results: no names; groups smaller than %(min)s are withheld.")
        % {"min": context["results"].min_size},
    )
    return pdf.pdf_response(data, pdf.pdf_filename("self-assessment", round_.title))


@login_required
def worksheet(request, round_id, competency_id):
    round_ = _get_round(request, round_id)
    try:
        competency = Competency.objects.select_related("category").get(
            pk=int(competency_id), category__version_id=round_.framework_version_id
        )
    except (Competency.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    if round_.is_open:
        messages.error(request, _("Plan actions once the round is closed and its results are in."))
        return redirect(round_)
    existing = (
        Worksheet.objects.filter(round=round_, competency=competency)
        .prefetch_related("actions")
        .first()
    )
    areas = services.worksheet_areas()
    reference = ReferenceList.objects.filter(slug="leadership-challenges-worksheet").first()
    form_kwargs = {
        "areas": areas,
        "agency": round_.agency,
        "column_labels": reference.columns if reference else None,
    }
    if request.method == "POST":
        form = WorksheetForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.save_worksheet(
                    round_,
                    competency,
                    current_situation=form.cleaned_data["current_situation"].strip(),
                    rows=form.rows(),
                    revision=form.cleaned_data["revision"] or 0,
                )
            except services.Conflict:
                form.add_error(None, services.MESSAGES["conflict"])
            else:
                messages.success(request, _("Action plan saved."))
                return redirect(round_)
    else:
        form = WorksheetForm(initial=WorksheetForm.initial_for(existing, areas), **form_kwargs)
    return render(
        request,
        "assessments/worksheet.html",
        {"round": round_, "competency": competency, "form": form, "reference": reference},
    )


@login_required
def respond(request, invitation_id):
    invitation = _get_invitation(request, invitation_id)
    round_ = invitation.round
    version = round_.framework_version
    items = _items(version)
    levels = list(version.rating_scale.levels.all())
    response = services.find_response(invitation) if round_.is_open else None
    if request.method == "POST":
        if not round_.is_open:
            messages.error(request, _("This round has closed; answers can no longer change."))
            return redirect("assessments:respond", invitation.pk)
        form = ResponseForm(request.POST, items=items, levels=levels)
        submit = "submit" in request.POST
        if form.is_valid() and (not submit or form.check_complete()):
            try:
                services.save_response(
                    invitation,
                    form.answers(),
                    submit=submit,
                    revision=form.cleaned_data["revision"],
                )
            except services.Conflict:
                form.add_error(None, services.MESSAGES["conflict"])
            except services.RoundClosed:
                messages.error(request, _("This round has closed; answers can no longer change."))
                return redirect("assessments:respond", invitation.pk)
            else:
                if submit or invitation.submitted:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your answers are in; you can change them until the "
                            "round closes."
                        ),
                    )
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("assessments:respond", invitation.pk)
    else:
        initial = {"revision": response.revision if response else 0}
        for answer in response.answers.all() if response else []:
            initial[f"level_{answer.competency_id}"] = answer.level_id
            initial[f"comment_{answer.competency_id}"] = answer.comment
        form = ResponseForm(initial=initial, items=items, levels=levels)
    return render(
        request,
        "assessments/respond.html",
        {
            "invitation": invitation,
            "round": round_,
            "form": form,
            "levels": levels,
            "version": version,
            "submitted": invitation.submitted,
            "min_group_size": settings.ASSESSMENT_MIN_GROUP_SIZE,
        },
    )
