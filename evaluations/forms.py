from django import forms
from django.utils.translation import gettext_lazy as _

from competencies.models import FrameworkSubject, FrameworkVersion
from evaluations.models import EvaluationCycle, EvaluationKind, EvaluationStatus
from evaluations.services import Content
from peerwork import limits, once
from peerwork.signatures import SignatureForm
from peerwork.versioning import VersionStatus

MAX_GOALS = 20


def published_individual_versions():
    return FrameworkVersion.objects.filter(
        status=VersionStatus.PUBLISHED, framework__subject=FrameworkSubject.INDIVIDUAL
    ).select_related("framework")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.framework.name} ({obj.label})"


def _text(label, rows=3, **kwargs):
    return limits.text_field(
        limits.NARRATIVE,
        label,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows, "data-language-hints": "1"}),
        **kwargs,
    )


class EvaluationForm(limits.LimitsFormMixin, forms.Form):
    """The whole evaluation on one page. No field is required for a draft: the rules for
    submitting are checked separately (services.submission_errors), from the scale's data."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    goal_slots = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_GOALS)

    def __init__(self, structure, kind, *args, goal_slots=2, period_start=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.kind = kind
        # Goals are for after the evaluation period starts (not before it).
        self.period_start = period_start
        choices = [("", "---")] + [
            (str(level.pk), level.text_in("label")) for level in structure.levels
        ]
        for category in structure.categories:
            for competency in category.competency_list:
                self.fields[f"r_{competency.pk}"] = forms.TypedChoiceField(
                    label=f"{competency.number}. {competency.text_in('statement')}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[f"c_{category.pk}"] = _text(
                _("Comments on “%(category)s”") % {"category": category.text_in("title")}
            )
        self.fields["strengths"] = _text(_("Overall strengths"), rows=4)
        self.fields["areas_for_growth"] = _text(_("Areas for growth"), rows=4)
        if kind == EvaluationKind.SUPERVISOR:
            self.fields["supervisor_summary"] = _text(_("Supervisor's summary"), rows=4)
        if self.is_bound:
            try:
                goal_slots = int(self.data.get("goal_slots", goal_slots))
            except (TypeError, ValueError):
                goal_slots = 0
        self.goal_count = max(0, min(goal_slots, MAX_GOALS))
        for index in range(self.goal_count):
            self.fields[f"goal_{index}_text"] = limits.text_field(
                limits.NARRATIVE,
                _("Development goal %(n)d") % {"n": index + 1},
                rows=2,
            )
            self.fields[f"goal_{index}_date"] = limits.date_field(
                limits.GOAL_TARGET,
                _("Target date for goal %(n)d") % {"n": index + 1},
                required=False,
                not_before=self.period_start,
            )
        self.apply_limits()

    @staticmethod
    def initial_from(evaluation, content):
        initial = {"revision": evaluation.revision, "goal_slots": max(len(content.goals) + 1, 2)}
        for competency_id, level_id in content.ratings.items():
            initial[f"r_{competency_id}"] = level_id
        for category_id, text in content.comments.items():
            initial[f"c_{category_id}"] = text
        initial["strengths"] = content.strengths
        initial["areas_for_growth"] = content.areas_for_growth
        initial["supervisor_summary"] = content.supervisor_summary
        for index, (text, target) in enumerate(content.goals):
            initial[f"goal_{index}_text"] = text
            initial[f"goal_{index}_date"] = target
        return initial

    def content(self):
        """The cleaned input as `Content` (call after is_valid())."""
        data = self.cleaned_data
        ratings = {}
        comments = {}
        for category in self.structure.categories:
            for competency in category.competency_list:
                level_id = data.get(f"r_{competency.pk}")
                if level_id is not None:
                    ratings[competency.pk] = level_id
            comments[category.pk] = data.get(f"c_{category.pk}", "")
        goals = []
        for index in range(self.goal_count):
            text = data.get(f"goal_{index}_text", "").strip()
            target = data.get(f"goal_{index}_date")
            if text or target:
                goals.append((text, target))
        return Content(
            ratings=ratings,
            comments=comments,
            strengths=data.get("strengths", ""),
            areas_for_growth=data.get("areas_for_growth", ""),
            supervisor_summary=data.get("supervisor_summary", ""),
            goals=goals,
        )

    def raw_value(self, name):
        """What the form shows for `name`: the posted value when bound, else the initial."""
        if self.is_bound:
            return self.data.get(name, "")
        value = self.initial.get(name, "")
        return "" if value is None else value


class CycleForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.ModelForm):
    framework_version = VersionChoiceField(
        label=_("Evaluation form"), queryset=FrameworkVersion.objects.none()
    )

    class Meta:
        model = EvaluationCycle
        fields = [
            "name",
            "period_start",
            "period_end",
            "due_date",
            "framework_version",
            "programs",
            "staff",
        ]
        widgets = {
            "programs": forms.CheckboxSelectMultiple,
            "staff": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "programs": _("Everyone in these programs. Leave programs and staff empty for all."),
            "staff": _("And these people (peer staff only are evaluated)."),
        }

    date_kinds = {
        "period_start": limits.CYCLE,
        "period_end": limits.CYCLE,
        "due_date": limits.CYCLE,
    }
    text_kinds = {"name": limits.NAME}

    def __init__(self, *args, agency, programs, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["framework_version"].queryset = published_individual_versions()
        self.fields["programs"].queryset = programs
        self.fields["staff"].queryset = staff.order_by("full_name")

    def clean(self):
        data = super().clean()
        start, end, due = data.get("period_start"), data.get("period_end"), data.get("due_date")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the period starts."))
        name = data.get("name")
        if name and EvaluationCycle.objects.filter(agency=self.agency, name=name).exists():
            self.add_error("name", _("Your agency already has a cycle with this name."))
        return data


class StartEvaluationForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.Form):
    subject = forms.ModelChoiceField(label=_("Person to evaluate"), queryset=None)
    framework_version = VersionChoiceField(
        label=_("Evaluation form"), queryset=FrameworkVersion.objects.none()
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = staff.order_by("full_name")
        self.fields["framework_version"].queryset = published_individual_versions()


class AcknowledgeForm(limits.LimitsFormMixin, SignatureForm):
    """The staff member's comments, signed with their name and password."""

    field_order = ["staff_comments", "sign_name", "sign_password"]
    staff_comments = limits.text_field(
        limits.NARRATIVE,
        _("Your comments (optional)"),
        widget=forms.Textarea(attrs={"rows": 4, "data-language-hints": "1"}),
    )


