"""Onboarding checklists: versioned templates, plans per hire, their tasks and check-ins.

A template is a versioned document (`peerwork.versioning`): a published version that any plan
uses is frozen; editing it means making a new draft version (`make_new_draft`). A plan copies
everything it needs from its template when it starts (task text, sub-items, check-in
questions), so a later template edit never changes a plan already under way.

Who may see or change a plan is decided in `peerwork/access/`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.models import Agency, EmploymentType, PeerRole, Program, StaffMember
from peerwork.translations import Translated
from peerwork.versioning import VersionedDocument


class Phase(models.TextChoices):
    PRE_SELECTION = "pre_selection", _("Pre-selection")
    POST_SELECTION = "post_selection", _("Post-selection")
    DAY_ONE = "day_one", _("Day one")
    WEEK_ONE = "week_one", _("Week one")
    FIRST_30_DAYS = "first_30_days", _("First 30 days")
    FIRST_90_DAYS = "first_90_days", _("First 90 days and beyond")


PHASE_ORDER = {value: index for index, value in enumerate(Phase.values)}


class ResponsibleRole(models.TextChoices):
    HR = "hr", _("HR")
    SUPERVISOR = "supervisor", _("Supervisor")
    HIRE = "hire", _("The new hire")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    TEAM = "team", _("The team")


class Audience(models.TextChoices):
    PEER = "peer", _("Peer staff")
    NON_PEER = "non_peer", _("Non-peer staff")


class ChecklistTemplateManager(models.Manager):
    def get_by_natural_key(self, slug, version):
        return self.get(slug=slug, version=version)


class ChecklistTemplate(VersionedDocument, Translated):
    translated_fields = ("name", "introduction")

    slug = models.SlugField(_("short name"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=300)
    source = models.TextField(_("source"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    repairs = models.JSONField(_("transcription repairs"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ChecklistTemplateManager()

    same_document_fields = ("slug",)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], name="unique_checklist_template_version"
            ),
        ]

    def __str__(self):
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    def natural_key(self):
        return (self.slug, self.version)

    def is_in_use(self):
        return self.pk is not None and self.plans.exists()

    def next_draft_identity(self):
        return {"version": self.latest_of_document("version") + 1}

    def copy_children_to(self, draft):
        for item in self.items.prefetch_related("details"):
            new_item = ChecklistItem.objects.create(
                template=draft,
                phase=item.phase,
                order=item.order,
                text=item.text,
                due_offset_days=item.due_offset_days,
                responsible_role=item.responsible_role,
                applies_to_volunteers=item.applies_to_volunteers,
                translations=item.translations,
            )
            ChecklistItemDetail.objects.bulk_create(
                ChecklistItemDetail(
                    item=new_item, order=d.order, text=d.text, translations=d.translations
                )
                for d in item.details.all()
            )
        CheckinQuestion.objects.bulk_create(
            CheckinQuestion(
                template=draft,
                audience=q.audience,
                order=q.order,
                text=q.text,
                translations=q.translations,
            )
            for q in self.checkin_questions.all()
        )

    def publish_problems(self):
        if self.items.exists():
            return []
        return [_("%(template)s has no items.") % {"template": self}]


class ChecklistItem(Translated):
    translated_fields = ("text",)

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    # Web addresses the source prints with the text, shown as links beside it (not in it).
    links = models.JSONField(_("links"), default=list, blank=True)
    due_offset_days = models.IntegerField(
        _("due (days from the start date)"),
        default=0,
        help_text=_("Negative for before the start date."),
    )
    responsible_role = models.CharField(
        _("responsible"), max_length=20, choices=ResponsibleRole.choices
    )
    applies_to_volunteers = models.BooleanField(_("applies to volunteers"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"], name="unique_checklist_item_order"
            ),
        ]

    def __str__(self):
        return self.text[:80]


class ChecklistItemDetail(Translated):
    """A detail line of an item (a form to fill in, an orientation topic): a sub-item."""

    translated_fields = ("text",)

    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="details"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=500)
    # Web addresses the source prints with the text, shown as links beside it (not in it).
    links = models.JSONField(_("links"), default=list, blank=True)

    class Meta:
        verbose_name = _("detail line")
        verbose_name_plural = _("detail lines")
        ordering = ["item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="unique_item_detail_order"),
        ]

    def __str__(self):
        return self.text


class CheckinQuestion(Translated):
    translated_fields = ("text",)

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="checkin_questions",
    )
    audience = models.CharField(_("asked of"), max_length=10, choices=Audience.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        verbose_name = _("check-in question")
        verbose_name_plural = _("check-in questions")
        ordering = ["template", "audience", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "audience", "order"], name="unique_checkin_question_order"
            ),
        ]

    def __str__(self):
        return self.text


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 30}
CHECKINS_THROUGH_DAY = 90
# The toolkit asks for "occasional" check-ins with non-peer staff: once a month.
NON_PEER_CHECKIN_DAYS = (30, 60, 90)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class OnboardingPlan(models.Model):
    """One opening's onboarding, from pre-selection (before anyone is hired) to day 90."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="onboarding_plans",
    )
    position_title = models.CharField(_("position title"), max_length=200)
    peer_role = models.CharField(
        _("peer or non-peer role"), max_length=10, choices=PeerRole.choices, default=PeerRole.PEER
    )
    employment_type = models.CharField(
        _("employee or volunteer"),
        max_length=10,
        choices=EmploymentType.choices,
        default=EmploymentType.EMPLOYEE,
    )
    hire = models.ForeignKey(
        StaffMember,
        verbose_name=_("selected person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onboarding_plans",
    )
    supervisor = models.ForeignKey(
        StaffMember,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_onboarding_plans",
    )
    peer_mentor = models.ForeignKey(
        StaffMember,
        verbose_name=_("peer mentor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_onboarding_plans",
    )
    hr_contact = models.ForeignKey(
        StaffMember,
        verbose_name=_("HR contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hr_onboarding_plans",
    )
    target_start_date = models.DateField(_("target start date"))
    checkin_cadence = models.CharField(
        _("check-ins with the new hire"),
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.WEEKLY,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # Bumped on every settings change: a stale form is refused instead of overwriting.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("onboarding plan")
        verbose_name_plural = _("onboarding plans")
        ordering = ["target_start_date", "pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="onb_plan_agency_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("onboarding:plan_detail", args=[self.pk])

    @property
    def title(self):
        if self.hire_id:
            return f"{self.hire.display_name} · {self.position_title}"
        return _("%(position)s (opening)") % {"position": self.position_title}

    @property
    def is_peer(self):
        return self.peer_role == PeerRole.PEER

    @property
    def is_volunteer(self):
        return self.employment_type == EmploymentType.VOLUNTEER

    @property
    def next_task_label(self):
        """The next open task's text in the reader's language, for plans annotated by
        `onboarding.queries` (its text and translations ride along with the plan)."""
        task = Task(text=self.next_task_text, translations=self.next_task_translations or {})
        return task.text_in("text")

    def day_number(self, date):
        return (date - self.target_start_date).days


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    REMOVED = "removed", _("Removed")


CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE)


class Task(Translated):
    # The template item's translations, copied with its text (a task added for one plan has
    # none: it shows as written).
    translated_fields = ("text",)

    plan = models.ForeignKey(
        OnboardingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    source_item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("template item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("task"))
    # Web addresses the source prints with the text, shown as links beside it (not in it).
    links = models.JSONField(_("links"), default=list, blank=True)
    responsible_role = models.CharField(
        _("responsible"), max_length=20, choices=ResponsibleRole.choices
    )
    assignee = models.ForeignKey(
        StaffMember,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onboarding_tasks",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    status_reason = models.TextField(_("reason"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    is_one_off = models.BooleanField(_("added for this plan only"), default=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "pk"]
        indexes = [
            models.Index(fields=["plan", "status", "due_date"], name="onb_task_plan_status_idx"),
            models.Index(fields=["assignee", "status"], name="onb_task_assignee_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=TaskStatus.NOT_APPLICABLE) | ~models.Q(status_reason=""),
                name="onb_task_not_applicable_has_reason",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("onboarding:task_detail", args=[self.plan_id, self.pk])

    @property
    def is_open(self):
        return self.status == TaskStatus.OPEN

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    def subitem_progress(self):
        """(checked, total) from prefetched sub-items."""
        subitems = list(self.subitems.all())
        return sum(1 for s in subitems if s.checked), len(subitems)


class TaskSubItem(Translated):
    translated_fields = ("text",)

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="subitems"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=500)
    # Web addresses the source prints with the text, shown as links beside it (not in it).
    links = models.JSONField(_("links"), default=list, blank=True)
    checked = models.BooleanField(_("checked"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        ordering = ["task", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "order"], name="unique_task_subitem_order"),
        ]

    def __str__(self):
        return self.text


class TaskEventKind(models.TextChoices):
    CREATED = "created", _("Added")
    DONE = "done", _("Marked done")
    NOT_APPLICABLE = "not_applicable", _("Marked not applicable")
    REOPENED = "reopened", _("Reopened")
    REMOVED = "removed", _("Removed from the plan")
    NOTE = "note", _("Note")
    SUBITEM_CHECKED = "subitem_checked", _("Sub-item checked")
    SUBITEM_UNCHECKED = "subitem_unchecked", _("Sub-item unchecked")
    DUE_DATE_MOVED = "due_date_moved", _("Due date moved")
    ASSIGNED = "assigned", _("Assigned")


class TaskEvent(models.Model):
    """The task's history. Rows are only ever added."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=20, choices=TaskEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class CheckinKind(models.TextChoices):
    WITH_HIRE = "with_hire", _("With the new hire")
    WITH_NON_PEER_STAFF = "with_non_peer_staff", _("With non-peer staff")


class Checkin(Translated):
    # The template's questions in each language they are all translated into, copied with them.
    translated_fields = ("questions",)

    plan = models.ForeignKey(
        OnboardingPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    kind = models.CharField(_("check-in"), max_length=30, choices=CheckinKind.choices)
    scheduled_for = models.DateField(_("scheduled for"))
    # The questions are copied from the template when the plan starts: never changed later.
    questions = models.JSONField(_("questions"), default=list)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["plan", "scheduled_for", "kind", "pk"]
        indexes = [
            models.Index(fields=["plan", "held_on", "scheduled_for"], name="onb_checkin_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scheduled_for}"

    def get_absolute_url(self):
        return reverse("onboarding:checkin_detail", args=[self.plan_id, self.pk])

    @property
    def is_recorded(self):
        return self.held_on is not None

    def is_overdue(self, today=None):
        return not self.is_recorded and self.scheduled_for < (today or timezone.localdate())

    def question_answers(self):
        answers = list(self.answers) + [""] * (len(self.questions) - len(self.answers))
        return list(zip(self.text_in("questions"), answers, strict=False))


def add_days(date, days):
    return date + datetime.timedelta(days=days)
