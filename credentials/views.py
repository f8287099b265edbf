import csv
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from credentials import queries, services
from credentials.forms import (
    CEEntryForm,
    CredentialEditForm,
    CredentialForm,
    DashboardFilterForm,
    RenewForm,
)
from credentials.models import CEEntry, CEStatus, Credential, CredentialPeriod
from peerwork import access, uploads
from peerwork.models import StaffStatus

DASHBOARD_PAGE_SIZE = 50
CONFLICT = gettext_lazy(
    "Someone else changed this at the same time. Nothing was saved: "
    "here is the current state, please check and try again."
)
FILE_AGAIN = gettext_lazy("Files are not kept when a form has problems: choose the file again.")


def _get_staff_for_user(user, staff_id):
    return access.get_staff_for_user(
        user, staff_id, queryset=access.visible_staff(user).select_related("program", "agency")
    )


def _get_credential_for_user(user, credential_id):
    return access.get_credential_for_user(
        user,
        credential_id,
        queryset=Credential.objects.select_related(
            "credential_type", "staff__agency", "staff__program"
        ),
    )


def _require_recorder(user, staff):
    if not access.can_record_credentials(user, staff):
        raise Http404


def _form_failed(request, form):
    if request.FILES and form.errors:
        messages.warning(request, FILE_AGAIN)


# --- a person's credentials -------------------------------------------------------------------


@login_required
def mine(request):
    staff = request.user.staff_record
    if staff is None:
        raise Http404
    return redirect("credentials:staff_credentials", staff_id=staff.pk)


@login_required
def staff_credentials(request, staff_id):
    user = request.user
    staff = _get_staff_for_user(user, staff_id)
    today = timezone.localdate()
    rows = queries.period_rows(
        CredentialPeriod.objects.filter(credential__staff=staff, is_current=True).order_by(
            "credential__credential_type__name", "pk"
        ),
        today,
    )
    entries = list(
        CEEntry.objects.filter(staff=staff).select_related(
            "category", "entered_by__staff_member", "verified_by__staff_member"
        )
    )
    return render(
        request,
        "credentials/staff_credentials.html",
        {
            "staff": staff,
            "rows": rows,
            "entries": entries,
            "can_record": access.can_record_credentials(user, staff),
            "can_verify": access.can_verify_ce(user, staff),
            "today": today,
        },
    )


