from django.contrib import admin

from peerwork.translations_admin import TranslationLinkMixin
from supervision.models import Duty, SupervisionSettings, Topic


@admin.register(Topic)
class TopicAdmin(TranslationLinkMixin, admin.ModelAdmin):
    list_display = ["label", "order", "active", "source"]
    list_editable = ["order", "active"]
    readonly_fields = ["source"]
    search_fields = ["label", "code"]


@admin.register(Duty)
class DutyAdmin(TranslationLinkMixin, admin.ModelAdmin):
    list_display = ["label", "scope", "order", "active", "source"]
    list_editable = ["order", "active"]
    list_filter = ["scope", "source", "active"]
    readonly_fields = ["source"]
    search_fields = ["label", "code"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "label",
                    "code",
                    "scope",
                    "order",
                    "active",
                    "source",
                    "translation_link",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # A duty's scope is what sessions were counted by: it is fixed once made.
        fixed = ["scope"] if obj else []
        return [*super().get_readonly_fields(request, obj), *fixed]


@admin.register(SupervisionSettings)
class SupervisionSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "default_cadence_days"]
