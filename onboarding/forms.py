from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.models import (
    ChecklistTemplate,
    OnboardingPlan,
    Phase,
    ResponsibleRole,
)
from peerwork.models import EmploymentType, PeerRole, StaffStatus
from peerwork.versioning import VersionStatus

DATE_HELP = _("For example 2026-03-02 (year-month-day).")
DATE_ERROR = _("Enter a date as year-month-day, for example 2026-03-02.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HELP,
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


class PeopleFieldsMixin:
    """Restrict the person pickers to the plan's agency."""

    PEOPLE = ["hire", "supervisor", "peer_mentor", "hr_contact"]

    def _limit_people(self, agency):
        staff = agency.staff.exclude(status=StaffStatus.FORMER).order_by("full_name")
        for name in self.PEOPLE:
            if name in self.fields:
                self.fields[name].queryset = staff
                self.fields[name].required = False
        if "hire" in self.fields:
            self.fields["hire"].help_text = _(
                "Leave empty while the position is still open; attach the person when chosen."
            )
            self.fields["hire"].empty_label = _("Nobody selected yet")


class PlanStartForm(PeopleFieldsMixin, forms.ModelForm):
    template = forms.ModelChoiceField(
        label=_("Checklist template"),
        queryset=ChecklistTemplate.objects.filter(status=VersionStatus.PUBLISHED),
        empty_label=None,
    )
    target_start_date = date_field(_("Target start date"))

    class Meta:
        model = OnboardingPlan
        fields = [
            "template",
            "program",
            "position_title",
            "peer_role",
            "employment_type",
            "target_start_date",
            "checkin_cadence",
            "hire",
            "supervisor",
            "peer_mentor",
            "hr_contact",
        ]

    def __init__(self, *args, agency, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["program"].queryset = programs
        self.fields["program"].empty_label = None
        self._limit_people(agency)

    def clean(self):
        data = super().clean()
        hire = data.get("hire")
        if hire is not None:
            for name in ("supervisor", "peer_mentor"):
                if data.get(name) == hire:
                    self.add_error(name, _("Choose someone other than the new hire."))
        return data


class PlanSettingsForm(PeopleFieldsMixin, forms.ModelForm):
    target_start_date = date_field(_("Target start date"))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = OnboardingPlan
        fields = [
            "target_start_date",
            "checkin_cadence",
            "hire",
            "supervisor",
            "peer_mentor",
            "hr_contact",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision
        self._limit_people(self.instance.agency)

    def clean(self):
        data = super().clean()
        hire = data.get("hire")
        if hire is not None:
            for name in ("supervisor", "peer_mentor"):
                if data.get(name) == hire:
                    self.add_error(name, _("Choose someone other than the new hire."))
        return data


class TaskAddForm(forms.Form):
    text = forms.CharField(
        label=_("Task"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    due_date = date_field(_("Due"))
    responsible_role = forms.ChoiceField(
        label=_("Who is responsible"), choices=ResponsibleRole.choices
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not applicable?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason: it stays in the task's history.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason: it stays in the task's history."))
        return reason


class RemoveForm(ReasonForm):
    prefix = "remove"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Why remove it from this plan?")


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Add a note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the note first.")},
    )


class BulkForm(forms.Form):
    ACTIONS = [("done", _("Mark done")), ("not_applicable", _("Mark not applicable"))]

    action = forms.ChoiceField(label=_("With the selected tasks"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason (needed for not applicable)"),
        max_length=2000,
        required=False,
        widget=forms.TextInput,
    )
    tasks = forms.TypedMultipleChoiceField(
        label=_("Tasks"),
        coerce=int,
        error_messages={"required": _("Select at least one task.")},
    )

    def __init__(self, *args, task_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = [(pk, pk) for pk in task_ids]
        self.fields["tasks"].error_messages["invalid_choice"] = _(
            "One of the selected tasks is no longer open on this plan. Reload and try again."
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == "not_applicable" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for marking tasks not applicable."))
        return data


class CheckinForm(forms.Form):
    held_on = date_field(_("Held on"))
    with_whom = forms.CharField(label=_("With whom"), max_length=200, required=False)
    follow_ups = forms.CharField(
        label=_("Follow-ups"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, checkin, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkin = checkin
        answers = dict(enumerate(checkin.answers))
        for index, question in enumerate(checkin.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=8000,
                initial=answers.get(index, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["revision"].initial = checkin.revision
        self.fields["held_on"].initial = checkin.held_on
        self.fields["with_whom"].initial = checkin.with_whom
        self.fields["follow_ups"].initial = checkin.follow_ups

    def answers(self):
        return [
            self.cleaned_data.get(f"answer_{i}", "").strip()
            for i in range(len(self.checkin.questions))
        ]

    def answer_fields(self):
        return [self[f"answer_{i}"] for i in range(len(self.checkin.questions))]


class DashboardFilterForm(forms.Form):
    """Read from the query string, never trusted: bad values show a message, not a 500."""

    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("All programs")
    )
    phase = forms.ChoiceField(
        label=_("Current phase"), required=False, choices=[("", _("Any phase"))] + Phase.choices
    )
    peer_role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("Peer and non-peer"))] + PeerRole.choices,
    )
    employment_type = forms.ChoiceField(
        label=_("Employee or volunteer"),
        required=False,
        choices=[("", _("Employees and volunteers"))] + EmploymentType.choices,
    )
    overdue = forms.BooleanField(label=_("Only plans with overdue tasks"), required=False)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].error_messages["invalid_choice"] = _(
            "That program is not one you can see; showing all programs."
        )
