"""Writes to staff records and accounts that span several rows. Each runs in one transaction.

Other apps (onboarding's "a new person", the roster import) call these rather than saving
`StaffMember` themselves, so the reporting-line history always matches the record:

- `create_staff(agency=..., by=..., full_name=..., position_title=..., ...)` -> StaffMember
- `update_staff(staff, by=..., expected_revision=..., changes={...})` -> StaffMember
  (anything but supervisor, program and status FORMER: those have their own functions)
- `change_reporting_line(staff, supervisor=..., program=..., effective=..., by=...)`
- `end_employment(staff, leave_date=..., reason=..., by=...)` -> EndOfEmployment
- `give_account(staff, username=..., roles=[...], by=...)` then `send_invitation(user, by=...)`
- `set_roles(user, roles, by=...)`
- `supervisors_during(staff_ids, start, end)` for evaluation headers

Problems with the input raise `django.core.exceptions.ValidationError` keyed by field name
(a form can show them with `form.add_error(None, error)`); a stale revision raises `Conflict`.
Nothing is ever deleted.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from peerwork import employment, i18n, limits
from peerwork.models import (
    Invitation,
    ReportingLine,
    Role,
    RoleAssignment,
    StaffMember,
    StaffStatus,
    User,
    supervisor_chain_ids,
)

logger = logging.getLogger(__name__)

# HR may hand out these; the admin role is given in the Django admin only.
GRANTABLE_ROLES = (Role.PEER_STAFF, Role.SUPERVISOR, Role.HR)

# Fields `update_staff` may change; the reporting line and leaving have their own services.
EDITABLE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "employee_number",
    "position_title",
    "peer_role",
    "employment_type",
    "start_date",
    "status",
)

UNCHANGED = object()


class Conflict(Exception):
    """Someone else saved the record first; nothing was written."""


# --- staff records ---------------------------------------------------------------------------


def _check_identifiers(staff):
    """The roster import matches on employee number, else email: neither may repeat."""
    if staff.employee_number:
        clash = (
            StaffMember.objects.filter(
                agency_id=staff.agency_id, employee_number=staff.employee_number
            )
            .exclude(pk=staff.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "employee_number": _("%(name)s already has this employee number.")
                    % {"name": clash.full_name}
                }
            )
    if not staff.email:
        return
    # Former staff keep their address on file; only current people must differ.
    clash = (
        StaffMember.objects.filter(agency_id=staff.agency_id, email__iexact=staff.email)
        .exclude(status=StaffStatus.FORMER)
        .exclude(pk=staff.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {"email": _("%(name)s already has this work email.") % {"name": clash.full_name}}
        )


def _check_date(kind, value, name):
    try:
        limits.check_date(kind, value)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def _check_supervisor(staff, supervisor):
    if supervisor is None:
        return
    if supervisor.agency_id != staff.agency_id:
        raise ValidationError({"supervisor": _("The supervisor works at another agency.")})
    if supervisor.status == StaffStatus.FORMER:
        raise ValidationError({"supervisor": _("The supervisor no longer works here.")})
    if staff.pk and (supervisor.pk == staff.pk or staff.pk in supervisor_chain_ids(supervisor.pk)):
        raise ValidationError({"supervisor": _("This would make someone their own supervisor.")})


def _check_program(staff, program):
    if program is not None and program.agency_id != staff.agency_id:
        raise ValidationError({"program": _("This program belongs to another agency.")})


@transaction.atomic
def create_staff(
    *,
    agency,
    by,
    full_name,
    position_title,
    supervisor=None,
    program=None,
    start_date=None,
    user=None,
    **fields,
):
    """A new staff record (with or without a login) and the first line of its history.

    `fields` are any of EDITABLE_FIELDS. The first reporting line starts on the start date,
    or today when there is none or it is still to come (a candidate already has their
    supervisor). Status defaults to active.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"create_staff() got unexpected fields {sorted(unknown)}")
    staff = StaffMember(
        agency=agency,
        full_name=full_name,
        position_title=position_title,
        supervisor=supervisor,
        program=program,
        start_date=start_date,
        user=user,
        **fields,
    )
    if staff.status == StaffStatus.FORMER:
        raise ValidationError({"status": _("Add the person first, then end their employment.")})
    if start_date is not None:
        _check_date(limits.START, start_date, "start_date")
    _check_program(staff, program)
    _check_supervisor(staff, supervisor)
    _check_identifiers(staff)
    staff.full_clean(exclude=["user", "supervisor"])
    staff.save()
    ReportingLine.objects.create(
        staff=staff,
        supervisor=supervisor,
        program=program,
        effective_from=first_line_start(start_date),
        changed_by=by,
    )
    return staff