@login_required
def credential_add(request, staff_id):
    user = request.user
    staff = _get_staff_for_user(user, staff_id)
    _require_recorder(user, staff)
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            credential = services.issue_credential(
                staff=staff,
                credential_type=data["credential_type"],
                number=data["number"],
                state=data["state"],
                category=data["category"],
                specializations=data["specializations"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                initial=data["initial"],
                certificate=data["certificate"],
                certificate_type=form.certificate_type,
                user=user,
            )
            messages.success(request, _("The credential is recorded."))
            return redirect(credential)
        _form_failed(request, form)
    return render(request, "credentials/credential_form.html", {"form": form, "staff": staff})


@login_required
def credential_detail(request, credential_id):
    user = request.user
    credential = _get_credential_for_user(user, credential_id)
    today = timezone.localdate()
    rows = queries.period_rows(credential.periods.order_by("-sequence"), today)
    return render(
        request,
        "credentials/credential_detail.html",
        {
            "credential": credential,
            "staff": credential.staff,
            "rows": rows,
            "can_record": access.can_record_credentials(user, credential.staff),
            "today": today,
        },
    )


@login_required
def credential_edit(request, credential_id):
    user = request.user
    credential = _get_credential_for_user(user, credential_id)
    _require_recorder(user, credential.staff)
    form = CredentialEditForm(request.POST or None, instance=credential)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}
        try:
            services.update_credential(
                credential, revision=form.cleaned_data["revision"], fields=fields, user=user
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            credential.refresh_from_db()
            form = CredentialEditForm(instance=credential)
        else:
            messages.success(request, _("Saved."))
            return redirect(credential)
    return render(
        request, "credentials/credential_edit.html", {"form": form, "credential": credential}
    )


@login_required
def credential_renew(request, credential_id):
    user = request.user
    credential = _get_credential_for_user(user, credential_id)
    _require_recorder(user, credential.staff)
    current = credential.periods.filter(is_current=True).select_related("rules").first()
    if current is None:
        raise Http404
    form = RenewForm(request.POST or None, request.FILES or None, current_period=current)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.renew_credential(
                    credential,
                    expected_period_id=data["period"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    certificate=data["certificate"],
                    certificate_type=form.certificate_type,
                    user=user,
                )
            except services.Conflict:
                messages.error(request, CONFLICT)
            else:
                messages.success(
                    request, _("The renewal is recorded; the earlier period stays in the history.")
                )
            return redirect(credential)
        _form_failed(request, form)
    return render(
        request,
        "credentials/credential_renew.html",
        {"form": form, "credential": credential, "current": current},
    )


@login_required
def period_certificate(request, period_id):
    period = access.get_credential_period_for_user(request.user, period_id)
    if not period.certificate:
        raise Http404
    return uploads.private_file_response(
        period.certificate, period.certificate_type, period.certificate_name
    )


# --- CE hours ---------------------------------------------------------------------------------


@login_required
def ce_add(request, staff_id):
    user = request.user
    staff = _get_staff_for_user(user, staff_id)
    _require_recorder(user, staff)
    form = CEEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            services.add_ce_entry(
                staff=staff, user=user, certificate_type=form.certificate_type, **form.cleaned_data
            )
            messages.success(
                request, _("The hours are recorded and wait for HR or a supervisor to verify them.")
            )
            return redirect("credentials:staff_credentials", staff_id=staff.pk)
        _form_failed(request, form)
    return render(request, "credentials/ce_form.html", {"form": form, "staff": staff})


@login_required
@require_POST
def ce_verify(request, entry_id):
    user = request.user
    entry = access.get_ce_entry_for_user(
        user, entry_id, queryset=CEEntry.objects.select_related("staff")
    )
    if not access.can_verify_ce(user, entry.staff):
        raise Http404
    decision = request.POST.get("decision")
    status = {"verify": CEStatus.VERIFIED, "decline": CEStatus.REJECTED}.get(decision)
    if status is None:
        messages.error(request, _("Choose whether to verify the hours or not accept them."))
    elif services.set_ce_status(entry, status, user):
        messages.success(
            request,
            _("The hours are verified.") if status == CEStatus.VERIFIED else _("Not accepted."),
        )
    else:
        messages.info(request, _("Someone already decided on these hours; nothing changed."))
    return redirect("credentials:staff_credentials", staff_id=entry.staff_id)


@login_required
def ce_certificate(request, entry_id):
    entry = access.get_ce_entry_for_user(request.user, entry_id)
    if not entry.certificate:
        raise Http404
    return uploads.private_file_response(
        entry.certificate, entry.certificate_type, entry.certificate_name
    )


# --- the dashboard ----------------------------------------------------------------------------


def _dashboard_periods(request):
    """The filter form, the current periods it selects (soonest expiry first), the program
    table and today."""
    user = request.user
    if not access.can_view_credentials_dashboard(user):
        raise Http404
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, programs=access.visible_programs(user))
    staff = access.visible_staff(user).exclude(status=StaffStatus.FORMER)
    if not access.is_hr_or_admin(user):
        staff = access.report_staff(user)
    periods = CredentialPeriod.objects.filter(is_current=True, credential__staff__in=staff)
    show = ""
    if form.is_bound:
        if not form.is_valid():
            messages.warning(request, _("Some filters were not understood and were ignored."))
        if form.cleaned_data.get("program"):
            periods = periods.filter(credential__staff__program=form.cleaned_data["program"])
        show = form.cleaned_data.get("show") or ""
    short = queries.short_ids(periods, today)
    summary = queries.summary_by_program(periods, short, today)
    if show == "expired":
        periods = periods.filter(ends_on__lt=today)
    elif show == "short":
        periods = periods.filter(pk__in=short)
    elif show:
        periods = periods.filter(
            ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=int(show))
        )
    periods = periods.order_by("ends_on", "credential__staff__full_name", "pk")
    return form, periods, summary, today


@login_required
def dashboard(request):
    form, periods, summary, today = _dashboard_periods(request)
    # Only the page shown has its hours summed and its progress worked out.
    page = Paginator(queries.with_hours(periods), DASHBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = queries.rows(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "credentials/dashboard.html",
        {
            "form": form,
            "page": page,
            "summary": summary,
            "windows": queries.DUE_WINDOWS,
            "query": query.urlencode(),
            "today": today,
        },
    )


def csv_cell(value):
    """Spreadsheets run a text cell that starts with = + - @ (or a tab or return) as a
    formula: such text gets a leading apostrophe. Numbers are written as numbers."""
    if isinstance(value, int | Decimal):
        return f"{Decimal(value).normalize():f}"
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@login_required
def dashboard_csv(request):
    _form, periods, _summary, today = _dashboard_periods(request)
    rows = queries.period_rows(periods, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credentials-{today.isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Program"),
            _("Credential"),
            _("Number"),
            _("State"),
            _("Issued"),
            _("Expires"),
            _("Days left"),
            _("Status"),
            _("CE hours"),
            _("CE hours required"),
            _("Hours remaining"),
            _("Short of hours for the days left"),
            _("Progress"),
        ]
    )
    for row in rows:
        credential, period, progress = row.credential, row.period, row.progress
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    row.staff.full_name,
                    row.staff.program.name if row.staff.program else "",
                    credential.credential_type.name,
                    credential.number,
                    credential.state,
                    period.starts_on.isoformat(),
                    period.ends_on.isoformat(),
                    row.days_left,
                    row.status_label,
                    progress.earned,
                    progress.required,
                    progress.remaining,
                    _("yes") if row.short else _("no"),
                    progress.summary() if period.requires_ce else "",
                )
            ]
        )
    return response
