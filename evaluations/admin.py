from django.contrib import admin

from evaluations.models import (
    CategoryComment,
    DevelopmentGoal,
    Evaluation,
    EvaluationCycle,
    EvaluationEvent,
    Rating,
)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


class CategoryCommentInline(admin.TabularInline):
    model = CategoryComment
    extra = 0


class DevelopmentGoalInline(admin.TabularInline):
    model = DevelopmentGoal
    extra = 0


class EvaluationEventInline(admin.TabularInline):
    model = EvaluationEvent
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "kind",
        "author",
        "framework_version",
        "cycle",
        "status",
        "due_date",
        "updated_at",
    ]
    list_filter = ["status", "kind", "cycle", "framework_version"]
    list_select_related = ["subject", "author", "framework_version__framework", "cycle"]
    search_fields = ["subject__full_name", "author__username"]
    raw_id_fields = ["subject", "author", "cycle", "updated_by"]
    inlines = [RatingInline, CategoryCommentInline, DevelopmentGoalInline, EvaluationEventInline]


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "framework_version", "period_end", "due_date", "launched_at"]
    list_filter = ["agency", "framework_version"]
    list_select_related = ["agency", "framework_version__framework"]
    search_fields = ["name"]
    filter_horizontal = ["programs", "staff"]
