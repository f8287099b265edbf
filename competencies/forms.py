from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from competencies.documents import MAX_UPLOAD_BYTES
from peerwork import limits


class StatementSearchForm(limits.LimitsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search competency statements"),
        min_length=2,
        max_length=200,
        strip=True,
        help_text=_("Words from a statement, a category title or a prompt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("search", _("Search")))

    def clean_q(self):
        query = self.cleaned_data["q"]
        # NUL bytes make PostgreSQL refuse the query outright.
        if "\x00" in query:
            raise forms.ValidationError(_("The search contains a character that is not allowed."))
        return query


class FixtureUploadForm(limits.LimitsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fixture file (.json)"),
        help_text=_(
            "A peerwork.framework/1 or peerwork.reference/1 file, at most %(size)s MB. The "
            "whole file is checked first; if anything is wrong, nothing is saved."
        )
        % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s kB; the limit is %(limit)s kB.")
                % {"size": upload.size // 1024, "limit": MAX_UPLOAD_BYTES // 1024}
            )
        return upload
