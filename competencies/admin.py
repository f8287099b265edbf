"""Editing frameworks in the Django admin.

A version that is published and in use is read-only here (and everywhere): admins make a new
draft version from it, edit and publish that. Categories are edited inline on the version;
each category's competencies are edited inline on the category's own page.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from competencies import documents, services
from competencies.forms import FixtureUploadForm
from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
    ReferenceEntry,
    ReferenceList,
)
from peerwork.translations_admin import TranslationLinkMixin
from peerwork.versioning_admin import (
    DocumentPartAdminMixin,
    RevisionCheckedForm,
    VersionedDocumentAdminMixin,
)

# Rows are moved out of the way of the (version, order) constraint while being renumbered.
ORDER_BUMP = 1_000_000


class TextListField(forms.CharField):
    """A list of texts edited in a textarea: one per line, or one per paragraph when the texts
    themselves may span lines (prompts with sub-items)."""

    def __init__(self, *, paragraphs=False, **kwargs):
        self.paragraphs = paragraphs
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "cols": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ("\n\n" if self.paragraphs else "\n").join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value).replace("\r\n", "\n")
        parts = re.split(r"\n\s*\n" if self.paragraphs else r"\n", text)
        return [part.strip() for part in parts if part.strip()]


class AtLeastOneMixin:
    """Inlines that need at least one row (`validate_min` is not an inline option)."""

    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


class OrderedInlineForm(forms.ModelForm):
    """Order is edited as a plain number; rows are renumbered 1..n on save (see
    `save_ordered_formset`), so swapping two positions never trips the unique order."""

    position = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["position"].initial = self.instance.order


def _duplicates(values):
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


class CompetencyInlineForm(OrderedInlineForm):
    prompts = TextListField(
        label=_("prompts"),
        paragraphs=True,
        help_text=_("Questions shown while rating; separate them with a blank line."),
    )


class CategoryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]
        numerals = [f.cleaned_data.get("numeral", "").strip() for f in kept]
        repeated = _duplicates(n for n in numerals if n)
        if repeated:
            raise ValidationError(
                _("Each category needs its own numeral; used more than once: %(numerals)s.")
                % {"numerals": ", ".join(repeated)}
            )
        super().clean()


class CompetencyFormSet(forms.BaseInlineFormSet):
    def clean(self):
        # Checked before the model's own unique check, whose message names no number.
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)]
        repeated = _duplicates(f.cleaned_data.get("number", "").strip() for f in kept)
        if repeated:
            raise ValidationError(
                _(
                    "Each competency in a category needs its own number; used more than once: "
                    "%(numbers)s."
                )
                % {"numbers": ", ".join(repeated)}
            )
        super().clean()


def save_ordered_formset(formset, parent_rows):
    """Save an inline formset of ordered rows and renumber them 1..n by the edited order."""
    with transaction.atomic():
        parent_rows.update(order=F("order") + ORDER_BUMP)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        changed = {id(obj) for obj in instances}
        rows = []
        for index, form in enumerate(formset.forms):
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            obj = form.instance
            if obj.pk is None and id(obj) not in changed:
                continue  # an untouched empty extra row
            position = form.cleaned_data.get("position")
            # Without an edited order a row keeps its place; a new row goes last.
            fallback = obj.order if obj.pk else ORDER_BUMP
            rows.append((position if position is not None else fallback, index, obj))
        # Unchanged rows kept their old order in memory; the database has them bumped.
        for number, (_position, _index, obj) in enumerate(sorted(rows), start=1):
            obj.order = number
            if id(obj) in changed or obj.pk is None:
                obj.save()
            else:
                obj.save(update_fields=["order"])
        formset.save_m2m()


SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class CategoryInline(
    TranslationLinkMixin, AtLeastOneMixin, DocumentPartAdminMixin, admin.TabularInline
):
    model = Category
    formfield_overrides = SMALL_TEXT
    form = OrderedInlineForm
    formset = CategoryFormSet
    fields = ["position", "numeral", "title", "description", "competency_link"]
    readonly_fields = ["competency_link"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(competency_count=Count("competencies"))

    @admin.display(description=_("competencies"))
    def competency_link(self, category):
        if not category.pk:
            return _("Save first, then edit its competencies.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:competencies_category_change", args=[category.pk]),
            ngettext(
                "%(count)s competency: edit",
                "%(count)s competencies: edit",
                category.competency_count,
            )
            % {"count": category.competency_count},
        )


class CompetencyInline(
    TranslationLinkMixin, AtLeastOneMixin, DocumentPartAdminMixin, admin.TabularInline
):
    model = Competency
    form = CompetencyInlineForm
    formset = CompetencyFormSet
    formfield_overrides = SMALL_TEXT
    fields = ["position", "number", "statement", "prompts"]
    extra = 0


class CategoryForm(RevisionCheckedForm):
    class Meta:
        model = Category
        fields = ["numeral", "title", "description"]


class VersionForm(RevisionCheckedForm):
    repairs = TextListField(
        label=_("transcription repairs"),
        help_text=_("What was repaired in the source text and where, one per line."),
    )
    product_text = TextListField(
        label=_("product text"),
        required=False,
        help_text=_("Which texts PeerWork wrote rather than transcribed, one per line."),
    )

    class Meta:
        model = FrameworkVersion
        fields = [
            "framework", "label", "source", "introduction", "instructions", "definitions",
            "self_assessment_instructions", "rating_scale", "repairs", "product_text",
        ]  # fmt: skip

    def clean_rating_scale(self):
        scale = self.cleaned_data["rating_scale"]
        if scale is not None and not scale.levels.exists():
            raise ValidationError(
                _("The rating scale “%(scale)s” has no levels yet; add its levels first.")
                % {"scale": scale}
            )
        return scale


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(TranslationLinkMixin, VersionedDocumentAdminMixin, admin.ModelAdmin):
    form = VersionForm
    list_display = ["framework", "label", "status", "in_use", "published_at"]
    list_filter = ["status", "framework"]
    list_select_related = ["framework"]
    search_fields = ["framework__name", "label"]
    inlines = [CategoryInline]
    change_list_template = "competencies/admin/frameworkversion_change_list.html"
    locked_message = _(
        "This version is published and in use by evaluations or assessments, so it can no "
        "longer change: what people were rated on stays exactly as it was. To change it, make "
        "a new draft version from it (the button above), edit that draft, then publish it."
    )
    draft_in_use_message = _("Evaluations or assessments use this draft.")

    def save_formset(self, request, form, formset, change):
        if formset.model is Category:
            save_ordered_formset(formset, Category.objects.filter(version=form.instance))
        else:
            super().save_formset(request, form, formset, change)

    def get_urls(self):
        custom = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="competencies_frameworkversion_upload",
            ),
        ]
        return custom + super().get_urls()

    # --- upload ---

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        problems = []
        result = None
        if request.method == "POST":
            form = FixtureUploadForm(request.POST, request.FILES)
            if form.is_valid():
                problems, result = _load_upload(form.cleaned_data["file"])
                if result is not None:
                    self.message_user(
                        request,
                        _("Loaded %(file)s: %(result)s.")
                        % {"file": form.cleaned_data["file"].name, "result": result},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:competencies_frameworkversion_changelist")
                    )
        else:
            form = FixtureUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload a framework or reference file"),
            "form": form,
            "problems": problems,
            "max_mb": documents.MAX_UPLOAD_BYTES // (1024 * 1024),
        }
        return TemplateResponse(
            request,
            "competencies/admin/upload.html",
            context,
            status=400 if problems or form.errors else 200,
        )


def _load_upload(upload):
    """(problems, None) or ([], LoadResult). Nothing is written when there are problems."""
    raw = upload.read(documents.MAX_UPLOAD_BYTES + 1)
    if len(raw) > documents.MAX_UPLOAD_BYTES:
        return [_("The file is larger than the limit.")], None
    try:
        data = documents.parse_json(raw)
    except documents.DocumentError as exc:
        return exc.problems, None
    try:
        return [], services.load_document(data)
    except documents.DocumentError as exc:
        return exc.problems, None
    except services.LoadRefused as exc:
        return [str(exc)], None


@admin.register(Category)
class CategoryAdmin(TranslationLinkMixin, DocumentPartAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "version", "order"]
    list_filter = ["version__framework"]
    list_select_related = ["version__framework"]
    form = CategoryForm
    fields = ["version", "numeral", "title", "description", "order", "seen_revision"]
    inlines = [CompetencyInline]
    search_fields = ["title", "competencies__statement"]

    def has_add_permission(self, request, obj=None):
        # Categories are added on their version's page.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "version", "order"]

    def save_formset(self, request, form, formset, change):
        if formset.model is Competency:
            save_ordered_formset(formset, Competency.objects.filter(category=form.instance))
        else:
            super().save_formset(request, form, formset, change)


class RatingLevelInline(TranslationLinkMixin, AtLeastOneMixin, admin.TabularInline):
    model = RatingLevel
    fields = [
        "order", "code", "label", "definition", "counts_as_score", "score",
        "requires_comment", "rarely_used",
    ]  # fmt: skip
    extra = 0

    def _locked(self, scale):
        return scale is not None and bool(services.locked_versions_using_scale(scale))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


@admin.register(RatingScale)
class RatingScaleAdmin(TranslationLinkMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [RatingLevelInline]

    def has_change_permission(self, request, obj=None):
        locked = obj is not None and bool(services.locked_versions_using_scale(obj))
        return super().has_change_permission(request, obj) and not locked


@admin.register(Framework)
class FrameworkAdmin(TranslationLinkMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "publisher", "subject"]
    list_filter = ["subject"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ReferenceEntryInline(TranslationLinkMixin, admin.TabularInline):
    model = ReferenceEntry
    fields = ["order", "kind", "term", "detail", "alternatives"]
    extra = 0


@admin.register(ReferenceList)
class ReferenceListAdmin(TranslationLinkMixin, admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title"]
    inlines = [ReferenceEntryInline]
