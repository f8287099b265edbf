"""Performance evaluations: cycles, supervisor and self evaluations, ratings and sign-off.

Rules about ratings (which levels need a comment, which count as a score) come from the
scale's data (`competencies.RatingLevel`), never from tests on labels.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from competencies.models import Category, Competency, FrameworkVersion, RatingLevel
from peerwork.models import Agency, Program, StaffMember
from peerwork.services import supervisors_during


class EvaluationCycle(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="cycles"
    )
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("form"),
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
    )
    due_date = models.DateField(_("due date"))
    # Empty scope on both means everyone in the agency.
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs"), blank=True, related_name="evaluation_cycles"
    )
    staff = models.ManyToManyField(
        StaffMember, verbose_name=_("staff"), blank=True, related_name="evaluation_cycles"
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        ordering = ["-period_end", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unique_cycle_name_per_agency"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="cycle_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluations:cycle_detail", args=[self.pk])

    @property
    def is_launched(self):
        return self.launched_at is not None


class EvaluationKind(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor evaluation")
    SELF = "self", _("Self-assessment")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    # Will not be completed (the person left, for instance); kept, readable, with the reason
    # in the history.
    CANCELLED = "cancelled", _("Cancelled")


# Still to be written, submitted or acknowledged.
OPEN_STATUSES = (EvaluationStatus.DRAFT, EvaluationStatus.SUBMITTED)


class Evaluation(models.Model):
    subject = models.ForeignKey(
        StaffMember,
        verbose_name=_("person evaluated"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_evaluations",
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("form"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EvaluationKind.choices)
    cycle = models.ForeignKey(
        EvaluationCycle,
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    # Optimistic concurrency: every save bumps it; a form posts the revision it was loaded at.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # The language the form was filled in: the author's when it was first saved or submitted.
    # The form's English text stays the text of record; this says which text the author read.
    language = models.CharField(
        _("filled in"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    strengths = models.TextField(_("overall strengths"), blank=True)
    areas_for_growth = models.TextField(_("areas for growth"), blank=True)
    supervisor_summary = models.TextField(_("summary"), blank=True)
    staff_comments = models.TextField(_("staff member's comments"), blank=True)

    author_signature = models.CharField(_("signed by (typed name)"), max_length=200, blank=True)
    author_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    staff_signature = models.CharField(
        _("acknowledged by (typed name)"), max_length=200, blank=True
    )
    staff_signed_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["author", "status"], name="evaluation_author_status_idx"),
            models.Index(fields=["subject", "kind"], name="evaluation_subject_kind_idx"),
        ]
        constraints = [
            # Launching a cycle twice must never make a second evaluation.
            models.UniqueConstraint(
                fields=["cycle", "subject", "kind"],
                condition=models.Q(cycle__isnull=False),
                name="unique_evaluation_per_cycle_subject_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="evaluation_revision_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[EvaluationStatus.DRAFT, EvaluationStatus.CANCELLED])
                | (models.Q(author_signed_at__isnull=False) & ~models.Q(author_signature="")),
                name="evaluation_submitted_is_signed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=EvaluationStatus.ACKNOWLEDGED)
                | (models.Q(staff_signed_at__isnull=False) & ~models.Q(staff_signature="")),
                name="evaluation_acknowledged_is_signed",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject} ({self.framework_version.label})"

    def get_absolute_url(self):
        return reverse("evaluations:evaluation_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == EvaluationStatus.DRAFT

    @property
    def is_self(self):
        return self.kind == EvaluationKind.SELF

    @property
    def is_cancelled(self):
        return self.status == EvaluationStatus.CANCELLED

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_draft and self.due_date is not None and self.due_date < today

    @cached_property
    def supervisors_in_period(self):
        """Who supervised the person during the evaluation's period, from the reporting-line
        history: [{"supervisor", "start", "end"}], oldest first (one query). Consecutive
        lines under the same supervisor (a program change) count as one."""
        if self.period_start is None:
            return []
        lines = supervisors_during([self.subject_id], self.period_start, self.period_end)
        periods = []
        for line in lines[self.subject_id]:
            end = line.last_day
            if self.period_end and (end is None or end > self.period_end):
                end = self.period_end
            if periods and periods[-1]["supervisor"] == line.supervisor:
                periods[-1]["end"] = end
                continue
            start = max(line.effective_from, self.period_start)
            periods.append({"supervisor": line.supervisor, "start": start, "end": end})
        return periods


class Rating(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        RatingLevel, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["competency__category__order", "competency__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "competency"], name="unique_rating_per_competency"
            ),
        ]

    def __str__(self):
        return f"{self.competency.number}: {self.level.label}"


class CategoryComment(models.Model):
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="category_comments",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("category comment")
        verbose_name_plural = _("category comments")
        ordering = ["category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "category"], name="unique_comment_per_category"
            ),
        ]

    def __str__(self):
        return str(self.category)


class DevelopmentGoal(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("goal"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "order"], name="unique_goal_order"),
        ]

    def __str__(self):
        return self.text[:80]


class EventAction(models.TextChoices):
    CREATED = "created", _("Created")
    STARTED = "started", _("First saved")
    SUBMITTED = "submitted", _("Submitted and signed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged and signed")
    REOPENED = "reopened", _("Reopened")
    REASSIGNED = "reassigned", _("Reassigned")
    CANCELLED = "cancelled", _("Cancelled")


class EvaluationEvent(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=20, choices=EventAction.choices)
    when = models.DateTimeField(_("when"), default=timezone.now)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation history")
        ordering = ["when", "pk"]
        indexes = [models.Index(fields=["evaluation", "when"], name="evaluation_event_when_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.when:%Y-%m-%d %H:%M}"


# Bulk PDF exports (evaluations/exports.py) live beside the models so migrations see them.
from evaluations.exports import ExportJob, ExportStatus  # noqa: E402,F401


class CycleNudge(models.Model):
    """HR's reminder to everyone who has not started their evaluations in a cycle: at most one
    a day per cycle (the constraint decides, even for two clicks at once)."""

    cycle = models.ForeignKey(
        EvaluationCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="nudges"
    )
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("people reminded"), default=0)

    class Meta:
        verbose_name = _("cycle nudge")
        verbose_name_plural = _("cycle nudges")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "date"], name="unique_cycle_nudge_per_day"),
        ]

    def __str__(self):
        return f"{self.cycle_id} {self.date}"
