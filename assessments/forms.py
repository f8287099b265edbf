from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import ActionStatus, RespondentGroup
from competencies.models import FrameworkSubject, FrameworkVersion
from peerwork import limits, once
from peerwork.models import Program, StaffMember, StaffStatus
from peerwork.versioning import VersionStatus


class GroupsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Invite"))
        kwargs.setdefault(
            "help_text",
            _(
                "Each person's group comes from their staff record and roles today: "
                "leadership (HR, administrators, supervisors at the top of a reporting line), "
                "supervisors, non-peer staff, peer staff. Only active staff with a login "
                "can be invited."
            ),
        )
        super().__init__(choices=RespondentGroup.choices, **kwargs)


class RoundForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"))
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        label=_("Program"),
        required=False,
        empty_label=_("The whole agency"),
        help_text=_("Ask one program only, or leave this on the whole agency."),
    )
    framework_version = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.none(), label=_("Instrument")
    )
    title = limits.text_field(limits.NAME, _("Title"), required=True)
    closes_on = limits.date_field(limits.CLOSING, _("Closing date"))
    groups = GroupsField()

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        only = list(agencies[:2])
        if len(only) == 1:
            self.fields["agency"].initial = only[0].pk
            self.fields["agency"].widget = forms.HiddenInput()
        self.fields["program"].queryset = Program.objects.filter(agency__in=agencies)
        self.fields["framework_version"].queryset = (
            FrameworkVersion.objects.filter(
                framework__subject=FrameworkSubject.ORGANIZATION,
                status=VersionStatus.PUBLISHED,
            )
            .select_related("framework")
            .order_by("framework__name", "-label")
        )
        self.fields["groups"].initial = RespondentGroup.values

    def clean(self):
        cleaned = super().clean()
        program, agency = cleaned.get("program"), cleaned.get("agency")
        if program and agency and program.agency_id != agency.pk:
            self.add_error("program", _("This program belongs to another agency."))
        return cleaned


class InviteForm(limits.LimitsFormMixin, forms.Form):
    groups = GroupsField(label=_("Invite everyone not yet invited in"))


class ResponseForm(limits.LimitsFormMixin, forms.Form):
    """One choice on the instrument's scale and one free-text answer per item."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        choices = [(level.pk, level.label) for level in levels]
        for item in items:
            self.fields[f"level_{item.pk}"] = forms.TypedChoiceField(
                label=item.statement,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,
            )
            self.fields[f"comment_{item.pk}"] = limits.text_field(
                limits.COMMENT,
                _("Your comments on item %(number)s (optional)") % {"number": item.number},
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.apply_limits()

    def rows(self):
        for item in self.items:
            yield item, self[f"level_{item.pk}"], self[f"comment_{item.pk}"]

    def answers(self):
        return {
            item.pk: (
                self.cleaned_data.get(f"level_{item.pk}"),
                self.cleaned_data.get(f"comment_{item.pk}", "").strip(),
            )
            for item in self.items
        }

    def check_complete(self):
        """For submitting: every item needs an answer on the scale."""
        for item in self.items:
            if self.cleaned_data.get(f"level_{item.pk}") in (None, ""):
                self.add_error(
                    f"level_{item.pk}",
                    _("Choose an answer for this item before you submit."),
                )
        return self.is_valid()


class WorksheetForm(limits.LimitsFormMixin, forms.Form):
    """The root-cause worksheet: one row per area, each with an owner, a due date, a status."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    current_situation = limits.text_field(
        limits.COMMENT,
        _("Current situation"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    ROW_FIELDS = [
        ("causes", _("Causes")),
        ("why", _("Why")),
        ("details", _("Details")),
        ("proposed_action", _("Proposed action/intervention")),
    ]

    def __init__(self, *args, areas, agency, column_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        labels = dict(self.ROW_FIELDS)
        if column_labels and len(column_labels) == len(self.ROW_FIELDS):
            labels = {
                name: label
                for (name, _x), label in zip(self.ROW_FIELDS, column_labels, strict=True)
            }
        owners = StaffMember.objects.filter(agency=agency, status=StaffStatus.ACTIVE)
        for index, area in enumerate(areas):
            for name, _default in self.ROW_FIELDS:
                self.fields[f"{index}-{name}"] = limits.text_field(
                    limits.COMMENT, f"{area}: {labels[name]}", rows=2
                )
            self.fields[f"{index}-owner"] = forms.ModelChoiceField(
                queryset=owners,
                label=_("%(area)s: owner") % {"area": area},
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"{index}-due_on"] = limits.date_field(
                limits.ACTION_DUE,
                _("%(area)s: due date") % {"area": area},
                required=False,
                widget=limits.DateInput(attrs={"class": "form-control"}),
            )
            self.fields[f"{index}-status"] = forms.ChoiceField(
                label=_("%(area)s: status") % {"area": area},
                choices=ActionStatus.choices,
                initial=ActionStatus.PLANNED,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.column_labels = [labels[name] for name, _x in self.ROW_FIELDS]
        self.apply_limits()

    def row_fields(self):
        for index, area in enumerate(self.areas):
            yield (
                area,
                [self[f"{index}-{name}"] for name, _x in self.ROW_FIELDS],
                self[f"{index}-owner"],
                self[f"{index}-due_on"],
                self[f"{index}-status"],
            )

    def clean(self):
        cleaned = super().clean()
        for index, area in enumerate(self.areas):
            has_action = (cleaned.get(f"{index}-proposed_action") or "").strip()
            assigned = cleaned.get(f"{index}-owner") or cleaned.get(f"{index}-due_on")
            if assigned and not has_action:
                self.add_error(
                    f"{index}-proposed_action",
                    _("%(area)s: say what the action is before giving it an owner or a date.")
                    % {"area": area},
                )
        return cleaned

    def rows(self):
        rows = []
        for index, area in enumerate(self.areas):
            row = {"area": area}
            for name, _x in self.ROW_FIELDS:
                row[name] = (self.cleaned_data.get(f"{index}-{name}") or "").strip()
            row["owner"] = self.cleaned_data.get(f"{index}-owner")
            row["due_on"] = self.cleaned_data.get(f"{index}-due_on")
            row["status"] = self.cleaned_data.get(f"{index}-status") or ActionStatus.PLANNED
            rows.append(row)
        return rows

    @classmethod
    def initial_for(cls, worksheet, areas):
        initial = {"revision": 0}
        if worksheet is None:
            return initial
        initial["revision"] = worksheet.revision
        initial["current_situation"] = worksheet.current_situation
        by_area = {action.area: action for action in worksheet.actions.all()}
        for index, area in enumerate(areas):
            action = by_area.get(area)
            if action is None:
                continue
            for name, _x in cls.ROW_FIELDS:
                initial[f"{index}-{name}"] = getattr(action, name)
            initial[f"{index}-owner"] = action.owner_id
            initial[f"{index}-due_on"] = action.due_on
            initial[f"{index}-status"] = action.status
        return initial
