from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.models import EmploymentType, PeerRole, StaffStatus


class StaffFilterForm(forms.Form):
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
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + StaffStatus.choices,
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
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
        for name in ("peer_role", "employment_type", "status"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        return queryset
