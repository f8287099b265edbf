from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwork.translations_admin import TranslationLinkMixin
from peerwork.versioning_admin import DocumentPartAdminMixin, VersionedDocumentAdminMixin
from training.models import (
    Attendance,
    CatalogVersion,
    Course,
    CourseCompetency,
    CourseSection,
    Enrollment,
    Session,
    TrainingRequirement,
)


def _catalog_locked(obj):
    catalog = obj if isinstance(obj, CatalogVersion) else getattr(obj, "catalog", None)
    return catalog is not None and catalog.is_locked()


class CourseCompetencyInline(admin.TabularInline):
    """The SAMHSA categories a course builds. Always editable: the mapping is a suggestion
    (no record depends on it), so an agency may change it even on a catalog in use."""

    model = CourseCompetency
    extra = 1
    fields = ["numeral", "is_product_default"]
    readonly_fields = ["is_product_default"]


class SectionInline(TranslationLinkMixin, DocumentPartAdminMixin, admin.TabularInline):
    model = CourseSection
    extra = 0
    fields = ["order", "title"]


class CourseInline(TranslationLinkMixin, DocumentPartAdminMixin, admin.TabularInline):
    model = Course
    fk_name = "catalog"
    extra = 0
    fields = ["section", "order", "code", "title", "instruction_time", "hours"]
    show_change_link = True


@admin.register(CatalogVersion)
class CatalogVersionAdmin(TranslationLinkMixin, VersionedDocumentAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "version", "status", "in_use"]
    list_filter = ["status"]
    fields = [
        "title", "slug", "version", "status", "published_at", "source", "contact", "columns",
        "footnote", "competency_mapping", "repairs",
    ]  # fmt: skip
    inlines = [SectionInline, CourseInline]
    locked_message = _(
        "Training sessions use this catalog version, so it cannot change. Use “Make a new "
        "version” (above) to edit a copy, then publish it. The agency’s own courses are added "
        "under Courses."
    )
    new_draft_label = _("Make a new version")


@admin.register(Course)
class CourseAdmin(TranslationLinkMixin, admin.ModelAdmin):
    """Admins add the agency's own courses here (state-required trainings, the supervisor
    course a certification board requires); the shipped catalog's courses change only in a
    draft catalog version."""

    list_display = ["title", "code", "catalog", "agency", "instruction_time", "is_active"]
    list_filter = ["catalog", "agency", "is_active"]
    search_fields = ["title", "code"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [CourseCompetencyInline]
    fields = [
        "agency",
        "catalog",
        "section",
        "order",
        "code",
        "title",
        "instruction_time",
        "hours",
        "attendance_min",
        "attendance_max",
        "target_audience",
        "value",
        "description_heading",
        "description",
        "is_active",
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and _catalog_locked(obj) else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and _catalog_locked(obj):
            # Sessions point at this version: only the mapping (inline) and offering change.
            locked = [name for name in self.fields if name != "is_active"]
            return [*super().get_readonly_fields(request, obj), *locked]
        return super().get_readonly_fields(request, obj)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["staff", "status", "hours_credited", "recorded_by", "recorded_at"]
    readonly_fields = ["staff", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # attendance is taken on the session's page, for an enrollment


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["course", "agency", "starts_at", "capacity", "status"]
    list_filter = ["agency", "status"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["trainer", "course"]
    readonly_fields = ["created_by", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["staff", "session", "status", "waitlisted_at"]
    list_filter = ["status"]
    raw_id_fields = ["staff", "session"]
    readonly_fields = ["requested_by", "decided_by", "created_at", "updated_at"]
    inlines = [AttendanceInline]


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(admin.ModelAdmin):
    list_display = ["course", "agency", "position_title", "program", "every_months"]
    list_filter = ["agency"]
    raw_id_fields = ["course"]
