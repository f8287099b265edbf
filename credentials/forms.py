import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from credentials.models import CECategory, Credential, CredentialType
from peerwork import limits, uploads
from peerwork.limits import LimitsFormMixin
from peerwork.versioning import VersionStatus

FILE_HELP = _("A PDF or a picture (PNG, JPEG or WebP) of at most 10 MB.")


class CertificateMixin:
    """A certificate upload checked from its bytes; the detected type is kept for serving."""

    certificate_type = ""

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            self.certificate_type = uploads.check_document(upload)
        return upload


def certificate_field(required=False):
    return forms.FileField(
        label=_("Certificate"),
        required=required,
        help_text=FILE_HELP,
        error_messages={
            "empty": _("The file is empty. Choose the PDF or picture of the certificate.")
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/png,image/jpeg,image/webp"}),
    )


class CredentialForm(LimitsFormMixin, CertificateMixin, forms.Form):
    credential_type = forms.ModelChoiceField(
        label=_("Credential type"),
        queryset=CredentialType.objects.filter(status=VersionStatus.PUBLISHED).order_by("name"),
    )
    number = forms.CharField(label=_("Credential number"), max_length=60)
    state = forms.CharField(
        label=_("State"),
        max_length=2,
        required=False,
        help_text=_("Two letters, for example CA. Blank: the credential's own state."),
    )
    category = forms.ChoiceField(
        label=_("Certification category"),
        required=False,
        help_text=_("Only for credentials issued for a population served (California)."),
    )
    specializations = forms.MultipleChoiceField(
        label=_("Specializations"), required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = limits.date_field(limits.EXPIRY, _("Issued on"))
    initial = forms.BooleanField(
        label=_("This is an initial certificate"),
        required=False,
        help_text=_("Only for credentials that start with a short initial certificate."),
    )
    ends_on = limits.date_field(
        limits.EXPIRY,
        _("Expires on"),
        required=False,
        help_text=_("As printed on the certificate. Blank: computed from the credential's rules."),
    )
    certificate = certificate_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = list(self.fields["credential_type"].queryset)
        choices = {}
        for credential_type in types:
            for name in credential_type.specializations:
                choices.setdefault(name, name)
        self.fields["specializations"].choices = list(choices.items())
        categories = {c: c for t in types for c in t.categories}
        self.fields["category"].choices = [("", "—")] + list(categories.items())

    def clean_state(self):
        return self.cleaned_data["state"].strip().upper()

    def clean(self):
        data = super().clean()
        credential_type = data.get("credential_type")
        if credential_type is None:
            return data
        if not data.get("state"):
            data["state"] = credential_type.state
        if credential_type.state and data["state"] != credential_type.state:
            self.add_error(
                "state",
                _("%(type)s is issued in %(state)s.")
                % {"type": credential_type.name, "state": credential_type.state},
            )
        category = (data.get("category") or "").strip()
        if category and category not in credential_type.categories:
            allowed = "; ".join(credential_type.categories) or _("none")
            self.add_error(
                "category",
                _("Not a category of %(type)s (its categories: %(allowed)s).")
                % {"type": credential_type.name, "allowed": allowed},
            )
        data["category"] = category
        unknown = set(data.get("specializations") or []) - set(credential_type.specializations)
        if unknown:
            self.add_error(
                "specializations",
                _("%(type)s has no specialization %(names)s.")
                % {"type": credential_type.name, "names": ", ".join(sorted(unknown))},
            )
        if data.get("initial") and not credential_type.has_initial_certificate:
            self.add_error("initial", _("This credential has no initial certificate."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The expiry date is before the issue date."))
        return data


class CredentialEditForm(LimitsFormMixin, forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Credential
        fields = ["number", "state", "category", "specializations"]

    specializations = forms.MultipleChoiceField(
        label=_("Specializations"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        credential_type = self.instance.credential_type
        self.fields["specializations"].choices = [(s, s) for s in credential_type.specializations]
        if credential_type.categories:
            self.fields["category"] = forms.ChoiceField(
                label=_("Certification category"),
                required=False,
                choices=[("", "—")] + [(c, c) for c in credential_type.categories],
            )
        else:
            del self.fields["category"]
        self.fields["revision"].initial = self.instance.revision

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        expected = self.instance.credential_type.state
        if expected and state != expected:
            raise ValidationError(
                _("%(type)s is issued in %(state)s."),
                params={"type": self.instance.credential_type.name, "state": expected},
            )
        return state


class RenewForm(LimitsFormMixin, CertificateMixin, forms.Form):
    period = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = limits.date_field(limits.EXPIRY, _("New period starts on"))
    ends_on = limits.date_field(
        limits.EXPIRY,
        _("New expiry date"),
        required=False,
        help_text=_("As printed on the certificate. Blank: computed from the credential's rules."),
    )
    certificate = certificate_field()

    def __init__(self, *args, current_period, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_period = current_period
        self.fields["period"].initial = current_period.pk
        self.fields["starts_on"].initial = current_period.ends_on + datetime.timedelta(days=1)

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on <= self.current_period.starts_on:
            raise ValidationError(
                _("The new period must start after the current one started (%(day)s)."),
                params={"day": self.current_period.starts_on.isoformat()},
            )
        return starts_on

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The expiry date is before the start date."))
        return data


class CEEntryForm(LimitsFormMixin, CertificateMixin, forms.Form):
    title = forms.CharField(label=_("Course or activity"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    completed_on = limits.date_field(limits.HELD, _("Date completed"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("200"),
        max_digits=5,
        decimal_places=2,
        help_text=_("In hours, quarter hours allowed (for example 1.5)."),
    )
    category = forms.ModelChoiceField(label=_("CE category"), queryset=CECategory.objects.all())
    certificate = certificate_field()


class DashboardFilterForm(LimitsFormMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), required=False, queryset=None)
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All credentials")),
            ("30", _("Expiring within 30 days")),
            ("60", _("Expiring within 60 days")),
            ("90", _("Expiring within 90 days")),
            ("expired", _("Expired")),
            ("short", _("Short of hours for the days left")),
        ],
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
