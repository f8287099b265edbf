from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork import i18n, limits
from peerwork.models import (
    EmploymentType,
    LeaveReason,
    PeerRole,
    StaffMember,
    StaffStatus,
    User,
)
from peerwork.services import GRANTABLE_ROLES


class StaffFilterForm(limits.LimitsFormMixin, forms.Form):
    """The staff directory's search and filters. Read from the query string, never trusted."""

    q = forms.CharField(
        label=_("Search by name or position"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or position")}),
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("All programs")
    )
    peer_role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Peer and non-peer"))] + PeerRole.choices
    )
    employment_type = forms.ChoiceField(
        label=_("Employee or volunteer"),
        required=False,
        choices=[("", _("Employees and volunteers"))] + EmploymentType.choices,
    )
    # Former staff stay on file but out of the way: the directory shows current staff
    # unless asked.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Current staff")),
            (StaffStatus.ACTIVE, StaffStatus.ACTIVE.label),
            (StaffStatus.CANDIDATE, StaffStatus.CANDIDATE.label),
            (StaffStatus.FORMER, _("Former staff")),
            ("all", _("Everyone, current and former")),
        ],
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.exclude(status=StaffStatus.FORMER)
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:5]:
                queryset = queryset.filter(
                    Q(full_name__icontains=word)
                    | Q(preferred_name__icontains=word)
                    | Q(position_title__icontains=word)
                )
        if data["program"]:
            queryset = queryset.filter(program=data["program"])
        for name in ("peer_role", "employment_type"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        if not data["status"]:
            queryset = queryset.exclude(status=StaffStatus.FORMER)
        elif data["status"] != "all":
            queryset = queryset.filter(status=data["status"])
        return queryset


def current_colleagues(agency, exclude=None):
    """Whom a record can report to: current staff of the same agency."""
    queryset = StaffMember.objects.filter(agency=agency).exclude(status=StaffStatus.FORMER)
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.order_by("full_name", "pk")


CURRENT_STATUSES = [
    (StaffStatus.ACTIVE, StaffStatus.ACTIVE.label),
    (StaffStatus.CANDIDATE, _("Candidate (selected, not started yet)")),
]


class StaffForm(limits.LimitsFormMixin, forms.ModelForm):
    """A new person, before or after they have a login."""

    start_date = limits.date_field(limits.START, _("Start date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CURRENT_STATUSES)

    class Meta:
        model = StaffMember
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "email",
            "employee_number",
            "position_title",
            "peer_role",
            "employment_type",
            "program",
            "supervisor",
            "start_date",
            "status",
        ]
        help_texts = {
            "preferred_name": _("What the person likes to be called, if not their full name."),
            "email": _("Where their invitation and password-reset links go."),
            "employee_number": _("As in the agency's own roster; the roster import matches on it."),
        }

    def __init__(self, *args, agency, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        # The model's own checks (program and supervisor of the same agency) need it.
        self.instance.agency = agency
        self.fields["program"].queryset = programs
        self.fields["supervisor"].queryset = current_colleagues(agency)
        self.fields["supervisor"].empty_label = _("Nobody yet")


class StaffEditForm(limits.LimitsFormMixin, forms.ModelForm):
    """The record's own fields. Supervisor and program change with an effective date
    (ReportingLineForm); leaving is "End employment"."""

    start_date = limits.date_field(limits.START, _("Start date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CURRENT_STATUSES)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = StaffMember
        fields = [
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
        ]
        help_texts = StaffForm.Meta.help_texts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision

    def validate_unique(self):
        # The service checks employee numbers and emails with messages that name the clash.
        pass


class ReportingLineForm(limits.LimitsFormMixin, forms.Form):
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"), queryset=None, required=False, empty_label=_("Nobody")
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("No program")
    )
    effective = limits.date_field(limits.LEAVE, _("Takes effect on"))

    def __init__(self, *args, staff, programs, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "supervisor": staff.supervisor_id,
                "program": staff.program_id,
                "effective": timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = current_colleagues(staff.agency_id, exclude=staff)
        self.fields["program"].queryset = programs
        self.fields["effective"].help_text = _(
            "The first day under the new line (year-month-day). Today or earlier; the history "
            "keeps the line before it."
        )


class EndEmploymentForm(limits.LimitsFormMixin, forms.Form):
    leave_date = limits.date_field(limits.LEAVE, _("Last day of work"))
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason"))] + LeaveReason.choices
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand: their login stops working now, and their record is kept as former staff."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )


def roles_field():
    return forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in GRANTABLE_ROLES],
        help_text=_("Administrators are named in the Django admin, never here."),
    )


class RolesForm(forms.Form):
    roles = roles_field()


class AccountForm(limits.LimitsFormMixin, RolesForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only. The person logs in with it."),
    )

    field_order = ["username", "roles"]


class PreferencesForm(limits.LimitsFormMixin, forms.ModelForm):
    """The person's own choices: the language PeerWork speaks to them in, and reminders."""

    class Meta:
        model = User
        fields = ["language", "reminder_frequency"]
        widgets = {"reminder_frequency": forms.RadioSelect}
        labels = {
            "language": _("Language"),
            "reminder_frequency": _("Send me reminder emails"),
        }
        help_texts = {
            "language": _("The pages, the emails sent to you and the PDFs you download."),
            "reminder_frequency": _(
                "One email at most a day, listing what is due soon or overdue for you."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A choice is required here (empty only means "never logged in nor chosen yet").
        field = self.fields["language"]
        field.required = True
        field.choices = settings.LANGUAGES
        if not self.instance.language:
            self.initial["language"] = i18n.active_language()

    def save(self, commit=True):
        self.instance.save(update_fields=["language", "reminder_frequency"])
        return self.instance


class RosterUploadForm(limits.LimitsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The staff spreadsheet (CSV or XLSX)"),
        help_text=_("At most 5 MB and 5,000 people; the first row holds the column headers."),
    )


class RosterMappingForm(limits.LimitsFormMixin, forms.Form):
    """For each of PeerWork's columns, which of the file's columns holds it."""

    def __init__(self, *args, headers, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        from peerwork.roster import COLUMNS

        choices = [("", _("— not in the file —"))] + [(h, h) for h in headers]
        for column in COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=column.required,
                initial=initial_mapping.get(column.key, ""),
            )

    def clean(self):
        data = super().clean()
        chosen = {}
        for key, header in list(data.items()):
            if not header:
                continue
            if header in chosen:
                self.add_error(
                    key,
                    _("“%(header)s” is already chosen for %(other)s.")
                    % {"header": header, "other": self.fields[chosen[header]].label},
                )
            chosen.setdefault(header, key)
        if not data.get("employee_number") and not data.get("email"):
            raise forms.ValidationError(
                _(
                    "Choose the column of the employee number or of the email (or both): people "
                    "are matched on them."
                )
            )
        return data

    def mapping(self):
        return {key: header for key, header in self.cleaned_data.items() if header}
