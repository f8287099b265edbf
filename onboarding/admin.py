from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onboarding.models import (
    CheckinQuestion,
    ChecklistItem,
    ChecklistItemDetail,
    ChecklistTemplate,
)
from peerwork.translations_admin import TranslationLinkMixin
from peerwork.versioning_admin import (
    DocumentPartAdminMixin,
    RevisionCheckedForm,
    VersionedDocumentAdminMixin,
)


class ChecklistItemInline(TranslationLinkMixin, DocumentPartAdminMixin, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = [
        "order",
        "phase",
        "text",
        "due_offset_days",
        "responsible_role",
        "applies_to_volunteers",
        "detail_count",
    ]
    readonly_fields = ["detail_count"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("details")

    @admin.display(description=_("detail lines"))
    def detail_count(self, obj):
        return len(obj.details.all()) if obj.pk else 0


class CheckinQuestionInline(TranslationLinkMixin, DocumentPartAdminMixin, admin.TabularInline):
    model = CheckinQuestion
    extra = 0
    fields = ["audience", "order", "text"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(TranslationLinkMixin, VersionedDocumentAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "version", "status", "in_use"]
    list_filter = ["status", "slug"]
    search_fields = ["name", "slug"]
    fields = [
        "name", "slug", "version", "status", "published_at", "source", "introduction", "repairs",
    ]  # fmt: skip
    inlines = [ChecklistItemInline, CheckinQuestionInline]
    locked_message = _(
        "Onboarding plans use this version, so it cannot change. Use “Make a new version” "
        "(above) to edit a copy, then publish it."
    )
    new_draft_label = _("Make a new version")


class ChecklistItemDetailInline(TranslationLinkMixin, DocumentPartAdminMixin, admin.TabularInline):
    model = ChecklistItemDetail
    extra = 0
    fields = ["order", "text"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(TranslationLinkMixin, DocumentPartAdminMixin, admin.ModelAdmin):
    form = RevisionCheckedForm
    list_display = ["text", "template", "phase", "order", "due_offset_days", "responsible_role"]
    list_filter = ["template", "phase", "responsible_role", "applies_to_volunteers"]
    list_select_related = ["template"]
    search_fields = ["text"]
    inlines = [ChecklistItemDetailInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "template" in form.base_fields:
            form.base_fields["template"].queryset = ChecklistTemplate.objects.filter(
                plans__isnull=True
            ).distinct()
        return form