def first_line_start(start_date, today=None):
    """Where a record's history begins: its start date, unless that is still to come."""
    today = today or timezone.localdate()
    return min(start_date, today) if start_date else today


def _lock(staff):
    return StaffMember.objects.select_for_update().get(pk=staff.pk)


@transaction.atomic
def update_staff(staff, *, by, expected_revision, changes):
    """Apply `changes` (a dict of EDITABLE_FIELDS) if nobody saved the record meanwhile.

    A login's email follows the record's, so password reset reaches the same address.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_staff() cannot change {sorted(unknown)}")
    current = _lock(staff)
    if current.revision != expected_revision:
        raise Conflict
    if current.status == StaffStatus.FORMER and changes.get("status", current.status) != (
        StaffStatus.FORMER
    ):
        raise ValidationError({"status": _("This person has left; their record stays as it was.")})
    if changes.get("status") == StaffStatus.FORMER and current.status != StaffStatus.FORMER:
        raise ValidationError({"status": _("Use “End employment” to record that someone left.")})
    if changes.get("start_date") is not None:
        _check_date(limits.START, changes["start_date"], "start_date")
    for name, value in changes.items():
        setattr(current, name, value)
    _check_identifiers(current)
    current.full_clean(exclude=["user", "supervisor", "program"])
    current.revision += 1
    current.save(update_fields=[*changes, "revision"])
    if "email" in changes and current.user_id:
        User.objects.filter(pk=current.user_id).update(email=current.email)
    for name in [*changes, "revision"]:
        setattr(staff, name, getattr(current, name))
    return staff


def current_line(staff):
    return staff.reporting_lines.filter(effective_until__isnull=True).first()


@transaction.atomic
def change_reporting_line(staff, *, supervisor=UNCHANGED, program=UNCHANGED, effective, by):
    """Move `staff` to a new supervisor and/or program from the date `effective`.

    The current line closes the day before `effective` and a new one starts; on the same
    day as the current line's start, the current line is corrected instead. Raises
    ValidationError for a loop ("their own supervisor"), another agency, a former colleague
    as supervisor, a date in the future or before the current line began, or someone who
    has left. Changing nothing writes nothing. Returns the line now current.
    """
    current = _lock(staff)
    if current.status == StaffStatus.FORMER:
        raise ValidationError(_("This person has left; their reporting line stays as it was."))
    supervisor = current.supervisor if supervisor is UNCHANGED else supervisor
    program = current.program if program is UNCHANGED else program
    _check_supervisor(current, supervisor)
    _check_program(current, program)
    _check_date(limits.LEAVE, effective, "effective")
    if effective > timezone.localdate():
        raise ValidationError(
            {"effective": _("Record a change on the day it takes effect, or later.")}
        )
    line = current_line(current)
    if line is not None and effective < line.effective_from:
        raise ValidationError(
            {
                "effective": _(
                    "The current reporting line began on %(date)s: a change takes effect "
                    "on that day or later."
                )
                % {"date": line.effective_from.isoformat()}
            }
        )
    supervisor_id = supervisor.pk if supervisor else None
    program_id = program.pk if program else None
    if current.supervisor_id == supervisor_id and current.program_id == program_id:
        return line
    now = timezone.now()
    if line is not None and line.effective_from == effective:
        line.supervisor_id, line.program_id = supervisor_id, program_id
        line.changed_by, line.changed_at = by, now
        line.save(update_fields=["supervisor", "program", "changed_by", "changed_at"])
    else:
        if line is not None:
            line.effective_until = effective
            line.save(update_fields=["effective_until"])
        line = ReportingLine.objects.create(
            staff=current,
            supervisor_id=supervisor_id,
            program_id=program_id,
            effective_from=effective,
            changed_by=by,
            changed_at=now,
        )
    current.supervisor, current.program = supervisor, program
    current.revision += 1
    current.save(update_fields=["supervisor", "program", "revision"])
    staff.supervisor, staff.program, staff.revision = supervisor, program, current.revision
    return line


@transaction.atomic
def follow_saved_line(staff, *, by):
    """After `staff` was saved outside these services (the Django admin), make the history
    follow its supervisor and program from today. Validation is the caller's (the model's
    clean() refuses loops)."""
    line = current_line(staff)
    if line is None:
        start_missing_histories(StaffMember.objects.filter(pk=staff.pk), by=by)
        return
    if (line.supervisor_id, line.program_id) == (staff.supervisor_id, staff.program_id):
        return
    today = timezone.localdate()
    if line.effective_from >= today:
        line.supervisor_id, line.program_id = staff.supervisor_id, staff.program_id
        line.changed_by, line.changed_at = by, timezone.now()
        line.save(update_fields=["supervisor", "program", "changed_by", "changed_at"])
        return
    line.effective_until = today
    line.save(update_fields=["effective_until"])
    ReportingLine.objects.create(
        staff=staff,
        supervisor_id=staff.supervisor_id,
        program_id=staff.program_id,
        effective_from=today,
        changed_by=by,
    )


@dataclass
class EndOfEmployment:
    staff: StaffMember
    closed: list = field(default_factory=list)  # sentences from the apps: what they closed
    open_items: list = field(default_factory=list)  # employment.OpenItem: for HR to decide


def open_items_for(staff):
    """What still needs a decision because `staff` left: their reports first, then the apps'."""
    reports = list(
        staff.direct_reports.exclude(status=StaffStatus.FORMER).order_by("full_name", "pk")
    )
    items = [
        employment.OpenItem(
            key=f"peerwork.report:{person.pk}",
            text=_("%(name)s still reports to them") % {"name": person.display_name},
            url=reverse("peerwork:staff_reporting_line", args=[person.pk]),
            app="peerwork",
            action=_("Change supervisor"),
        )
        for person in reports
    ]
    return items + employment.registry.open_items_for(staff)


