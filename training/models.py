"""Training: the course catalog, sessions, enrollment, attendance and required trainings.

The shipped catalog (the WISE Professional Development Training Menu) is a versioned document:
a `CatalogVersion` with its sections and courses, loaded from `fixtures/training/`. An agency's
own courses (state-required trainings, the supervisor course a certification board requires)
belong to the agency and to no catalog version.

Other apps read attendance through `training.services.completions` and the
`training.signals.attendance_recorded` signal; who may see what is in
`peerwork/access/training.py`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.models import Agency, Program, StaffMember, User
from peerwork.translations import Translated
from peerwork.versioning import VersionedDocument
from training.signals import attendance_recorded

# The SAMHSA Core Competencies categories a course can build, by their numeral. The WISE
# performance evaluation form rates the same twelve categories under the same numerals.
SAMHSA_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
SAMHSA_NUMERAL_CHOICES = [(n, n) for n in SAMHSA_NUMERALS]


def format_hours(value):
    """4.00 -> "4", 2.50 -> "2.5": hours as people write them."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class CatalogVersion(VersionedDocument, Translated):
    """A version of the shipped catalog (peerwork.versioning: draft -> published -> retired,
    frozen once a session uses one of its courses)."""

    translated_fields = ("title", "columns", "footnote")

    slug = models.SlugField(_("short name"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    source = models.TextField(_("source"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    columns = models.JSONField(_("column headings"), default=list, blank=True)
    footnote = models.TextField(_("footnote"), blank=True)
    competency_mapping = models.TextField(
        _("about the competency mapping"),
        blank=True,
        help_text=_("Where the courses' competency categories come from."),
    )
    repairs = models.JSONField(_("transcription repairs"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training catalog version")
        verbose_name_plural = _("training catalog versions")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="unique_catalog_version"),
        ]

    def __str__(self):
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    same_document_fields = ("slug",)

    def is_in_use(self):
        """Sessions of its courses point at it: attendance must never see it change."""
        return self.pk is not None and Session.objects.filter(course__catalog=self).exists()

    def next_draft_identity(self):
        return {"version": self.latest_of_document("version") + 1}

    def copy_children_to(self, draft):
        for section in self.sections.prefetch_related("courses__competencies"):
            new_section = CourseSection.objects.create(
                catalog=draft,
                order=section.order,
                title=section.title,
                translations=section.translations,
            )
            for course in section.courses.all():
                links = list(course.competencies.all())
                course.pk = None
                course.catalog = draft
                course.section = new_section
                course.save()
                CourseCompetency.objects.bulk_create(
                    CourseCompetency(
                        course=course,
                        numeral=link.numeral,
                        is_product_default=link.is_product_default,
                    )
                    for link in links
                )

    def publish_problems(self):
        if self.courses.exists():
            return []
        return [_("A catalog version needs at least one course.")]


class CourseSection(Translated):
    translated_fields = ("title",)

    catalog = models.ForeignKey(
        CatalogVersion,
        verbose_name=_("catalog version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("catalog section")
        verbose_name_plural = _("catalog sections")
        ordering = ["catalog", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "order"], name="unique_section_order"),
        ]

    def __str__(self):
        return self.title


class Course(Translated):
    """One course: either in a catalog version (shipped) or an agency's own."""

    translated_fields = (
        "title",
        "instruction_time",
        "target_audience",
        "description_heading",
        "description",
    )

    catalog = models.ForeignKey(
        CatalogVersion,
        verbose_name=_("catalog version"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
    )
    section = models.ForeignKey(
        CourseSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
        help_text=_("Set for the agency's own courses; empty for the shipped catalog."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=120,
        help_text=_("A stable short name, kept from one catalog version to the next."),
    )
    title = models.CharField(_("title"), max_length=300)
    instruction_time = models.CharField(
        _("total instruction time"), max_length=100, help_text=_("As printed, e.g. “4 hours”.")
    )
    hours = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text=_("The hours a full attendance credits."),
    )
    attendance_min = models.PositiveIntegerField(_("attendance minimum"), null=True, blank=True)
    attendance_max = models.PositiveIntegerField(_("attendance maximum"), null=True, blank=True)
    target_audience = models.CharField(_("target audience"), max_length=300, blank=True)
    value = models.CharField(_("value"), max_length=100, blank=True)
    description_heading = models.CharField(
        _("description heading"),
        max_length=300,
        blank=True,
        help_text=_("The heading of the description where the source prints one."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Sessions can be scheduled for it.")
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["catalog", "section__order", "order", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog", "code"],
                condition=Q(catalog__isnull=False),
                name="unique_course_code_per_catalog",
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(agency__isnull=False),
                name="unique_course_code_per_agency",
            ),
            models.CheckConstraint(
                condition=(Q(catalog__isnull=True) & Q(agency__isnull=False))
                | (Q(catalog__isnull=False) & Q(agency__isnull=True)),
                name="course_in_catalog_or_agency",
            ),
            models.CheckConstraint(
                condition=Q(attendance_min__isnull=True)
                | Q(attendance_max__isnull=True)
                | Q(attendance_min__lte=models.F("attendance_max")),
                name="course_attendance_min_le_max",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if (self.catalog_id is None) == (self.agency_id is None):
            raise ValidationError(
                _("A course belongs either to a catalog version or to an agency (one of them).")
            )
        if (
            self.attendance_min is not None
            and self.attendance_max is not None
            and self.attendance_min > self.attendance_max
        ):
            raise ValidationError(
                {"attendance_max": _("The maximum must be at least the minimum.")}
            )
        if self.section_id and self.section.catalog_id != self.catalog_id:
            raise ValidationError({"section": _("This section belongs to another catalog.")})

    @property
    def is_agency_course(self):
        return self.agency_id is not None

    @property
    def hours_text(self):
        return format_hours(self.hours)


class CourseCompetency(models.Model):
    """A SAMHSA category the course builds. The shipped mapping is the product's suggestion
    (`is_product_default`), not the WISE toolkit's: agencies change it in the admin."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="competencies"
    )
    numeral = models.CharField(_("SAMHSA category"), max_length=5, choices=SAMHSA_NUMERAL_CHOICES)
    is_product_default = models.BooleanField(
        _("product default"),
        default=False,
        help_text=_("Shipped as PeerWork's suggestion rather than chosen by the agency."),
    )

    class Meta:
        verbose_name = _("competency category built")
        verbose_name_plural = _("competency categories built")
        ordering = ["course", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "numeral"], name="unique_course_competency_numeral"
            ),
        ]

    def __str__(self):
        return f"{self.course} – {self.numeral}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="training_sessions"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    trainer = models.ForeignKey(
        StaffMember,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_trained",
    )
    trainer_name = models.CharField(
        _("outside trainer"),
        max_length=200,
        blank=True,
        help_text=_("When the trainer is not on staff, e.g. a WISE instructor."),
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    minimum = models.PositiveIntegerField(_("minimum attendance"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # Bumped by every change: two people editing the session at once get a conflict message.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "starts_at"], name="session_agency_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title} – {local:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def hours_text(self):
        return format_hours(self.hours)

    @property
    def trainer_display(self):
        if self.trainer_id:
            return self.trainer.display_name
        return self.trainer_name


class EnrollmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that hold a seat (an offered seat is kept for the person until they answer).
SEAT_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.OFFERED)
OPEN_STATUSES = (
    EnrollmentStatus.REQUESTED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.OFFERED,
)


class Enrollment(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrollments"
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_enrollments",
    )
    status = models.CharField(_("status"), max_length=12, choices=EnrollmentStatus.choices)
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The waiting list is served in the order people joined it.
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="unique_enrollment"),
        ]

    def __str__(self):
        return f"{self.staff} – {self.session}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    PARTIAL = "partial", _("Partial")


class Attendance(models.Model):
    """Whether one enrolled person attended, and the hours it credits.

    Saving it sends `training.signals.attendance_recorded` once the transaction commits, so
    the credentials app can credit continuing-education hours.
    """

    enrollment = models.OneToOneField(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_attendance",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    hours_credited = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="unique_attendance"),
            models.CheckConstraint(
                condition=Q(hours_credited__gte=0), name="attendance_hours_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "status"], name="attendance_staff_status_idx"),
        ]

    def __str__(self):
        return f"{self.staff} – {self.session} – {self.get_status_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: attendance_recorded.send(sender=Attendance, attendance=self))

    @property
    def hours_text(self):
        return format_hours(self.hours_credited)

    @property
    def is_completion(self):
        return self.status != AttendanceStatus.ABSENT and self.hours_credited > 0


class TrainingRequirement(models.Model):
    """Courses people must have completed: everyone in a position (by its title), in a
    program, or both; once, or again every N months."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="training_requirements",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="requirements",
        help_text=_("Completing any version of the course (the same code) counts."),
    )
    position_title = models.CharField(
        _("position title"),
        max_length=200,
        blank=True,
        help_text=_("Everyone whose position title is exactly this (leave empty for any)."),
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requirements",
    )
    every_months = models.PositiveIntegerField(
        _("repeat every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: once is enough."),
    )
    due_within_days = models.PositiveIntegerField(
        _("due within (days of starting)"),
        default=90,
        help_text=_("How long a new person has to complete it the first time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("required training")
        verbose_name_plural = _("required trainings")
        ordering = ["course__title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(position_title="") | Q(program__isnull=False),
                name="requirement_names_position_or_program",
            ),
            models.CheckConstraint(
                condition=Q(every_months__isnull=True) | Q(every_months__gte=1),
                name="requirement_every_months_positive",
            ),
        ]

    def __str__(self):
        return self.course.title

    def applies_to(self, staff):
        if self.position_title and staff.position_title != self.position_title:
            return False
        return not (self.program_id and staff.program_id != self.program_id)

    def clean(self):
        super().clean()
        if not self.position_title.strip() and self.program_id is None:
            raise ValidationError(_("Name a position title, a program, or both."))
        if self.program_id and self.agency_id and self.program.agency_id != self.agency_id:
            raise ValidationError({"program": _("This program belongs to another agency.")})
