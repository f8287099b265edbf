"""Supervision: sessions and their action items, cadence, the scope-of-role check, and the
WISE collaborative work plan.

Who may see what is decided in `peerwork/access/supervision.py`. Notes, comments and work
plans are personnel records: they are shown on their own pages to the people who may see
them, and in no list.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerwork.models import Agency, StaffMember
from peerwork.translations import Translated

MAX_CADENCE_DAYS = 366


class ListSource(models.TextChoices):
    PRODUCT = "product", _("Product default")
    AGENCY = "agency", _("Added by an administrator")


class ListEntry(Translated):
    """A row of a list kept as data: shipped as a product default, edited by an admin."""

    translated_fields = ("label",)

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("Unticked: kept on old sessions, not offered.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ListSource.choices, default=ListSource.AGENCY
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        # Choices in forms show the entry in the reader's language (English where untranslated).
        return self.text_in("label")


class Topic(ListEntry):
    class Meta(ListEntry.Meta):
        verbose_name = _("supervision topic")
        verbose_name_plural = _("supervision topics")


class DutyScope(models.TextChoices):
    WITHIN = "within", _("Within the peer role")
    OUTSIDE = "outside", _("Outside the peer role")


class Duty(ListEntry):
    scope = models.CharField(_("peer role"), max_length=10, choices=DutyScope.choices)

    class Meta(ListEntry.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["scope", "order", "pk"]

    @property
    def is_outside(self):
        return self.scope == DutyScope.OUTSIDE


class SupervisionSettings(models.Model):
    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="supervision_settings",
    )
    default_cadence_days = models.PositiveSmallIntegerField(
        _("supervision every (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CADENCE_DAYS)],
        help_text=_("The agency default, e.g. 14 for every two weeks."),
    )

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self):
        return str(self.agency)


class CadenceOverride(models.Model):
    """How often one person is supervised, when it differs from the agency default."""

    staff = models.OneToOneField(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="supervision_cadence",
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("supervision every (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CADENCE_DAYS)],
    )
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("cadence for one person")
        verbose_name_plural = _("cadences for one person")

    def __str__(self):
        return f"{self.staff}: {self.cadence_days}"


class SessionFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")


class SupervisionSession(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    supervisor = models.ForeignKey(
        StaffMember,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervision_sessions_led",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.HELD
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    format = models.CharField(
        _("format"), max_length=12, choices=SessionFormat.choices, default=SessionFormat.INDIVIDUAL
    )
    mode = models.CharField(
        _("held"), max_length=12, choices=SessionMode.choices, default=SessionMode.IN_PERSON
    )
    observation = models.BooleanField(_("included observation of the person's work"), default=False)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    categories = models.ManyToManyField(
        "competencies.Category",
        verbose_name=_("SAMHSA core competency categories discussed"),
        blank=True,
        related_name="+",
    )
    # The version the categories belong to: a session that names them keeps it frozen.
    framework_version = models.ForeignKey(
        "competencies.FrameworkVersion",
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_sessions",
    )
    notes = models.TextField(_("notes"), blank=True)
    work_plan = models.ForeignKey(
        "WorkPlan",
        verbose_name=_("work plan meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    supervisor_acknowledged_at = models.DateTimeField(_("supervisor acknowledged"), null=True)
    supervisor_signed_name = models.CharField(
        _("supervisor's typed name"), max_length=200, blank=True
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["supervisor", "held_on"], name="supsession_supervisor_idx"),
            models.Index(fields=["agency", "held_on"], name="supsession_agency_idx"),
        ]

    def __str__(self):
        return _("Supervision on %(date)s") % {"date": self.held_on}

    def get_absolute_url(self):
        return reverse("supervision:session_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.status == SessionStatus.HELD

    @property
    def hours(self):
        return self.duration_minutes / 60


class Participant(models.Model):
    """One supervisee in a session: their scope-of-role check, comment and acknowledgement."""

    session = models.ForeignKey(
        SupervisionSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("supervisee"),
        on_delete=models.PROTECT,
        related_name="supervision_participations",
    )
    duties = models.ManyToManyField(
        Duty, verbose_name=_("mostly doing since the last session"), blank=True, related_name="+"
    )
    # Kept with the row (from the duties' scope when saved) so charts count in one query.
    reported_outside_role = models.BooleanField(
        _("reported duties outside the peer role"), default=False
    )
    comment = models.TextField(_("supervisee's comments"), blank=True)
    commented_at = models.DateTimeField(_("commented"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    signed_name = models.CharField(_("typed name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("supervisee in a session")
        verbose_name_plural = _("supervisees in a session")
        ordering = ["session", "staff__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "staff"], name="unique_supervision_participant"
            ),
        ]
        indexes = [models.Index(fields=["staff", "session"], name="supparticipant_staff_idx")]

    def __str__(self):
        return f"{self.staff} – {self.session}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """A step someone takes before a later session; it comes back every session until done."""

    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("whose supervision"),
        on_delete=models.CASCADE,
        related_name="supervision_actions",
    )
    session = models.ForeignKey(
        SupervisionSession,
        verbose_name=_("agreed in session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_items",
    )
    work_plan = models.ForeignKey(
        "WorkPlan",
        verbose_name=_("work plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_items",
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        StaffMember, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    closed_in = models.ForeignKey(
        SupervisionSession,
        verbose_name=_("closed in session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["staff", "status"], name="supaction_staff_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session__isnull=False) | models.Q(work_plan__isnull=False),
                name="supaction_from_session_or_plan",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_open(self):
        return self.status == ActionStatus.OPEN


class BasicsChecklist(models.Model):
    """The toolkit's 14 "Development plan: the basics" statements, answered together."""

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    manager = models.ForeignKey(
        StaffMember, verbose_name=_("manager"), on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))
    # {"1": true, "2": false, ...}: statement number (1-14) -> yes
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("development plan basics")
        verbose_name_plural = _("development plan basics")
        ordering = ["-answered_on", "-pk"]

    def __str__(self):
        return f"{self.staff} – {self.answered_on}"

    def no_numbers(self):
        return [int(k) for k, v in sorted(self.answers.items(), key=lambda i: int(i[0])) if not v]


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    ACTIVE = "active", _("Signed, in effect")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkPlan(models.Model):
    """The WISE collaborative work plan: the form's text is in `supervision/wise_form.py`,
    what is written into it is here. The manager writes II and VI's immediate steps, VII and
    VIII; the employee answers III, IV, V and VI's questions in their own words."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="work_plans"
    )
    manager = models.ForeignKey(
        StaffMember, verbose_name=_("manager"), on_delete=models.PROTECT, related_name="+"
    )
    basics = models.OneToOneField(
        BasicsChecklist,
        verbose_name=_("from the basics checklist"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plan",
    )
    # The statements answered "no", carried in as topics (their numbers, 1-14).
    topics = models.JSONField(_("topics"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkPlanStatus.choices, default=WorkPlanStatus.DRAFT
    )
    start_date = models.DateField(_("plan start date"))
    expires_on = models.DateField(_("plan end date (expiration)"))
    # Filled into the placeholders; copied from the records when the plan starts.
    position = models.CharField(_("position"), max_length=200)
    hired_on = models.DateField(_("hired on or around"), null=True, blank=True)
    length_of_time = models.CharField(_("length of time in the role"), max_length=100, blank=True)
    primary_duties = models.TextField(_("primary duties"), blank=True)
    # Manager's sections
    background = models.TextField(_("background information"), blank=True)
    recently = models.TextField(_("recently (what you have noticed)"), blank=True)
    immediate_steps = models.TextField(_("immediate steps"), blank=True)
    meeting_every_weeks = models.PositiveSmallIntegerField(
        _("meet once every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("for (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    meeting_day = models.PositiveSmallIntegerField(
        _("day"), choices=Weekday.choices, null=True, blank=True
    )
    meeting_time = models.TimeField(_("time"), null=True, blank=True)
    # Employee's answers, in their own words
    going_on = models.TextField(_("what is going on for you"), blank=True)
    practical_needs = models.TextField(_("practical needs"), blank=True)
    process_needs = models.TextField(_("process needs"), blank=True)
    person_needs = models.TextField(_("person needs"), blank=True)
    what_else = models.TextField(_("and what else"), blank=True)
    contribution = models.TextField(_("your contribution"), blank=True)
    plan_working = models.TextField(_("how we will know the plan is working"), blank=True)
    neglected = models.TextField(_("if we neglected something"), blank=True)
    communication = models.TextField(_("how to communicate with you"), blank=True)
    # Signatures: the typed name and the time; the plan is read-only once either signs.
    employee_signed_at = models.DateTimeField(_("employee signed"), null=True, blank=True)
    employee_signed_name = models.CharField(_("employee's typed name"), max_length=200, blank=True)
    manager_signed_at = models.DateTimeField(_("manager signed"), null=True, blank=True)
    manager_signed_name = models.CharField(_("manager's typed name"), max_length=200, blank=True)
    expiry_reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before it expires"), default=14
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaborative work plan")
        verbose_name_plural = _("collaborative work plans")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("start_date")),
                name="workplan_expires_after_start",
            ),
        ]

    def __str__(self):
        return _("Collaborative work plan for %(name)s") % {"name": self.staff}

    def get_absolute_url(self):
        return reverse("supervision:workplan_detail", args=[self.pk])

    @property
    def is_signed_by_anyone(self):
        return bool(self.employee_signed_at or self.manager_signed_at)

    def is_expired(self, today):
        return self.expires_on < today

    def reminder_date(self):
        return self.expires_on - datetime.timedelta(days=self.expiry_reminder_days)


class WorkPlanExtension(models.Model):
    """An extension of the plan's expiry: the earlier dates stay on record."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_expires_on = models.DateField(_("was to expire on"))
    new_expires_on = models.DateField(_("now expires on"))
    reason = models.TextField(_("reason"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    extended_at = models.DateTimeField(_("extended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("work plan extension")
        verbose_name_plural = _("work plan extensions")
        ordering = ["extended_at", "pk"]

    def __str__(self):
        return f"{self.previous_expires_on} → {self.new_expires_on}"
