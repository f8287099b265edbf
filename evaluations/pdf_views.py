"""PDF downloads and bulk PDF exports. Every object comes through peerwork/access/."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from evaluations import pdf as evaluation_pdf
from evaluations.exports import ExportJob, start_export
from evaluations.models import EvaluationKind, EvaluationStatus
from evaluations.views import _counterpart as evaluation_counterpart
from peerwork import access, i18n, limits, once, pdf, signatures


def _get_evaluation_for_user(user, evaluation_id):
    return access.get_evaluation_for_user(
        user, evaluation_id, queryset=evaluation_pdf.evaluation_queryset()
    )


@login_required
def evaluation_pdf_view(request, evaluation_id):
    """A signed evaluation downloads as its stored signed copy (the latest signature of the
    current round); a draft is rendered as it is now, with a DRAFT watermark."""
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    filename = evaluation_pdf.evaluation_filename(evaluation)
    if not evaluation.is_draft:
        latest = signatures.current(evaluation).order_by("signed_at", "pk").last()
        if latest is not None:
            return signatures.file_response(latest, filename)
    data = evaluation_pdf.render_evaluation_pdf(evaluation)
    return pdf.pdf_response(data, filename)


@login_required
def signed_copy_view(request, evaluation_id, signature_id):
    """One stored signed copy, current or from an earlier round."""
    evaluation = access.get_signed_history_evaluation_for_user(
        request.user, evaluation_id, queryset=evaluation_pdf.evaluation_queryset()
    )
    try:
        signature = signatures.for_object(evaluation).get(pk=int(signature_id))
    except (signatures.Signature.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    stem = evaluation_pdf.evaluation_filename(evaluation).removesuffix(".pdf")
    filename = f"{stem}-signed-r{signature.round}-{signature.meaning}.pdf"
    return signatures.file_response(signature, filename)


@login_required
def comparison_pdf_view(request, evaluation_id):
    """The comparison page as PDF: the same pair, found by the same rule as the page."""
    evaluation = _get_evaluation_for_user(request.user, evaluation_id)
    other = evaluation_counterpart(request.user, evaluation)
    if other is None:
        raise Http404
    other = _get_evaluation_for_user(request.user, other.pk)
    if evaluation.kind == EvaluationKind.SELF:
        evaluation, other = other, evaluation
    data = evaluation_pdf.render_comparison_pdf(evaluation, other)
    return pdf.pdf_response(data, evaluation_pdf.comparison_filename(evaluation))


@login_required
def blank_form_pdf_view(request, framework_slug, label):
    version = access.get_framework_version_for_user(request.user, framework_slug, label)
    data = evaluation_pdf.render_blank_form_pdf(version, agency=request.user.agency)
    return pdf.pdf_response(data, evaluation_pdf.blank_form_filename(version))


# --- bulk export -----------------------------------------------------------------------------


class ExportForm(limits.LimitsFormMixin, once.OnceFormMixin, forms.Form):
    """Which evaluations of a cycle to export. The choices on screen are the ones used: the
    start button belongs to the same form, and `shown` carries the choices whose count and
    summary the page displayed, so an export never starts on choices nobody has seen."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Which evaluations"),
        choices=[
            ("", gettext_lazy("Supervisor evaluations and self-assessments")),
            *EvaluationKind.choices,
        ],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            ("", gettext_lazy("Any status (drafts carry a DRAFT watermark)")),
            ("final", gettext_lazy("Submitted or acknowledged")),
            *EvaluationStatus.choices,
        ],
        required=False,
    )
    program = forms.ModelChoiceField(
        label=gettext_lazy("Program"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Every program"),
    )
    # Not part of the filter (the count is the same in either language).
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the PDFs"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy(
            "Drafts and the list of files are made in this language. Signed copies are "
            "exported as they were signed, in the language they were signed in."
        ),
        required=False,
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["language"].initial = i18n.active_language()

    def clean_language(self):
        # Not chosen (an older page, a count link): the language HR is using.
        return self.cleaned_data.get("language") or i18n.active_language()

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status") == "final":
            queryset = queryset.exclude(status=EvaluationStatus.DRAFT)
        elif data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("program"):
            queryset = queryset.filter(subject__program=data["program"])
        return queryset

    def key(self):
        """The choices as one string, to tell whether the page showed these ones."""
        data = self.cleaned_data
        program = data.get("program")
        return f"{data.get('kind', '')}|{data.get('status', '')}|{program.pk if program else ''}"

    def choices_text(self):
        """[(label, chosen)] for every choice, "any" included: what the filter is."""
        data = self.cleaned_data
        rows = []
        for name in ("kind", "status"):
            rows.append(
                (self.fields[name].label, str(dict(self.fields[name].choices)[data.get(name, "")]))
            )
        program = data.get("program")
        rows.append((self.fields["program"].label, program.name if program else _("Every program")))
        return rows

    def describe(self, cycle):
        return " · ".join(
            [cycle.name, *(f"{label}: {value}" for label, value in self.choices_text())]
        )


