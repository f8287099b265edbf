"""Roster import (upload, columns, preview, confirm) and the directory's export. The rules are
in peerwork/roster.py; who may is in peerwork/access/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork import access, roster
from peerwork.forms import RosterMappingForm, RosterUploadForm, StaffFilterForm
from peerwork.models import RosterImportStatus

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_importer(user):
    if not access.can_import_roster(user):
        raise Http404


def _get_import_for_user(user, import_id, *, pending=True):
    _require_importer(user)
    roster_import = access.get_roster_import_for_user(user, import_id)
    if pending and roster_import.status != RosterImportStatus.UPLOADED:
        raise Http404
    return roster_import


@login_required
def roster_upload(request):
    _require_importer(request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > roster.MAX_BYTES:
            form.add_error(
                "file",
                _("The file is %(size).1f MB; the limit is 5 MB. Split it into smaller files.")
                % {"size": upload.size / (1024 * 1024)},
            )
        else:
            data = upload.read()
            try:
                file_format, table = roster.read_table(data)
            except roster.RosterFileError as exc:
                form.add_error("file", str(exc))
            else:
                roster_import = roster.store_upload(
                    request.user.agency,
                    request.user,
                    upload.name,
                    data,
                    file_format,
                    roster.guess_mapping(table.headers),
                )
                return redirect("peerwork:roster_mapping", import_id=roster_import.pk)
    recent = access.visible_roster_imports(request.user).select_related(
        "uploaded_by__staff_member"
    )[:10]
    return render(
        request,
        "peerwork/roster_upload.html",
        {"form": form, "columns": roster.COLUMNS, "recent": recent},
    )


@login_required
def roster_mapping(request, import_id):
    roster_import = _get_import_for_user(request.user, import_id)
    try:
        table = roster.stored_table(roster_import)
    except roster.RosterFileError as exc:
        messages.error(request, str(exc))
        return redirect("peerwork:roster_upload")
    form = RosterMappingForm(
        request.POST or None, headers=table.headers, initial_mapping=roster_import.mapping
    )
    if request.method == "POST" and form.is_valid():
        roster_import.mapping = form.mapping()
        roster_import.save(update_fields=["mapping"])
        return redirect("peerwork:roster_preview", import_id=roster_import.pk)
    samples = {
        header: [roster._cell_text(cells[i]) for _n, cells in table.rows[:3]]
        for i, header in enumerate(table.headers)
    }
    return render(
        request,
        "peerwork/roster_mapping.html",
        {"roster_import": roster_import, "form": form, "samples": samples, "table": table},
    )


@login_required
def roster_preview(request, import_id):
    roster_import = _get_import_for_user(request.user, import_id, pending=False)
    if roster_import.status == RosterImportStatus.APPLIED:
        return render(request, "peerwork/roster_done.html", {"roster_import": roster_import})
    try:
        result = roster.plan(
            roster_import.agency, roster.stored_table(roster_import), roster_import.mapping
        )
    except roster.MappingError as exc:
        messages.error(request, str(exc))
        return redirect("peerwork:roster_mapping", import_id=roster_import.pk)
    except roster.RosterFileError as exc:
        messages.error(request, str(exc))
        return redirect("peerwork:roster_upload")
    return render(
        request,
        "peerwork/roster_preview.html",
        {"roster_import": roster_import, "plan": result},
    )


@login_required
@require_POST
def roster_confirm(request, import_id):
    roster_import = _get_import_for_user(request.user, import_id, pending=False)
    try:
        counts = roster.apply(roster_import, request.user)
    except roster.RosterFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % counts,
        )
    return redirect("peerwork:roster_preview", import_id=roster_import.pk)


@login_required
def staff_export(request, file_format):
    """The directory (with its filters) as a spreadsheet in the import's columns."""
    _require_importer(request.user)
    if file_format not in roster.FORMATS:
        raise Http404
    form = StaffFilterForm(request.GET or None, programs=access.visible_programs(request.user))
    staff = form.filter(access.visible_staff(request.user).select_related("program", "supervisor"))
    dataset = roster.export_dataset(staff)
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = "\ufeff" + content  # Excel reads UTF-8 CSV correctly only with the mark
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"staff-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
