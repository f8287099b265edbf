from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from peerwork import i18n, services
from peerwork.models import (
    Agency,
    Population,
    Program,
    ReminderSent,
    ReportingLine,
    RoleAssignment,
    StaffMember,
    User,
)
from peerwork.translations import TranslationCorrection


def notify_password_set(user, by):
    email = user.email or getattr(user.staff_record, "email", "")
    if not email:
        return
    with i18n.speaking_to(user):
        send_mail(
            _("Your PeerWork password was changed"),
            render_to_string("peerwork/email/password_set_by_admin.txt", {"user": user, "by": by}),
            None,
            [email],
        )


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    verbose_name_plural = _("Roles (what this person may do in PeerWork)")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "agency",
        "roles_list",
        "is_active",
    ]
    list_filter = ["role_assignments__role", "agency", "is_active"]
    list_select_related = ["agency"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Agency"), {"fields": ("agency", "language", "reminder_frequency")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    def user_change_password(self, request, id, form_url=""):
        """Django records the change in the admin's history (a LogEntry, "Changed password");
        the person is also told by email, so a password set behind their back is noticed."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.filter(pk=id).first()
            if user is not None:
                notify_password_set(user, by=request.user)
        return response

    @admin.display(description=_("roles"))
    def roles_list(self, obj):
        return ", ".join(a.get_role_display() for a in obj.role_assignments.all())


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    fields = ["name", "lived_experience_required", "position", "code"]

    def has_delete_permission(self, request, obj=None):
        # Programs point at these rows; the shipped four are reference data.
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "population_served"]
    list_filter = ["agency", "population_served"]
    list_select_related = ["agency"]
    search_fields = ["name"]


class ReportingLineInline(admin.TabularInline):
    """The history, read only: it changes with the record's supervisor and program."""

    model = ReportingLine
    fk_name = "staff"
    extra = 0
    can_delete = False
    fields = ["effective_from", "effective_until", "supervisor", "program", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = _("Reporting lines (from the record's supervisor and program)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "preferred_name",
        "position_title",
        "peer_role",
        "employment_type",
        "program",
        "supervisor",
        "status",
        "start_date",
    ]
    list_filter = ["agency", "program", "peer_role", "employment_type", "status"]
    list_select_related = ["program", "supervisor"]
    search_fields = ["full_name", "preferred_name", "position_title", "email"]
    autocomplete_fields = ["user", "supervisor", "program"]
    date_hierarchy = "start_date"
    inlines = [ReportingLineInline]

    def save_model(self, request, obj, form, change):
        # HR's pages keep the reporting-line history through peerwork.services; an edit here
        # must not bypass it.
        super().save_model(request, obj, form, change)
        services.follow_saved_line(obj, by=request.user)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "key", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["user"]
    search_fields = ["user__username", "key"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TranslationCorrection)
class TranslationCorrectionAdmin(admin.ModelAdmin):
    """The record of translation corrections (made on each item's correction page): read only,
    so the history cannot be rewritten."""

    list_display = ["item_text", "field", "language", "corrected_by", "corrected_at"]
    list_filter = ["language", "content_type"]
    list_select_related = ["corrected_by", "content_type"]
    search_fields = ["item_text"]
    fields = [
        "content_type", "object_id", "item_text", "field", "language", "old_value",
        "new_value", "corrected_by", "corrected_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
