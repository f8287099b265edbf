import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork import limits, once
from supervision import wise_form
from supervision.models import (
    CadenceOverride,
    Duty,
    DutyScope,
    SessionFormat,
    SessionMode,
    SupervisionSettings,
    Topic,
    WorkPlan,
)

NEW_ACTION_ROWS = 3


def _hinted(rows=4):
    """A text box with the language guide's hints (static/js/language-hints.js)."""
    return forms.Textarea(attrs={"rows": rows, "data-language-hints": "1"})


class SessionForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    """A session with its supervisees (chosen before the form opens), the role check for
    each, the open actions it closes and new ones."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = limits.date_field(limits.HELD, _("Date"))
    starts_at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60
    )
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    mode = forms.ChoiceField(label=_("Held"), choices=SessionMode.choices)
    observation = forms.BooleanField(
        label=_("Included observation of the person's work"), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("SAMHSA core competency categories discussed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = limits.text_field(limits.NARRATIVE, _("Notes"), widget=_hinted(6))

    def __init__(self, *args, supervisees, supervisor, open_actions, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.supervisees = list(supervisees)
        self.open_actions = list(open_actions)
        self.fields["topics"].queryset = Topic.objects.filter(active=True)
        self.fields["categories"].queryset = categories
        self.fields["categories"].label_from_instance = lambda c: (
            f"{c.numeral}. {c.title}" if c.numeral else c.title
        )
        duties = list(Duty.objects.filter(active=True))
        self.duty_rows = []
        for person in self.supervisees:
            name = f"duties_{person.pk}"
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=_("What %(name)s has mostly been doing since the last session")
                % {"name": person.display_name},
                queryset=Duty.objects.filter(pk__in=[d.pk for d in duties]),
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
            self.duty_rows.append((person, name))
        for action in self.open_actions:
            self.fields[f"close_{action.pk}"] = forms.BooleanField(label=_("Done"), required=False)
        owners = [(supervisor.pk, supervisor.display_name)] + [
            (p.pk, p.display_name) for p in self.supervisees
        ]
        self.owner_ids = {pk for pk, _label in owners}
        whose = [(p.pk, p.display_name) for p in self.supervisees]
        for index in range(NEW_ACTION_ROWS):
            self.fields[f"action_{index}_text"] = limits.text_field(limits.LINE, _("New action"))
            self.fields[f"action_{index}_owner"] = forms.TypedChoiceField(
                label=_("Who"), choices=owners, coerce=int, required=False
            )
            self.fields[f"action_{index}_due"] = limits.date_field(
                limits.ACTION_DUE, _("Due"), required=False
            )
            if len(whose) > 1:
                self.fields[f"action_{index}_staff"] = forms.TypedChoiceField(
                    label=_("In whose supervision"), choices=whose, coerce=int, required=False
                )

    def duty_fields(self):
        """[(person, bound field, within duties, outside duties)] for the template."""
        rows = []
        for person, name in self.duty_rows:
            field = self[name]
            within = [w for w in field if self._scope_of(w) == DutyScope.WITHIN]
            outside = [w for w in field if self._scope_of(w) == DutyScope.OUTSIDE]
            rows.append((person, field, within, outside))
        return rows

    def _scope_of(self, widget):
        if not hasattr(self, "_scopes"):
            self._scopes = dict(Duty.objects.values_list("pk", "scope"))
        return self._scopes.get(int(str(widget.data["value"])))

    def action_rows(self):
        return [
            {
                "text": self[f"action_{i}_text"],
                "owner": self[f"action_{i}_owner"],
                "due": self[f"action_{i}_due"],
                "staff": self[f"action_{i}_staff"] if f"action_{i}_staff" in self.fields else None,
            }
            for i in range(NEW_ACTION_ROWS)
        ]

    def close_rows(self):
        return [(action, self[f"close_{action.pk}"]) for action in self.open_actions]

    def clean(self):
        data = super().clean()
        if data.get("format") == SessionFormat.INDIVIDUAL and len(self.supervisees) > 1:
            self.add_error("format", _("A session with several people is a group session."))
        for index in range(NEW_ACTION_ROWS):
            text = (data.get(f"action_{index}_text") or "").strip()
            if not text:
                continue
            due = data.get(f"action_{index}_due")
            if due is None and f"action_{index}_due" not in self.errors:
                self.add_error(f"action_{index}_due", _("Give the action a due date."))
            if data.get(f"action_{index}_owner") in (None, ""):
                self.add_error(f"action_{index}_owner", _("Say who will do it."))
        return data

    def new_actions(self):
        staff_by_pk = {p.pk: p for p in self.supervisees}
        actions = []
        for index in range(NEW_ACTION_ROWS):
            text = (self.cleaned_data.get(f"action_{index}_text") or "").strip()
            if not text:
                continue
            whose = self.cleaned_data.get(f"action_{index}_staff") or self.supervisees[0].pk
            owner_id = self.cleaned_data[f"action_{index}_owner"]
            actions.append(
                {
                    "text": text,
                    "owner_id": owner_id,
                    "staff": staff_by_pk.get(whose, self.supervisees[0]),
                    "due_on": self.cleaned_data[f"action_{index}_due"],
                }
            )
        return actions

    def closed_actions(self):
        return [a for a in self.open_actions if self.cleaned_data.get(f"close_{a.pk}")]

    def duties_by_staff(self):
        return {p.pk: self.cleaned_data.get(name) or [] for p, name in self.duty_rows}


class CommentForm(limits.LimitsFormMixin, forms.Form):
    comment = limits.text_field(
        limits.NARRATIVE, _("Your comments on this session"), widget=_hinted(4)
    )


class ReopenForm(limits.LimitsFormMixin, forms.Form):
    reason = limits.text_field(
        limits.REASON,
        _("Reason for reopening"),
        required=True,
        rows=3,
        help_text=_(
            "Kept with the earlier signed copies, where everyone who sees the session can "
            "read it. Everyone signs the corrected session again."
        ),
    )


class CadenceForm(limits.LimitsFormMixin, forms.ModelForm):
    class Meta:
        model = CadenceOverride
        fields = ["cadence_days", "reason"]
        labels = {
            "cadence_days": _("Supervision every (days)"),
            "reason": _("Reason (shown beside the cadence)"),
        }


class SettingsForm(limits.LimitsFormMixin, forms.ModelForm):
    class Meta:
        model = SupervisionSettings
        fields = ["default_cadence_days"]


class PeriodForm(limits.LimitsFormMixin, forms.Form):
    start = limits.date_field(limits.CYCLE, _("From"), required=False)
    end = limits.date_field(limits.CYCLE, _("To"), required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or today.replace(month=1, day=1)
        data["end"] = data.get("end") or today
        if data["end"] < data["start"]:
            self.add_error("end", _("The end of the period comes after its start."))
        return data


class BasicsForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    answered_on = limits.date_field(limits.HELD, _("Answered together on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answered_on", timezone.localdate())
        for number, statement in enumerate(wise_form.BASICS_STATEMENTS, 1):
            self.fields[f"statement_{number}"] = forms.TypedChoiceField(
                label=wise_form.text_in(statement),
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                coerce=lambda value: value == "yes",
                error_messages={"required": _("Answer yes or no.")},
            )

    def statement_fields(self):
        return [self[f"statement_{n}"] for n in range(1, len(wise_form.BASICS_STATEMENTS) + 1)]

    def answers(self):
        return {
            str(n): self.cleaned_data[f"statement_{n}"]
            for n in range(1, len(wise_form.BASICS_STATEMENTS) + 1)
        }


class WorkPlanStartForm(limits.LimitsFormMixin, forms.Form):
    start_date = limits.date_field(
        limits.SCHEDULED, wise_form.text_lazy(wise_form.HEADER_LABELS["start"])
    )
    expires_on = limits.date_field(
        limits.SCHEDULED, wise_form.text_lazy(wise_form.HEADER_LABELS["end"])
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("start_date", today)
        self.initial.setdefault("expires_on", today + datetime.timedelta(days=90))

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("expires_on"):
            if data["expires_on"] < data["start_date"]:
                self.add_error("expires_on", _("The plan ends after it starts."))
        return data


class WorkPlanForm(limits.LimitsFormMixin, forms.ModelForm):
    """The plan's text. Who writes which part is decided by `role`: the manager writes the
    background, immediate steps, meetings and dates; the employee answers in their own words.
    Fields the user does not write are left out of the form (and never saved from it)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    MANAGER_FIELDS = [
        "start_date",
        "expires_on",
        "position",
        "hired_on",
        "length_of_time",
        "primary_duties",
        *wise_form.MANAGER_FIELDS,
        "meeting_every_weeks",
        "meeting_minutes",
        "meeting_day",
        "meeting_time",
        "expiry_reminder_days",
    ]
    EMPLOYEE_FIELDS = wise_form.EMPLOYEE_FIELDS

    class Meta:
        model = WorkPlan
        fields = [
            "start_date",
            "expires_on",
            "position",
            "hired_on",
            "length_of_time",
            "primary_duties",
            *wise_form.MANAGER_FIELDS,
            "meeting_every_weeks",
            "meeting_minutes",
            "meeting_day",
            "meeting_time",
            "expiry_reminder_days",
            *wise_form.EMPLOYEE_FIELDS,
        ]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"})}

    date_kinds = {
        "start_date": limits.SCHEDULED,
        "expires_on": limits.SCHEDULED,
        "hired_on": limits.START,
    }
    default_text_kind = limits.NARRATIVE

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(self.MANAGER_FIELDS if role == "manager" else self.EMPLOYEE_FIELDS)
        keep.add("revision")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget = _hinted(5 if name == "background" else 3)
        if "expiry_reminder_days" in self.fields:
            self.fields["expiry_reminder_days"].max_value = 90
        self.initial["revision"] = self.instance.revision

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("expires_on"):
            if data["expires_on"] < data["start_date"]:
                self.add_error("expires_on", _("The plan ends after it starts."))
        return data


class PlanActionForm(limits.LimitsFormMixin, forms.Form):
    """One of section VI's immediate steps: it becomes an action item."""

    text = limits.text_field(limits.LINE, _("Immediate step"), required=True)
    owner = forms.TypedChoiceField(label=_("Who"), coerce=int)
    due_on = limits.date_field(limits.ACTION_DUE, _("Due"))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (plan.manager_id, plan.manager.display_name),
            (plan.staff_id, plan.staff.display_name),
        ]


class ExtendForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    new_expires_on = limits.date_field(limits.SCHEDULED, _("New expiration date"))
    reason = limits.text_field(
        limits.REASON, _("Why the plan is extended"), required=True, widget=_hinted(3)
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_new_expires_on(self):
        value = self.cleaned_data["new_expires_on"]
        if value <= self.plan.expires_on:
            raise forms.ValidationError(
                _("An extension ends after the current expiration date (%(date)s).")
                % {"date": self.plan.expires_on}
            )
        return value
