from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onboarding.models import (
    CheckinQuestion,
    ChecklistItem,
    ChecklistItemDetail,
    ChecklistTemplate,
    ReminderSent,
    TemplateStatus,
)


def _locked(obj):
    template = obj if isinstance(obj, ChecklistTemplate) else getattr(obj, "template", None)
    return template is not None and template.is_locked()


class LockedWhenInUseMixin:
    """A version any plan uses is view-only here; the "make a new version" action copies it."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and _locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _locked(obj):
            return False
        return super().has_delete_permission(request, obj)


class ChecklistItemInline(admin.TabularInline):
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

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _locked(obj))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class CheckinQuestionInline(admin.TabularInline):
    model = CheckinQuestion
    extra = 0
    fields = ["audience", "order", "text"]

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _locked(obj))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(LockedWhenInUseMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "version", "status", "in_use"]
    list_filter = ["status", "slug"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "version", "status", "source", "introduction", "repairs"]
    inlines = [ChecklistItemInline, CheckinQuestionInline]
    actions = ["make_new_version", "publish"]

    @admin.display(description=_("in use by plans"), boolean=True)
    def in_use(self, obj):
        return obj.is_in_use()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_locked() and request.method == "POST":
            if "_new_version" in request.POST:
                copy = obj.make_new_version()
                self.message_user(
                    request,
                    _("Version %(version)s is a new draft copy: edit it there.")
                    % {"version": copy.version},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse("admin:onboarding_checklisttemplate_change", args=[copy.pk])
                )
        extra_context = extra_context or {}
        if obj is not None and obj.is_locked():
            extra_context["show_new_version"] = True
        return super().change_view(request, object_id, form_url, extra_context)

    change_form_template = "onboarding/admin/template_change_form.html"

    @admin.action(description=_("Make a new (draft) version of the selected templates"))
    def make_new_version(self, request, queryset):
        for template in queryset:
            copy = template.make_new_version()
            self.message_user(
                request,
                _("%(template)s: made draft version %(version)s.")
                % {"template": template.name, "version": copy.version},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected versions (older versions retire)"))
    def publish(self, request, queryset):
        for template in queryset.exclude(status=TemplateStatus.PUBLISHED):
            template.publish()
            self.message_user(request, _("Published %(t)s.") % {"t": template}, messages.SUCCESS)


class ChecklistItemDetailInline(admin.TabularInline):
    model = ChecklistItemDetail
    extra = 0
    fields = ["order", "text"]

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _locked(obj))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ChecklistItem)
class ChecklistItemAdmin(LockedWhenInUseMixin, admin.ModelAdmin):
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


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["task", "date", "recipient", "sent_at"]
    list_select_related = ["task"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