def _export_target(user, cycle_id):
    if not access.can_export_evaluations(user):
        raise Http404
    cycle = access.get_cycle_for_user(user, cycle_id)
    evaluations = access.visible_evaluations(user).filter(cycle=cycle)
    return cycle, evaluations


def _summary(selected):
    """How many of each kind, status and program the selection holds (3 queries)."""

    def grouped(field, labels):
        rows = selected.order_by().values(field).annotate(n=Count("pk")).order_by(field)
        return [(labels(row[field]), row["n"]) for row in rows]

    return {
        "kinds": grouped("kind", lambda v: EvaluationKind(v).label),
        "statuses": grouped("status", lambda v: EvaluationStatus(v).label),
        "programs": sorted(
            grouped("subject__program__name", lambda v: v or _("No program")),
            key=lambda row: str(row[0]),
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def export_start(request, cycle_id):
    cycle, evaluations = _export_target(request.user, cycle_id)
    programs = access.visible_programs(request.user).filter(agency_id=cycle.agency_id)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ExportForm(data, programs=programs)
    if form.is_bound and not form.is_valid():
        selected = evaluations.none()
    else:
        if not form.is_bound:
            form = ExportForm({}, programs=programs)
            form.is_valid()
        selected = form.filter(evaluations)
    count = selected.count()
    valid = form.is_valid()
    # The choices this page now shows the count of (an error added below keeps them).
    shown = form.key() if valid else ""
    choices_text = form.choices_text() if valid else []
    if request.method == "POST" and valid and request.POST.get("action") == "start":
        if form.cleaned_data.get("shown") != shown:
            form.add_error(
                None,
                _(
                    "The choices changed since the count was shown. Check what will be "
                    "exported below, then start the export."
                ),
            )
        elif not count:
            form.add_error(None, _("No evaluations match these choices: nothing to export."))
        else:

            def make():
                job = start_export(
                    agency=cycle.agency,
                    cycle=cycle,
                    evaluations=selected.order_by("pk").only("pk"),
                    requested_by=request.user,
                    description=form.describe(cycle),
                    language=form.cleaned_data["language"],
                )
                return reverse("evaluations:export_detail", args=[job.pk])

            return redirect(once.run(request, make))
    jobs = access.visible_export_jobs(request.user).filter(cycle=cycle)[:10]
    return render(
        request,
        "evaluations/pdf/export_start.html",
        {
            "cycle": cycle,
            "form": form,
            "count": count,
            "summary": _summary(selected) if count else None,
            "choices_text": choices_text,
            "shown": shown,
            "jobs": jobs,
        },
    )


@login_required
def export_detail(request, export_id):
    job = access.get_export_job_for_user(
        request.user, export_id, queryset=ExportJob.objects.select_related("cycle", "requested_by")
    )
    return render(request, "evaluations/pdf/export_detail.html", {"job": job})


@login_required
def export_download(request, export_id, kind):
    job = access.get_export_job_for_user(request.user, export_id)
    field = {"zip": job.zip_file, "pdf": job.merged_file}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = "zip" if kind == "zip" else "pdf"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{job.base_name}.{extension}",
        content_type="application/zip" if kind == "zip" else "application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
