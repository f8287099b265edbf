"""The admin sees who was invited, and of responses only that they exist.

A response's group and answers are not shown here: an admin who can also see the invitations
would recognise a lone respondent in a small group. Results are read on the results page,
where small groups are withheld.
"""

from django.contrib import admin

from assessments.models import AssessmentRound, Invitation, Response


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "program", "framework_version", "status", "closes_on"]
    list_filter = ["status", "agency"]
    list_select_related = ["agency", "program", "framework_version__framework"]
    search_fields = ["title"]
    readonly_fields = ["opened_by", "opened_at", "closed_on", "status"]
    raw_id_fields = ["framework_version"]

    actions = None  # no bulk delete: it would skip the check below

    def has_delete_permission(self, request, obj=None):
        # Deleting a closed round would delete its responses with it.
        if obj is not None and not obj.is_open:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["staff", "round", "group", "submitted"]
    list_filter = ["round", "group", "submitted"]
    list_select_related = ["staff", "round"]
    fields = ["round", "staff", "group", "submitted"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A closed round's answers are its record: nobody removes one of them afterwards.
        # Drafts of an open round go when it closes; deleting a whole round is done on it.
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round"]
    list_filter = ["round"]
    list_select_related = ["round"]
    fields = ["round"]
    readonly_fields = ["round"]
    # Sorting by the random id keeps the list in no order anybody answered in.
    ordering = ["id"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A closed round's answers are its record: nobody removes one of them afterwards.
        # Drafts of an open round go when it closes; deleting a whole round is done on it.
        return False
