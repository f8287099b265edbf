"""Correcting the translations of shipped data in the admin (see `peerwork.translations`).

- `TranslationLinkMixin` (before the admin or inline class) adds, on every row of a translated
  item, a link to its correction page, also on versions that are published and in use (whose
  English stays read-only: the link is a read-only field, not an editable one).
- `correct_translations_view` is that page: the English text of record beside each language's
  translation, one box per translated field; saving records who changed what
  (`TranslationCorrection`, listed in the admin and on the page).
"""

import hashlib
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peerwork.translations import (
    Translated,
    TranslationCorrection,
    correct_translation,
    data_languages,
)


def correction_url(item):
    content_type = ContentType.objects.get_for_model(type(item))
    return reverse("admin:correct_translations", args=[content_type.pk, item.pk])


class TranslationLinkMixin:
    """A "correct the translation" link on each row of a translated item."""

    def get_fields(self, request, obj=None):
        # An admin without declared fields already lists its read-only ones (this one too).
        fields = list(super().get_fields(request, obj))
        return fields if "translation_link" in fields else [*fields, "translation_link"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "translation_link"]

    @admin.display(description=gettext_lazy("translations"))
    def translation_link(self, item):
        if not item or not item.pk:
            return _("Save first, then correct its translations.")
        languages = [code for code in data_languages() if (item.translations or {}).get(code)]
        return format_html(
            '<a href="{}">{}</a>',
            correction_url(item),
            _("Correct the translations (%(languages)s)")
            % {"languages": ", ".join(languages) or _("none yet")},
        )


def _digest(translations):
    return hashlib.sha256(json.dumps(translations or {}, sort_keys=True).encode()).hexdigest()


def _is_list(model, field):
    return isinstance(model._meta.get_field(field), models.JSONField)


def _as_text(value, is_list):
    if not is_list:
        return value or ""
    if value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return json.dumps(value, ensure_ascii=False, indent=1) if value else ""


def _from_text(text, is_list, english):
    """A box's text as the field's value: lines for a list of texts, JSON for a list of
    objects (the shape of the English value)."""
    text = text.strip()
    if not is_list or not text:
        return text
    if english and not all(isinstance(v, str) for v in english):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError(_("This must be a JSON list, like the English one.")) from None
        if not isinstance(value, list):
            raise ValidationError(_("This must be a JSON list, like the English one."))
        return value
    return [line.strip() for line in text.splitlines() if line.strip()]


class CorrectionForm(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, item, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.rows = []
        model = type(item)
        self.fields["seen"].initial = _digest(item.translations)
        for language in data_languages():
            current = (item.translations or {}).get(language, {})
            for field in model.translated_fields:
                is_list = _is_list(model, field)
                name = f"{language}__{field}"
                self.fields[name] = forms.CharField(
                    label=f"{model._meta.get_field(field).verbose_name} ({language})",
                    required=False,
                    initial=_as_text(current.get(field), is_list),
                    widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                    help_text=_("One per line.") if is_list else "",
                )
                self.rows.append(
                    {
                        "english": _as_text(getattr(item, field), is_list),
                        "field": name,
                    }
                )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen") != _digest(self.item.translations):
            raise ValidationError(
                _(
                    "Someone else corrected these translations since you opened this page. "
                    "Nothing was saved: open the page again to see their change, then make "
                    "yours."
                ),
                code="stale",
            )
        model = type(self.item)
        self.values = {}
        for language in data_languages():
            for field in model.translated_fields:
                name = f"{language}__{field}"
                try:
                    value = _from_text(
                        cleaned.get(name, ""), _is_list(model, field), getattr(self.item, field)
                    )
                except ValidationError as exc:
                    self.add_error(name, exc)
                    continue
                self.values.setdefault(language, {})[field] = value
        return cleaned


def correct_translations_view(request, content_type_id, object_id):
    """The correction page of one translated item (admins only: the admin site checks)."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None or not issubclass(model, Translated) or not model.translated_fields:
        raise Http404
    item = model._default_manager.filter(pk=object_id).first()
    if item is None:
        raise Http404
    if request.method == "POST":
        with transaction.atomic():
            # Read under a lock, so the "seen" check and the write see the same row.
            item = model._default_manager.select_for_update().get(pk=object_id)
            form = CorrectionForm(item, request.POST)
            if form.is_valid():
                made = []
                for language, values in form.values.items():
                    made += correct_translation(item, language, values, request.user)
                messages.success(
                    request,
                    ngettext("%(n)s correction recorded.", "%(n)s corrections recorded.", len(made))
                    % {"n": len(made)},
                )
                return HttpResponseRedirect(request.path)
    else:
        form = CorrectionForm(item)
    history = TranslationCorrection.objects.filter(
        content_type=content_type, object_id=item.pk
    ).select_related("corrected_by")
    context = {
        **admin.site.each_context(request),
        "title": _("Correct the translations of “%(item)s”") % {"item": str(item)[:120]},
        "item": item,
        "opts": model._meta,
        "form": form,
        "rows": [(row["english"], form[row["field"]]) for row in form.rows],
        "history": history,
    }
    return render(request, "admin/correct_translations.html", context)