class ReopenForm(limits.LimitsFormMixin, forms.Form):
    reason = limits.text_field(
        limits.REASON,
        _("Reason for reopening"),
        required=True,
        rows=3,
        help_text=_("Kept in the evaluation's history, where the staff member can read it."),
    )


class ReassignForm(limits.LimitsFormMixin, forms.Form):
    prefix = "reassign"

    author = forms.ModelChoiceField(
        label=_("Move it to"),
        queryset=None,
        empty_label=None,
        help_text=_("Supervisors above the person, with a PeerWork login."),
    )
    note = forms.CharField(
        label=_("Note for the history (optional)"), max_length=2000, required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = candidates
        self.fields["author"].label_from_instance = lambda user: user.display_name()


class CancelForm(limits.LimitsFormMixin, forms.Form):
    prefix = "cancel"

    reason = limits.text_field(
        limits.REASON,
        _("Why will it not be completed?"),
        required=True,
        rows=2,
        help_text=_("Kept in the evaluation's history. The evaluation stays readable."),
        error_messages={"required": _("Give a reason for cancelling.")},
    )


class EvaluationFilterForm(limits.LimitsFormMixin, forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Cycle"), queryset=EvaluationCycle.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + list(EvaluationStatus.choices),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any kind"))] + list(EvaluationKind.choices),
        required=False,
    )

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles

    def filter(self, queryset):
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("cycle"):
            queryset = queryset.filter(cycle=data["cycle"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset
