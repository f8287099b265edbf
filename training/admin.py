from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

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


class CourseInline(admin.TabularInline):
    model = Course
    fk_name = "catalog"
    extra = 0
    fields = ["section", "order", "code", "title", "instruction_time", "hours"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _catalog_locked(obj))

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class SectionInline(CourseInline):
    model = CourseSection
    fk_name = "catalog"
    fields = ["order", "title"]
    show_change_link = False


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "repairs", "created_at"]
    inlines = [SectionInline, CourseInline]
    actions = ["make_new_draft", "publish"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_in_use():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Make a new draft version (copies the courses)"))
    def make_new_draft(self, request, queryset):
        for catalog in queryset:
            draft = CatalogVersion.objects.create(
                slug=catalog.slug,
                title=catalog.title,
                source=catalog.source,
                contact=catalog.contact,
                columns=list(catalog.columns),
                footnote=catalog.footnote,
                competency_mapping=catalog.competency_mapping,
                repairs=list(catalog.repairs),
                **catalog.next_draft_identity(),
            )
            catalog.copy_children_to(draft)
            messages.success(request, _("Draft %(draft)s made.") % {"draft": draft})

    @admin.action(description=_("Publish (the published version of the same catalog retires)"))
    def publish(self, request, queryset):
        for catalog in queryset:
            catalog.publish()


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and _catalog_locked(obj):
            # Sessions point at this version: only the mapping (inline) and offering change.
            return [name for name in self.fields if name != "is_active"]
        return []


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