@transaction.atomic
def end_employment(staff, *, leave_date, reason, by):
    """Record that `staff` left on `leave_date` (their last day) for `reason` (LeaveReason).

    One transaction: the record is marked former staff (kept, never deleted), the current
    reporting line closes after the leave date, the login is deactivated (it can no longer
    log in, and its open sessions stop working), and every app's registered `close` runs.
    Returns what was closed and what is still open for HR to reassign or cancel.
    """
    current = _lock(staff)
    if current.status == StaffStatus.FORMER:
        raise ValidationError(_("This person's employment has already ended."))
    if not reason:
        raise ValidationError({"reason": _("Choose a reason.")})
    _check_date(limits.LEAVE, leave_date, "leave_date")
    if leave_date > timezone.localdate():
        raise ValidationError(
            {"leave_date": _("Record the end of employment on or after the leave date.")}
        )
    line = current_line(current)
    if line is not None and leave_date < line.effective_from:
        raise ValidationError(
            {
                "leave_date": _(
                    "The current reporting line began on %(date)s: the leave date cannot be "
                    "earlier."
                )
                % {"date": line.effective_from.isoformat()}
            }
        )
    current.status = StaffStatus.FORMER
    current.leave_date = leave_date
    current.leave_reason = reason
    current.revision += 1
    current.save(update_fields=["status", "leave_date", "leave_reason", "revision"])
    if line is not None:
        line.effective_until = leave_date + datetime.timedelta(days=1)
        line.save(update_fields=["effective_until"])
    if current.user_id:
        User.objects.filter(pk=current.user_id).update(is_active=False)
    closed = employment.registry.close_all(current, leave_date=leave_date, by=by)
    for name in ("status", "leave_date", "leave_reason", "revision"):
        setattr(staff, name, getattr(current, name))
    return EndOfEmployment(staff=staff, closed=closed, open_items=open_items_for(current))


def start_missing_histories(staff_queryset, *, by=None):
    """Give every record in `staff_queryset` that has no reporting line its first one.

    For records written without these services (the demo agency's bulk loads).
    """
    today = timezone.localdate()
    missing = staff_queryset.filter(reporting_lines__isnull=True).only(
        "pk", "supervisor_id", "program_id", "start_date", "leave_date"
    )
    lines = []
    for staff in missing:
        start = first_line_start(staff.start_date, today)
        # A former colleague's line ends after their last day.
        until = staff.leave_date + datetime.timedelta(days=1) if staff.leave_date else None
        lines.append(
            ReportingLine(
                staff_id=staff.pk,
                supervisor_id=staff.supervisor_id,
                program_id=staff.program_id,
                effective_from=start,
                effective_until=until if until and until > start else None,
                changed_by=by,
            )
        )
    ReportingLine.objects.bulk_create(lines, batch_size=500)


