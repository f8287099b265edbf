from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from credentials.models import CECategory, CERequirement, CourseCECategory, CredentialType
from peerwork.versioning_admin import DocumentPartAdminMixin, VersionedDocumentAdminMixin


class CERequirementInline(DocumentPartAdminMixin, admin.TabularInline):
    model = CERequirement
    extra = 0
    fields = ["order", "category", "label", "min_hours", "source"]


@admin.register(CredentialType)
class CredentialTypeAdmin(VersionedDocumentAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "version",
        "status",
        "renewal_period_months",
        "total_ce_hours",
        "in_use",
    ]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    inlines = [CERequirementInline]
    locked_message = _(
        "People's credentials use this version, so its rules can no longer change. Make a new "
        "draft version from it (the button above), edit that draft, then publish it: renewals "
        "from then on follow it, and earlier periods keep the rules they were measured against."
    )


@admin.register(CECategory)
class CECategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(CourseCECategory)
class CourseCECategoryAdmin(admin.ModelAdmin):
    list_display = ["course_code", "category", "product_default"]
    list_filter = ["category", "product_default"]
    search_fields = ["course_code"]
