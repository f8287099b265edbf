"""HR keeps staff records in the app: add, edit, move, end employment, accounts.

Who may do what: `access.can_manage_staff` (HR in their agency, admins everywhere);
everyone else gets a 404. The writes are `peerwork.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peerwork import access, services
from peerwork.forms import (
    AccountForm,
    EndEmploymentForm,
    ReportingLineForm,
    RolesForm,
    StaffEditForm,
    StaffForm,
)
from peerwork.models import Invitation, PeerRole, Role, StaffMember
from peerwork.views import reporting_history

INVITATIONS_PAGE_SIZE = 50
CONFLICT = gettext_lazy(
    "Someone else changed this record at the same time. Nothing was saved: here is the "
    "current record with your input; check it and save again."
)


def _add_errors(form, error):
    """Show a service's ValidationError on the form's fields (or above it)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _get_staff_for_manager(user, staff_id):
    return access.get_managed_staff_for_user(
        user,
        staff_id,
        queryset=StaffMember.objects.select_related("agency", "program", "supervisor", "user"),
    )


def _require_agency(request):
    agency = request.user.agency
    if not access.can_manage_staff(request.user) or agency is None:
        raise Http404
    return agency


@login_required
def staff_add(request):
    agency = _require_agency(request)
    programs = access.visible_programs(request.user).filter(agency=agency)
    form = StaffForm(request.POST or None, agency=agency, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            staff = services.create_staff(agency=agency, by=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added. Give them a login when they need one.")
                % {"name": staff.display_name},
            )
            return redirect(staff)
    return render(request, "peerwork/staff_form.html", {"form": form, "title": _("Add a person")})


@login_required
def staff_edit(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    if staff.is_former:
        messages.info(request, _("This person has left; their record stays as it was."))
        return redirect(staff)
    form = StaffEditForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name != "revision"
        }
        try:
            services.update_staff(
                _get_staff_for_manager(request.user, staff_id),
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
                changes=changes,
            )
        except services.Conflict:
            messages.error(request, CONFLICT)
            fresh = _get_staff_for_manager(request.user, staff_id)
            # The new revision, with the person's input kept: saving again applies it.
            data = request.POST.copy()
            data["revision"] = fresh.revision
            form = StaffEditForm(data, instance=fresh)
            form.is_valid()
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(staff)
    return render(
        request,
        "peerwork/staff_form.html",
        {"form": form, "staff": staff, "title": _("Edit %(name)s") % {"name": staff.display_name}},
    )


def _history(staff):
    return list(
        staff.reporting_lines.select_related(
            "supervisor", "program", "changed_by__staff_member"
        ).order_by("-effective_from", "-pk")
    )


@login_required
def staff_reporting_line(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    programs = access.visible_programs(request.user).filter(agency_id=staff.agency_id)
    form = ReportingLineForm(request.POST or None, staff=staff, programs=programs)
    if staff.is_former and request.method == "POST":
        messages.error(request, _("This person has left; their reporting line stays as it was."))
        return redirect(staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_reporting_line(
                staff,
                supervisor=form.cleaned_data["supervisor"],
                program=form.cleaned_data["program"],
                effective=form.cleaned_data["effective"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The reporting line is changed; the history keeps the old one.")
            )
            return redirect(staff)
    return render(
        request,
        "peerwork/staff_reporting_line.html",
        {"staff": staff, "form": form, "history": reporting_history(staff)},
    )


@login_required
def staff_end_employment(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    if staff.is_former:
        return redirect("peerwork:staff_open_work", staff_id=staff.pk)
    form = EndEmploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.end_employment(
                staff,
                leave_date=form.cleaned_data["leave_date"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                " ".join(
                    [
                        _("%(name)s's employment has ended; the record is kept as former staff.")
                        % {"name": staff.display_name},
                        *result.closed,
                    ]
                ),
            )
            return redirect("peerwork:staff_open_work", staff_id=staff.pk)
    return render(
        request,
        "peerwork/staff_end_employment.html",
        {"staff": staff, "form": form, "open_items": services.open_items_for(staff)},
    )


@login_required
def staff_open_work(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    return render(
        request,
        "peerwork/staff_open_work.html",
        {"staff": staff, "open_items": services.open_items_for(staff)},
    )


def _invitation(user):
    if user is None:
        return None
    try:
        return user.invitation
    except Invitation.DoesNotExist:
        return None


@login_required
def staff_account(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    user = staff.user
    if user is None:
        suggestion = (staff.email.partition("@")[0] if staff.email else "").lower()
        form = AccountForm(
            request.POST or None,
            initial={
                "username": suggestion,
                "roles": [Role.PEER_STAFF] if staff.peer_role == PeerRole.PEER else [],
            },
        )
    else:
        form = RolesForm(request.POST or None, initial={"roles": sorted(user.roles - {Role.ADMIN})})
    if request.method == "POST":
        if staff.is_former:
            messages.error(request, _("This person has left; their login stays closed."))
            return redirect(staff)
        if form.is_valid():
            try:
                if user is None:
                    user = services.give_account(
                        staff,
                        username=form.cleaned_data["username"],
                        roles=form.cleaned_data["roles"],
                        by=request.user,
                    )
                else:
                    services.set_roles(user, form.cleaned_data["roles"], by=request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if isinstance(form, AccountForm):
                    _send(request, user)
                else:
                    messages.success(request, _("The roles are saved."))
                return redirect(staff)
    return render(
        request,
        "peerwork/staff_account.html",
        {
            "staff": staff,
            "account": user,
            "form": form,
            "invitation": _invitation(user),
            "can_invite": user is not None and user.is_active and not user.has_usable_password(),
        },
    )


def _send(request, user):
    if services.send_invitation(user, by=request.user):
        messages.success(
            request,
            _(
                "An invitation to choose a password went to %(email)s; "
                "the link works for three days."
            )
            % {"email": user.email},
        )
    else:
        messages.error(
            request,
            _(
                "The invitation email could not be sent. "
                "Check the email settings, then send it again."
            ),
        )


@login_required
@require_POST
def staff_invite(request, staff_id):
    staff = _get_staff_for_manager(request.user, staff_id)
    if staff.user is None or staff.is_former:
        raise Http404
    try:
        _send(request, staff.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    next_url = request.POST.get("next")
    if next_url == "invitations":
        return redirect("peerwork:invitation_list")
    return redirect("peerwork:staff_account", staff_id=staff.pk)


@login_required
def invitation_list(request):
    if not access.can_manage_staff(request.user):
        raise Http404
    pending = (
        access.visible_invitations(request.user)
        .filter(
            accepted_at__isnull=True,
            user__is_active=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("user__staff_member", "invited_by__staff_member")
        .order_by("last_sent_at", "pk")
    )
    page = Paginator(pending, INVITATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "peerwork/invitation_list.html", {"page": page, "query": ""})