def supervisors_during(staff_ids, start, end):
    """{staff_id: [ReportingLine, ...]} of the lines that held at any time in [start, end].

    One query for any number of people; lines come oldest first with their supervisor
    loaded. `end` None means "until today".
    """
    if start is None:
        return {}
    condition = Q(effective_until__isnull=True) | Q(effective_until__gt=start)
    if end is not None:
        condition &= Q(effective_from__lte=end)
    result = {pk: [] for pk in staff_ids}
    lines = (
        ReportingLine.objects.filter(condition, staff_id__in=list(staff_ids))
        .select_related("supervisor")
        .order_by("staff_id", "effective_from", "pk")
    )
    for line in lines:
        result[line.staff_id].append(line)
    return result


# --- accounts and invitations ----------------------------------------------------------------


def _clean_roles(roles):
    roles = set(roles)
    if not roles <= set(GRANTABLE_ROLES):
        raise ValidationError({"roles": _("HR may give the peer staff, supervisor and HR roles.")})
    return roles


@transaction.atomic
def give_account(staff, *, username, roles, by):
    """A login for `staff` with `roles` (from GRANTABLE_ROLES) and a pending invitation.

    The login has no usable password until the person chooses one from the invitation
    link: call `send_invitation(user, by=...)` after this (outside the transaction).
    """
    current = _lock(staff)
    if current.user_id:
        raise ValidationError(_("This person already has a login."))
    if current.status == StaffStatus.FORMER:
        raise ValidationError(_("This person has left; they cannot get a login."))
    if not current.email:
        raise ValidationError({"email": _("Add a work email first: the invitation goes there.")})
    roles = _clean_roles(roles)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken; choose another.")})
    first, _sep, last = current.full_name.partition(" ")
    user = User(
        username=username,
        email=current.email,
        first_name=(current.preferred_name or first)[:150],
        last_name=last[:150],
        agency_id=current.agency_id,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=role) for role in roles)
    current.user = user
    current.save(update_fields=["user"])
    staff.user = user
    Invitation.objects.create(user=user, invited_by=by, times_sent=0)
    return user


@transaction.atomic
def set_roles(user, roles, *, by):
    """Give `user` exactly `roles` among GRANTABLE_ROLES; an admin role is left as it is."""
    roles = _clean_roles(roles)
    have = set(
        user.role_assignments.filter(role__in=GRANTABLE_ROLES).values_list("role", flat=True)
    )
    user.role_assignments.filter(role__in=have - roles).delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=role) for role in roles - have
    )
    user.__dict__.pop("roles", None)


def invitation_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("invitation_accept", args=[uid, token])


def send_invitation(user, *, by):
    """Email `user` a one-time link to choose their password; True when the mail went out.

    Refused (ValidationError) for a login that is inactive or already has a password.
    """
    if not user.is_active:
        raise ValidationError(_("This login is not active."))
    if user.has_usable_password():
        raise ValidationError(_("This person has already chosen a password."))
    with i18n.speaking_to(user):
        return _send_invitation(user, by)


def _send_invitation(user, by):
    staff = getattr(user, "staff_member", None)
    context = {
        "name": staff.preferred_name or staff.full_name if staff else user.get_username(),
        "username": user.get_username(),
        "agency": user.agency.name if user.agency_id else "PeerWork",
        "link": invitation_link(user),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        "site_url": settings.SITE_URL,
    }
    subject = _("Your PeerWork account at %(agency)s") % {"agency": context["agency"]}
    body = render_to_string("peerwork/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        # The login's id and the error class only: never the address or the message.
        logger.error("invitation email to user %s failed: %s", user.pk, type(error).__name__)
        return False
    now = timezone.now()
    invitation, created = Invitation.objects.get_or_create(
        user=user, defaults={"invited_by": by, "first_sent_at": now, "times_sent": 0}
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        last_sent_at=now, times_sent=invitation.times_sent + 1
    )
    if invitation.times_sent == 0:
        Invitation.objects.filter(pk=invitation.pk).update(first_sent_at=now)
    return True


def accept_invitation(user):
    """The person chose their password from the link: the invitation is accepted."""
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
