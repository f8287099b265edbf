"""The staff roster as a spreadsheet: import (CSV or XLSX) and export, the same columns both ways.

Import is three steps, and nothing is written before the last: read the file (`read_table`,
tablib with openpyxl for XLSX), map its columns onto ours (`guess_mapping`), then `plan` every
row against the agency's staff: "new", "changed (what)" or "unchanged", with every problem by
row and column. Only a plan without problems can be applied (`apply`), in one transaction.
Rows are matched on the employee number, else on the email, so importing the same file again
changes nothing. The uploaded file is kept privately (`storage()`, under MEDIA_ROOT but never
served) between the preview and the confirmation, and deleted once imported.
"""

import datetime
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerwork import limits
from peerwork.models import (
    EmploymentType,
    PeerRole,
    Program,
    RosterImport,
    RosterImportStatus,
    StaffMember,
    StaffStatus,
    User,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str  # the StaffMember field (program and supervisor: looked up)
    header: str  # the header our export writes, and the import recognises first
    label: object
    required: bool = False
    aliases: tuple = ()


COLUMNS = [
    Column(
        "employee_number",
        "Employee number",
        gettext_lazy("Employee number"),
        aliases=("employee id", "employee no", "emp no", "staff number", "staff id", "id"),
    ),
    Column(
        "full_name", "Full name", gettext_lazy("Full name"), True, ("name", "legal name", "staff")
    ),
    Column("preferred_name", "Preferred name", gettext_lazy("Preferred name"), False, ("goes by",)),
    Column("pronouns", "Pronouns", gettext_lazy("Pronouns")),
    Column("email", "Email", gettext_lazy("Work email"), False, ("work email", "e-mail")),
    Column(
        "position_title",
        "Position",
        gettext_lazy("Position title"),
        True,
        ("position title", "title", "job title", "role"),
    ),
    Column("program", "Program", gettext_lazy("Program"), False, ("department", "team")),
    Column(
        "supervisor",
        "Supervisor",
        gettext_lazy("Supervisor (employee number or email)"),
        False,
        ("supervisor email", "supervisor employee number", "reports to", "manager"),
    ),
    Column(
        "peer_role",
        "Peer or non-peer",
        gettext_lazy("Peer or non-peer"),
        False,
        ("peer", "peer role", "peer staff"),
    ),
    Column(
        "employment_type",
        "Employee or volunteer",
        gettext_lazy("Employee or volunteer"),
        False,
        ("employment type", "type", "volunteer"),
    ),
    Column("start_date", "Start date", gettext_lazy("Start date"), False, ("start", "hire date")),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TEXT_KEYS = [
    "employee_number",
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "position_title",
]

PEER_VALUES = {
    "peer": PeerRole.PEER,
    "peerstaff": PeerRole.PEER,
    "yes": PeerRole.PEER,
    "y": PeerRole.PEER,
    "nonpeer": PeerRole.NON_PEER,
    "nonpeerstaff": PeerRole.NON_PEER,
    "no": PeerRole.NON_PEER,
    "n": PeerRole.NON_PEER,
}
EMPLOYMENT_VALUES = {
    "employee": EmploymentType.EMPLOYEE,
    "staff": EmploymentType.EMPLOYEE,
    "volunteer": EmploymentType.VOLUNTEER,
}
# What the export writes for each choice (and the import reads back).
PEER_OUT = {PeerRole.PEER: "peer", PeerRole.NON_PEER: "non-peer"}
EMPLOYMENT_OUT = {EmploymentType.EMPLOYEE: "employee", EmploymentType.VOLUNTEER: "volunteer"}

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RosterFileError(Exception):
    """The file cannot be read at all (size, type, encoding, emptiness): one clear message."""


class MappingError(RosterFileError):
    """The column matching lacks a column the import needs."""


def storage():
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private" / "roster-imports")


def _squash(text):
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Table:
    headers: list
    rows: list  # [(spreadsheet row number, [cells])], blank rows left out


def detect_format(data):
    """'xlsx' or 'csv', from the content (never the file name); RosterFileError otherwise."""
    if not data:
        raise RosterFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterFileError(
            _("This is an old Excel (.xls) file. Save it as Excel Workbook (.xlsx) or CSV UTF-8.")
        )
    if b"\x00" in data[:4096]:
        raise RosterFileError(_("This is not a CSV or XLSX file."))
    return "csv"


def read_table(data):
    """(format, Table) from the uploaded bytes; RosterFileError with one clear message."""
    if len(data) > MAX_BYTES:
        raise RosterFileError(
            _("The file is %(size).1f MB; the limit is 5 MB. Split it into smaller files.")
            % {"size": len(data) / (1024 * 1024)}
        )
    file_format = detect_format(data)
    dataset = tablib.Dataset()
    try:
        if file_format == "xlsx":
            dataset.load(io.BytesIO(data), format="xlsx")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise RosterFileError(
                    _(
                        "The file is not in UTF-8, the encoding PeerWork reads. In Excel choose "
                        "Save As, then “CSV UTF-8 (Comma delimited)”; or upload it as .xlsx."
                    )
                ) from None
            if not text.strip():
                raise RosterFileError(_("The file is empty."))
            dataset.load(text, format="csv")
    except RosterFileError:
        raise
    except tablib.InvalidDimensions:
        raise RosterFileError(
            _("Some rows have a different number of cells than the header row.")
        ) from None
    except Exception:  # openpyxl and csv raise many kinds of error for a damaged file
        raise RosterFileError(
            _("The file could not be read as %(format)s. Save it again from the spreadsheet.")
            % {"format": file_format.upper()}
        ) from None
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    if not any(headers):
        raise RosterFileError(_("The file is empty."))
    headers = [h or _("Column %(n)d") % {"n": n} for n, h in enumerate(headers, start=1)]
    seen = set()
    for header in headers:
        if header.lower() in seen:
            raise RosterFileError(
                _("Two columns are both headed “%(header)s”. Give each column its own header.")
                % {"header": header}
            )
        seen.add(header.lower())
    rows = []
    for index, row in enumerate(dataset, start=2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if any(_cell_text(cell) for cell in cells):
            rows.append((index, cells))
    if not rows:
        raise RosterFileError(_("The file has a header row but nobody in it."))
    if len(rows) > MAX_ROWS:
        raise RosterFileError(
            _("The file has %(count)d people; the limit is %(limit)d. Split it into smaller files.")
            % {"count": len(rows), "limit": MAX_ROWS}
        )
    return file_format, Table(headers, rows)


def _cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    text = str(cell).strip()
    # Our own export escapes formula-looking text with a leading apostrophe: read it back.
    if text.startswith("'") and text[1:2] in FORMULA_START and text[1:2]:
        text = text[1:]
    return text


def guess_mapping(headers):
    """{column key: file header} for the headers that look like ours."""
    mapping = {}
    used = set()
    for column in COLUMNS:
        names = [column.header, column.key, str(column.label), *column.aliases]
        wanted = {_squash(name) for name in names}
        for header in headers:
            if header not in used and _squash(header) in wanted:
                mapping[column.key] = header
                used.add(header)
                break
    return mapping


def store_upload(agency, user, name, data, file_format, mapping):
    stored = storage().save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(data))
    return RosterImport.objects.create(
        agency=agency,
        uploaded_by=user,
        original_name=Path(name).name[:255],
        file_format=file_format,
        stored_name=stored,
        mapping=mapping,
    )


def stored_table(roster_import):
    try:
        with storage().open(roster_import.stored_name, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        raise RosterFileError(_("The uploaded file is no longer there. Upload it again.")) from None
    return read_table(data)[1]


# --- planning ---------------------------------------------------------------------------------


@dataclass
class RowPlan:
    number: int  # the row in the spreadsheet (the header is row 1)
    values: dict  # cleaned values of the mapped columns
    staff: StaffMember | None = None  # the existing record it matches
    changes: list = field(default_factory=list)  # labels of what changes
    problems: list = field(default_factory=list)  # [(file column header, message)]
    supervisor_target: tuple | None = None  # ("row", number) or ("staff", pk) after import

    @property
    def name(self):
        return self.values.get("full_name") or (self.staff.full_name if self.staff else "")

    @property
    def status(self):
        if self.staff is None:
            return "new"
        return "changed" if self.changes else "unchanged"


@dataclass
class Plan:
    rows: list
    headers: list
    mapping: dict

    @property
    def problems(self):
        return [(row.number, header, text) for row in self.rows for header, text in row.problems]

    @property
    def is_valid(self):
        return not any(row.problems for row in self.rows)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in ("new", "changed", "unchanged")}


def _parse_date(cell):
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _cell_text(cell)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date: write it as year-month-day, for example 2026-03-02.")
            % {"value": text[:40]}
        ) from None


def _clean_row(number, cells, headers, mapping, programs):
    """Cleaned values of one row, and its problems with single cells."""
    index = {header: i for i, header in enumerate(headers)}
    values, problems = {}, []

    def cell(key):
        return cells[index[mapping[key]]]

    for key in mapping:
        column = COLUMN_BY_KEY[key]
        header = mapping[key]
        raw = cell(key)
        text = _cell_text(raw)
        if column.required and not text:
            problems.append((header, _("%(column)s is missing.") % {"column": column.label}))
            continue
        try:
            if key in TEXT_KEYS:
                limit = StaffMember._meta.get_field(key).max_length
                if len(text) > limit:
                    raise ValidationError(
                        _("%(length)d characters; at most %(limit)d.")
                        % {"length": len(text), "limit": limit}
                    )
                if key == "email" and text:
                    validate_email(text)
                values[key] = text
            elif key == "program":
                if text and _squash(text) not in programs:
                    known = ", ".join(p.name for p in programs.values()) or _("none yet")
                    raise ValidationError(
                        _("Unknown program “%(value)s” (the agency's programs: %(known)s).")
                        % {"value": text[:80], "known": known}
                    )
                values[key] = programs[_squash(text)] if text else None
            elif key == "supervisor":
                values[key] = text
            elif key == "peer_role":
                if text and _squash(text) not in PEER_VALUES:
                    raise ValidationError(
                        _("“%(value)s”: write peer or non-peer.") % {"value": text[:40]}
                    )
                if text:
                    values[key] = PEER_VALUES[_squash(text)]
            elif key == "employment_type":
                if text and _squash(text) not in EMPLOYMENT_VALUES:
                    raise ValidationError(
                        _("“%(value)s”: write employee or volunteer.") % {"value": text[:40]}
                    )
                if text:
                    values[key] = EMPLOYMENT_VALUES[_squash(text)]
            elif key == "start_date":
                values[key] = None
                if text:
                    value = _parse_date(raw)
                    limits.check_date(limits.START, value)
                    values[key] = value
        except ValidationError as exc:
            message = " ".join(str(m) for m in exc.messages)
            if key == "email":
                message = _("“%(value)s” is not an email address.") % {"value": text[:80]}
            problems.append((header, message))
    if values.get("employee_number") == "":
        # A blank number never clears one: the person is then matched on their email.
        del values["employee_number"]
    if not values.get("employee_number") and not values.get("email"):
        header = mapping.get("employee_number") or mapping.get("email") or headers[0]
        problems.append(
            (header, _("Each person needs an employee number or an email, to match them later."))
        )
    return values, problems


COMPARED = [
    "employee_number",
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "position_title",
    "program",
    "supervisor",
    "peer_role",
    "employment_type",
    "start_date",
]


def plan(agency, table, mapping):
    """Every row's outcome and problems against `agency`'s staff. Reads the staff and programs
    once (a fixed number of queries whatever the rows); writes nothing."""
    missing = [c for c in COLUMNS if c.required and c.key not in mapping]
    if missing:
        raise MappingError(
            _("Choose the file's column for: %(columns)s.")
            % {"columns": ", ".join(str(c.label) for c in missing)}
        )
    if "employee_number" not in mapping and "email" not in mapping:
        raise MappingError(
            _("Choose the file's column for the employee number or the email (or both).")
        )
    programs = {_squash(p.name): p for p in Program.objects.filter(agency=agency)}
    staff = list(StaffMember.objects.filter(agency=agency).select_related("supervisor"))
    by_number = {s.employee_number: s for s in staff if s.employee_number}
    # Current people first: a former colleague keeps their address on file, and only current
    # people's emails must differ.
    current_emails = {
        member.email.lower(): member
        for member in reversed(staff)
        if member.email and member.status != StaffStatus.FORMER
    }
    by_email = dict(current_emails)
    for member in staff:
        if member.email:
            by_email.setdefault(member.email.lower(), member)

    rows = []
    seen_numbers, seen_emails, seen_staff = {}, {}, {}
    for number, cells in table.rows:
        values, problems = _clean_row(number, cells, table.headers, mapping, programs)
        row = RowPlan(number, values, problems=problems)
        emp_no, email = values.get("employee_number", ""), values.get("email", "").lower()
        if emp_no:
            row.staff = by_number.get(emp_no)
        if row.staff is None and email:
            candidate = by_email.get(email)
            if candidate is not None and not (emp_no and candidate.employee_number):
                row.staff = candidate
        if emp_no:
            if emp_no in seen_numbers:
                row.problems.append(
                    (
                        mapping["employee_number"],
                        _("Employee number %(value)s is also on row %(row)d.")
                        % {"value": emp_no, "row": seen_numbers[emp_no]},
                    )
                )
            seen_numbers.setdefault(emp_no, number)
        if email:
            owner = current_emails.get(email)
            if email in seen_emails:
                row.problems.append(
                    (
                        mapping["email"],
                        _("Duplicate email: %(value)s is also on row %(row)d.")
                        % {"value": email, "row": seen_emails[email]},
                    )
                )
            elif owner is not None and owner != row.staff:
                row.problems.append(
                    (
                        mapping["email"],
                        _("Duplicate email: %(value)s is already %(name)s's.")
                        % {"value": email, "name": owner.full_name},
                    )
                )
            seen_emails.setdefault(email, number)
        if row.staff is not None:
            if row.staff.pk in seen_staff:
                header = mapping.get("employee_number") or mapping["email"]
                row.problems.append(
                    (
                        header,
                        _("Row %(row)d is the same person.") % {"row": seen_staff[row.staff.pk]},
                    )
                )
            seen_staff.setdefault(row.staff.pk, number)
        rows.append(row)

    _resolve_supervisors(rows, mapping, staff, by_number, by_email)
    row_by_number = {row.number: row for row in rows}
    for row in rows:
        row.changes = _changes(row, row_by_number) if row.staff is not None else []
        if row.changes and row.staff.status == StaffStatus.FORMER:
            row.problems.append(
                (
                    mapping.get("employee_number") or mapping["email"],
                    _("%(name)s has left (former staff): an import does not change their record.")
                    % {"name": row.staff.full_name},
                )
            )
    return Plan(rows, table.headers, mapping)


def _resolve_supervisors(rows, mapping, staff, by_number, by_email):
    """Find each row's supervisor (in the file first, then among the staff) and refuse loops."""
    if "supervisor" not in mapping:
        return
    header = mapping["supervisor"]
    file_by_ref = {}
    for row in rows:
        for ref in (row.values.get("employee_number", ""), row.values.get("email", "").lower()):
            if ref:
                file_by_ref.setdefault(ref, row)
    # Each person's supervisor after the import: node ids are ("row", n) for rows in the file
    # and ("staff", pk) for everyone else.
    row_of_staff = {row.staff.pk: row for row in rows if row.staff is not None}
    for row in rows:
        ref = row.values.get("supervisor", "")
        if not ref:
            continue
        target = file_by_ref.get(ref) or file_by_ref.get(ref.lower())
        member = target.staff if target is not None else None
        if member is None:
            member = by_number.get(ref) or by_email.get(ref.lower())
        if target is not None and (member is None or member.status != StaffStatus.FORMER):
            row.supervisor_target = ("row", target.number)
        elif member is None:
            row.problems.append(
                (
                    header,
                    _(
                        "Supervisor “%(value)s” not found: no one in the file or the agency has "
                        "this employee number or email."
                    )
                    % {"value": ref[:80]},
                )
            )
        elif member.status == StaffStatus.FORMER:
            row.problems.append(
                (
                    header,
                    _("Supervisor %(name)s no longer works here.") % {"name": member.full_name},
                )
            )
        elif member.pk in row_of_staff:
            row.supervisor_target = ("row", row_of_staff[member.pk].number)
        else:
            row.supervisor_target = ("staff", member.pk)

    row_by_number = {row.number: row for row in rows}

    def supervisor_of(node):
        kind, ident = node
        if kind == "row":
            return row_by_number[ident].supervisor_target
        member = staff_by_pk.get(ident)
        if member is None or member.supervisor_id is None:
            return None
        if member.supervisor_id in row_of_staff:
            return ("row", row_of_staff[member.supervisor_id].number)
        return ("staff", member.supervisor_id)

    staff_by_pk = {member.pk: member for member in staff}
    for row in rows:
        if row.supervisor_target is None:
            continue
        start = ("row", row.number)
        chain, node = [start], row.supervisor_target
        seen = {start}
        while node is not None and node not in seen and len(chain) <= len(rows) + len(staff_by_pk):
            chain.append(node)
            seen.add(node)
            node = supervisor_of(node)
        if node == start:
            names = [_node_name(n, row_by_number, staff_by_pk) for n in chain] + [row.name]
            row.problems.append(
                (
                    header,
                    _("Supervisor loop: %(chain)s.") % {"chain": " → ".join(names)},
                )
            )


def _node_name(node, row_by_number, staff_by_pk):
    kind, ident = node
    if kind == "row":
        return _("%(name)s (row %(row)d)") % {"name": row_by_number[ident].name, "row": ident}
    member = staff_by_pk.get(ident)
    return member.full_name if member else "?"


def _changes(row, row_by_number):
    staff = row.staff
    labels = []
    for key in COMPARED:
        if key not in row.values or key == "supervisor":
            continue
        new = row.values[key]
        if key == "program":
            old, new = staff.program_id, new.pk if new else None
        else:
            old = getattr(staff, key)
        if key == "email":
            old, new = old.lower(), new.lower()
        if old != new:
            labels.append(str(COLUMN_BY_KEY[key].label).lower())
    if "supervisor" in row.values:
        target = row.supervisor_target
        if target is None:
            changed = staff.supervisor_id is not None
        elif target[0] == "staff":
            changed = staff.supervisor_id != target[1]
        else:
            other = row_by_number[target[1]].staff
            changed = other is None or staff.supervisor_id != other.pk
        if changed:
            labels.append(str(_("supervisor")))
    return labels


# --- applying ---------------------------------------------------------------------------------


def apply(roster_import, user):
    """Write a valid import in one transaction and return the counts by outcome. Raises
    RosterFileError when the file (read again, against the staff as they are now) has problems
    or was imported already."""
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status == RosterImportStatus.APPLIED:
            raise RosterFileError(_("This file was imported already."))
        table = stored_table(locked)
        result = plan(locked.agency, table, locked.mapping)
        if not result.is_valid:
            raise RosterFileError(
                _("The file has problems now (the staff changed since the preview). Look again.")
            )
        counts = result.counts
        _write(locked.agency, result, user)
        locked.status = RosterImportStatus.APPLIED
        locked.applied_at = timezone.now()
        locked.summary = counts
        stored, locked.stored_name = locked.stored_name, ""
        locked.save(update_fields=["status", "applied_at", "summary", "stored_name"])
        transaction.on_commit(lambda: storage().delete(stored))
    return counts


FIELD_KEYS = [key for key in COMPARED if key != "supervisor"]


def _write(agency, result, user):
    """New people in bulk with their first reporting line; changed people's own fields in bulk;
    supervisor and program changes through the reporting-line service, so the history says
    who supervised whom from today."""
    from peerwork import services

    fields = [key for key in FIELD_KEYS if key in result.mapping and key != "program"]
    new_staff, updated, emails = [], {}, {}
    for row in result.rows:
        values = {key: row.values[key] for key in FIELD_KEYS if key in row.values}
        if row.staff is None:
            row.staff = StaffMember(agency=agency, status=StaffStatus.ACTIVE, **values)
            new_staff.append(row.staff)
        elif row.changes:
            values.pop("program", None)
            if "email" in values and values["email"].lower() != row.staff.email.lower():
                emails[row.staff.user_id] = values["email"]
            for key, value in values.items():
                if getattr(row.staff, key) != value:
                    setattr(row.staff, key, value)
                    updated[row.staff.pk] = row.staff
    StaffMember.objects.bulk_create(new_staff, batch_size=500)
    staff_of_row = {row.number: row.staff for row in result.rows}
    new_ids = {member.pk for member in new_staff}
    lines = []  # (staff, supervisor or UNCHANGED, program or UNCHANGED) for existing people
    for row in result.rows:
        wanted_supervisor = wanted_program = services.UNCHANGED
        if "supervisor" in result.mapping:
            target = row.supervisor_target
            if target is None:
                wanted_supervisor = None
            elif target[0] == "row":
                wanted_supervisor = staff_of_row[target[1]]
            else:
                wanted_supervisor = StaffMember(pk=target[1])
        if "program" in row.values:
            wanted_program = row.values["program"]
        if row.staff.pk in new_ids:
            if wanted_supervisor not in (None, services.UNCHANGED):
                row.staff.supervisor_id = wanted_supervisor.pk
        else:
            supervisor_moves = wanted_supervisor is not services.UNCHANGED and (
                row.staff.supervisor_id != (wanted_supervisor.pk if wanted_supervisor else None)
            )
            program_moves = wanted_program is not services.UNCHANGED and (
                row.staff.program_id != (wanted_program.pk if wanted_program else None)
            )
            if supervisor_moves or program_moves:
                lines.append(
                    (
                        row.staff,
                        wanted_supervisor if supervisor_moves else services.UNCHANGED,
                        wanted_program if program_moves else services.UNCHANGED,
                    )
                )
    StaffMember.objects.bulk_update(
        [m for m in new_staff if m.supervisor_id], ["supervisor"], batch_size=500
    )
    if new_ids:
        services.start_missing_histories(StaffMember.objects.filter(pk__in=new_ids), by=user)
    if updated and fields:
        for member in updated.values():
            member.revision += 1
        StaffMember.objects.bulk_update(
            list(updated.values()), [*fields, "revision"], batch_size=500
        )
    for user_id, email in emails.items():
        if user_id:
            User.objects.filter(pk=user_id).update(email=email)
    _change_lines(lines, user)


def _change_lines(lines, user):
    """Move existing people to their new supervisors and programs, effective today. The plan
    checked the end state has no loop; moving people one by one could pass through one (two
    people swapping places), so those changing supervisor first report to nobody, on the same
    day, which the service then corrects into one new line each."""
    from peerwork import services

    today = timezone.localdate()
    supervisor_ids = {}
    for staff, supervisor, _program in lines:
        if supervisor is not services.UNCHANGED:
            supervisor_ids[staff.pk] = supervisor.pk if supervisor else None
    for staff, supervisor, _program in lines:
        if supervisor is not services.UNCHANGED and staff.supervisor_id is not None:
            services.change_reporting_line(staff, supervisor=None, effective=today, by=user)
    by_pk = {}
    if supervisor_ids:
        wanted = {pk for pk in supervisor_ids.values() if pk}
        by_pk = StaffMember.objects.in_bulk(wanted)
    for staff, supervisor, program in lines:
        if supervisor is not services.UNCHANGED and supervisor is not None:
            supervisor = by_pk[supervisor.pk]
        services.change_reporting_line(
            staff, supervisor=supervisor, program=program, effective=today, by=user
        )


# --- export -----------------------------------------------------------------------------------


def escape_cell(value):
    """Text a spreadsheet program would run as a formula gets a leading apostrophe, which
    spreadsheets show as text and our import reads back as the same value."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_dataset(staff):
    """The staff as a tablib Dataset with the import's columns (program, supervisor joined)."""
    dataset = tablib.Dataset(headers=[column.header for column in COLUMNS])
    for member in staff:
        supervisor = member.supervisor
        dataset.append(
            [
                escape_cell(value)
                for value in (
                    member.employee_number,
                    member.full_name,
                    member.preferred_name,
                    member.pronouns,
                    member.email,
                    member.position_title,
                    member.program.name if member.program else "",
                    (supervisor.employee_number or supervisor.email) if supervisor else "",
                    PEER_OUT.get(member.peer_role, member.peer_role),
                    EMPLOYMENT_OUT.get(member.employment_type, member.employment_type),
                    member.start_date.isoformat() if member.start_date else "",
                )
            ]
        )
    return dataset
