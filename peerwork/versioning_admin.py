"""The one admin for versioned documents (see `peerwork.versioning`).

- `VersionedDocumentAdminMixin` (before `admin.ModelAdmin`) for the document itself: read-only
  while it is locked (published and in use), not deletable while in use, status changed only by
  the actions (publish, which retires the published version of the same document and checks
  `publish_problems()`; retire; make a new draft), a "new draft" button on the change page,
  and the revision guard on its form.
- `DocumentPartAdminMixin` for the inlines and admins of the rows a document is made of: they
  change only while the document may, and saving one bumps the document's revision.
- `RevisionCheckedForm`: the base of both pages' forms; refuses to save over changes someone
  else saved since the page was opened.

An app sets `locked_message` (who uses the version, what to do instead) and may set
`new_draft_label` and `draft_in_use_message`.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peerwork.versioning import VersionedDocument, document_of


def _document_key(instance):
    """(document model, pk) of the document `instance` is or belongs to, without a query."""
    if isinstance(instance, VersionedDocument):
        return type(instance), instance.pk
    for field in instance._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, VersionedDocument):
            return field.related_model, getattr(instance, field.attname)
    return None, None


class RevisionCheckedForm(forms.ModelForm):
    """Refuses to save over changes someone else saved since this form was opened.

    The document's revision is read with a row lock inside the admin's transaction, so two
    saves of one document are serialized and the second sees the first's bump.
    """

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model, pk = _document_key(self.instance)
        if pk is not None:
            self.fields["seen_revision"].initial = (
                model._default_manager.filter(pk=pk).values_list("revision", flat=True).first()
            )

    def clean(self):
        cleaned = super().clean()
        model, pk = _document_key(self.instance)
        if pk is None:
            return cleaned
        current = (
            model._default_manager.select_for_update()
            .filter(pk=pk)
            .values_list("revision", flat=True)
            .first()
        )
        if cleaned.get("seen_revision") != current:
            raise ValidationError(
                _(
                    "Someone else saved this version since you opened this page. Nothing was "
                    "saved: open the page again to see their changes, then make yours."
                ),
                code="stale",
            )
        return cleaned


class DocumentPartAdminMixin:
    """Inlines and admins of a document's rows: read-only while the document is locked."""

    def _locked(self, obj):
        document = document_of(obj)
        return document is not None and document.is_locked()

    def has_add_permission(self, request, *obj):
        # Inlines are asked about their page's object; model admins about nothing.
        return super().has_add_permission(request, *obj) and not self._locked(*obj or [None])

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document = document_of(form.instance)
        if document is not None:
            document.bump_revision()


class VersionedDocumentAdminMixin:
    form = RevisionCheckedForm
    change_form_template = "admin/versioned_document_change_form.html"
    actions = ["publish", "retire", "new_draft_version"]
    locked_message = _(
        "This version is published and in use, so it can no longer change. To change it, make "
        "a new draft version from it (the button above), edit that draft, then publish it."
    )
    draft_in_use_message = None
    new_draft_label = _("New draft version from this one")

    @admin.display(boolean=True, description=_("in use"))
    def in_use(self, document):
        return document.is_in_use()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_in_use())

    def get_readonly_fields(self, request, obj=None):
        # The status moves only through the actions, which keep one version published.
        return [*super().get_readonly_fields(request, obj), "status", "published_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.bump_revision()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        document = self.get_object(request, object_id)
        if document is not None:
            opts = self.opts
            extra_context.update(
                document_locked=document.is_locked(),
                document_in_use=document.is_in_use(),
                locked_message=self.locked_message,
                draft_in_use_message=self.draft_in_use_message,
                new_draft_label=self.new_draft_label,
                new_draft_url=reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_new_draft", args=[document.pk]
                ),
                may_make_draft=self.has_add_permission(request),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<int:document_id>/new-draft/",
                self.admin_site.admin_view(self.new_draft_view),
                name=f"{opts.app_label}_{opts.model_name}_new_draft",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, document):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[document.pk])

    def _made_draft(self, request, draft, source):
        self.message_user(
            request,
            _("Made %(draft)s from %(version)s; edit it, then publish it.")
            % {"draft": draft, "version": source},
            messages.SUCCESS,
        )

    def new_draft_view(self, request, document_id):
        document = self.get_object(request, str(document_id))
        if document is None or not self.has_add_permission(request):
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(document_id))
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(document))
        draft = document.make_new_draft()
        self._made_draft(request, draft, document)
        return HttpResponseRedirect(self._change_url(draft))

    # --- actions ---

    @admin.action(description=_("Publish the selected drafts (the version they replace retires)"))
    def publish(self, request, queryset):
        published = 0
        for document in queryset:
            if not document.is_draft:
                continue
            problems = document.publish_problems()
            if problems:
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
                continue
            published += document.publish()
        self.message_user(
            request,
            ngettext("%(n)s version published.", "%(n)s versions published.", published)
            % {"n": published},
            messages.SUCCESS if published else messages.WARNING,
        )

    @admin.action(description=_("Retire the selected versions (kept for the records made on them)"))
    def retire(self, request, queryset):
        retired = sum(document.retire() for document in queryset)
        self.message_user(
            request,
            ngettext("%(n)s version retired.", "%(n)s versions retired.", retired) % {"n": retired},
        )

    @admin.action(description=_("Make a new draft version from each selected version"))
    def new_draft_version(self, request, queryset):
        for document in queryset:
            self._made_draft(request, document.make_new_draft(), document)
