from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.models import (
    ChecklistTemplate,
    OnboardingPlan,
    Phase,
    ResponsibleRole,
)
from peerwork import limits, once
from peerwork.models import EmploymentType, PeerRole, StaffStatus
from peerwork.versioning import VersionStatus


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


class HireChoice(models.TextChoices):
    NOBODY = "nobody", _("Nobody selected yet")
    EXISTING = "existing", _("Someone already in PeerWork")
    NEW = "new", _("A new person (their staff record is made with the plan)")


# The new person's fields, named new_<StaffMember field>.
NEW_PERSON_FIELDS = ["full_name", "preferred_name", "pronouns", "email", "employee_number"]


class PlanStartForm(
    once.OnceFormMixin, limits.LimitsFormMixin, PeopleFieldsMixin, forms.ModelForm
):
    template = forms.ModelChoiceField(
        label=_("Checklist template"),
        queryset=ChecklistTemplate.objects.filter(status=VersionStatus.PUBLISHED),
        empty_label=None,
    )
    target_start_date = limits.date_field(limits.PLAN, _("Target start date"))
    text_kinds = {"position_title": limits.NAME}
    # Left unanswered, the choice follows what was filled in (a person chosen, a new name).
    hire_choice = forms.ChoiceField(
        label=_("Who has been selected?"),
        choices=HireChoice.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    new_full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    new_preferred_name = forms.CharField(label=_("Preferred name"), max_length=100, required=False)
    new_pronouns = forms.CharField(label=_("Pronouns"), max_length=50, required=False)
    new_email = forms.EmailField(
        label=_("Work email"),
        required=False,
        help_text=_("Where their invitation to PeerWork will go."),
    )
    new_employee_number = forms.CharField(label=_("Employee number"), max_length=50, required=False)

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
        self.fields["hire"].help_text = _("For someone already in PeerWork.")

    def clean(self):
        data = super().clean()
        choice = data.get("hire_choice") or (
            HireChoice.EXISTING
            if data.get("hire")
            else HireChoice.NEW
            if data.get("new_full_name", "").strip()
            else HireChoice.NOBODY
        )
        data["hire_choice"] = choice
        if choice == HireChoice.EXISTING and data.get("hire") is None and "hire" not in self.errors:
            self.add_error("hire", _("Choose the person, or pick another option above."))
        if choice == HireChoice.NEW and not data.get("new_full_name", "").strip():
            self.add_error("new_full_name", _("Enter the new person's full name."))
        if choice != HireChoice.EXISTING:
            data["hire"] = None
        hire = data.get("hire")
        if hire is not None:
            for name in ("supervisor", "peer_mentor"):
                if data.get(name) == hire:
                    self.add_error(name, _("Choose someone other than the new hire."))
        return data

    def plan_fields(self):
        """The plan's own fields (the hire an existing person or None)."""
        skip = {"template", "hire_choice", *(f"new_{name}" for name in NEW_PERSON_FIELDS)}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def new_person(self):
        """The new person's details when "a new person" was chosen, else None."""
        if self.cleaned_data["hire_choice"] != HireChoice.NEW:
            return None
        return {name: self.cleaned_data[f"new_{name}"].strip() for name in NEW_PERSON_FIELDS}

    def add_new_person_errors(self, error):
        """A core ValidationError about the new staff record, shown on this form's fields."""
        names = {f"{name}": f"new_{name}" for name in NEW_PERSON_FIELDS}
        names.update({"start_date": "target_start_date", "supervisor": "supervisor"})
        by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, errors in by_field.items():
            self.add_error(names.get(field), errors)


class PlanSettingsForm(limits.LimitsFormMixin, PeopleFieldsMixin, forms.ModelForm):
    target_start_date = limits.date_field(limits.PLAN, _("Target start date"))
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


class TaskAddForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    text = limits.text_field(limits.REASON, _("Task"), required=True, rows=2)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    due_date = limits.date_field(limits.TASK_DUE, _("Due"))
    responsible_role = forms.ChoiceField(
        label=_("Who is responsible"), choices=ResponsibleRole.choices
    )


class ReasonForm(limits.LimitsFormMixin, forms.Form):
    reason = limits.text_field(
        limits.REASON,
        _("Why is it not applicable?"),
        required=True,
        rows=2,
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


class NoteForm(limits.LimitsFormMixin, forms.Form):
    note = limits.text_field(
        limits.COMMENT,
        _("Add a note"),
        required=True,
        rows=2,
        error_messages={"required": _("Write the note first.")},
    )


class BulkForm(limits.LimitsFormMixin, forms.Form):
    ACTIONS = [("done", _("Mark done")), ("not_applicable", _("Mark not applicable"))]

    action = forms.ChoiceField(label=_("With the selected tasks"), choices=ACTIONS)
    reason = limits.text_field(limits.REASON, _("Reason (needed for not applicable)"))
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


class CheckinForm(limits.LimitsFormMixin, forms.Form):
    held_on = limits.date_field(limits.HELD, _("Held on"))
    with_whom = limits.text_field(limits.NAME, _("With whom"))
    follow_ups = limits.text_field(limits.NARRATIVE, _("Follow-ups"), rows=3)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, checkin, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkin = checkin
        answers = dict(enumerate(checkin.answers))
        for index, question in enumerate(checkin.text_in("questions")):
            self.fields[f"answer_{index}"] = limits.text_field(
                limits.NARRATIVE, question, rows=2, initial=answers.get(index, "")
            )
        self.fields["revision"].initial = checkin.revision
        self.fields["held_on"].initial = checkin.held_on
        self.fields["with_whom"].initial = checkin.with_whom
        self.fields["follow_ups"].initial = checkin.follow_ups
        self.apply_limits()

    def answers(self):
        return [
            self.cleaned_data.get(f"answer_{i}", "").strip()
            for i in range(len(self.checkin.questions))
        ]

    def answer_fields(self):
        return [self[f"answer_{i}"] for i in range(len(self.checkin.questions))]


class DashboardFilterForm(limits.LimitsFormMixin, forms.Form):
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
        # The rejected value is not repeated back: it may hold characters no page may carry.
        for name in ("phase", "peer_role", "employment_type"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "That choice is not one of the options; it was ignored."
            )


class TaskEditForm(limits.LimitsFormMixin, forms.Form):
    """HR moves one task's due date or gives it to someone else. The values the form was
    loaded with travel along, so a change made meanwhile is refused, not overwritten."""

    due_date = limits.date_field(limits.TASK_DUE, _("Due"))
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )
    loaded_due_date = forms.DateField(widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    loaded_assignee = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, task, plan, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "due_date": task.due_date,
                "assignee": task.assignee_id,
                "loaded_due_date": task.due_date.isoformat(),
                "loaded_assignee": task.assignee_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = task.plan.agency.staff.exclude(
            status=StaffStatus.FORMER
        ).order_by("full_name", "pk")
        self.fields["due_date"].show_range()
