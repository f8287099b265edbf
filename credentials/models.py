"""Credentials: the rules of each credential type (data), people's credentials, their periods
and continuing-education (CE) hours.

A credential type is a versioned document: a version any credential uses is never edited
(make a new version). A person's credential has periods: issuing it starts the first, each
renewal starts the next one, and earlier periods stay as they were. CE entries belong to the
person, not to a credential: hours count toward every period whose dates they fall in (a
person holding a California and an IC&RC credential counts one ethics course toward both).

No health information: a credential record holds the credential, never anything about the
person's own recovery. Who may see or change what is decided in `peerwork/access/`.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerwork.models import StaffMember
from peerwork.uploads import private_storage
from peerwork.versioning import VersionedDocument

# Status of a credential on a given day, computed from its current period's dates.
ACTIVE = "active"
RENEWAL_WINDOW = "renewal_window"
EXPIRED = "expired"
STATUS_LABELS = {
    ACTIVE: _("Active"),
    RENEWAL_WINDOW: _("In renewal window"),
    EXPIRED: _("Expired"),
}


def add_months(day, months):
    """`day` plus whole months; the 29th-31st become the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def last_weekday_on_or_before(day):
    """Boards' offices are closed at weekends: a filing due on a Saturday or Sunday must be in
    by the Friday before."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


class CECategory(models.Model):
    """A kind of CE hours (ethics, peer or recovery, general). Types name their own label for
    it: California's "law and ethics" and IC&RC's "ethics" are the same category."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("CE category")
        verbose_name_plural = _("CE categories")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class CredentialTypeManager(models.Manager):
    def get_by_natural_key(self, slug, version):
        return self.get(slug=slug, version=version)


class CredentialType(VersionedDocument):
    """The rules of one credential, a versioned document (`peerwork.versioning`)."""

    slug = models.SlugField(_("short name"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("certifying board"), max_length=200)
    state = models.CharField(
        _("state"), max_length=2, blank=True, help_text=_("Blank for a credential of no state.")
    )
    renewal_period_months = models.PositiveSmallIntegerField(
        _("renewal period (months)"), validators=[MinValueValidator(1)]
    )
    renewal_period_source = models.CharField(_("source of the renewal period"), max_length=300)
    total_ce_hours = models.DecimalField(
        _("CE hours per renewal period"), max_digits=5, decimal_places=1, default=Decimal(0)
    )
    total_ce_hours_source = models.CharField(_("source of the CE hours"), max_length=300)
    renewal_window_days = models.PositiveSmallIntegerField(
        _("renewal may be filed (days before expiry)"), default=90
    )
    renewal_window_source = models.CharField(_("source of the renewal window"), max_length=300)
    ce_retention_months = models.PositiveSmallIntegerField(
        _("CE records kept (months)"), null=True, blank=True
    )
    ce_retention_source = models.CharField(
        _("source of the retention rule"), max_length=300, blank=True
    )
    specializations = models.JSONField(_("specializations"), default=list, blank=True)
    specializations_source = models.CharField(
        _("source of the specializations"), max_length=300, blank=True
    )
    categories = models.JSONField(
        _("certification categories"),
        default=list,
        blank=True,
        help_text=_("The populations a certificate of this type is issued for."),
    )
    categories_source = models.CharField(_("source of the categories"), max_length=300, blank=True)
    initial_period_months = models.PositiveSmallIntegerField(
        _("initial certificate (months)"), null=True, blank=True
    )
    initial_supervised_hours = models.PositiveSmallIntegerField(
        _("supervised work hours the initial certificate needs"), null=True, blank=True
    )
    initial_source = models.CharField(_("source of the initial rules"), max_length=300, blank=True)
    initial_supervision_cadence_days = models.PositiveSmallIntegerField(
        _("supervision cadence during the initial certificate (days)"), null=True, blank=True
    )
    supervision_cadence_days = models.PositiveSmallIntegerField(
        _("supervision cadence (days)"), null=True, blank=True
    )
    supervision_source = models.CharField(
        _("source of the supervision cadence"), max_length=300, blank=True
    )
    verify_note = models.TextField(_("note to verify with the board"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CredentialTypeManager()

    class Meta:
        verbose_name = _("credential type")
        verbose_name_plural = _("credential types")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], name="unique_credential_type_version"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug, self.version)

    same_document_fields = ("slug",)

    def is_in_use(self):
        return self.pk is not None and (self.credentials.exists() or self.periods.exists())

    def next_draft_identity(self):
        return {"version": self.latest_of_document("version") + 1}

    def copy_children_to(self, draft):
        CERequirement.objects.bulk_create(
            CERequirement(
                credential_type=draft,
                category_id=r.category_id,
                label=r.label,
                min_hours=r.min_hours,
                order=r.order,
                source=r.source,
            )
            for r in self.requirements.all()
        )

    @property
    def has_initial_certificate(self):
        return bool(self.initial_period_months)

    def expiry_for(self, issued_on, initial=False):
        """Valid through the day before the anniversary. An anniversary that does not exist
        (Feb 29 in a common year) is the day after the month's last: issued Feb 29, 2024, a
        two-year period runs through Feb 28, 2026."""
        months = self.initial_period_months if initial else self.renewal_period_months
        anniversary = add_months(issued_on, months)
        if anniversary.day != issued_on.day:
            anniversary += datetime.timedelta(days=1)
        return anniversary - datetime.timedelta(days=1)


class CERequirement(models.Model):
    """A minimum of hours in one category per renewal period. No category: hours of any kind
    beyond the other minimums (Pennsylvania's electives)."""

    credential_type = models.ForeignKey(
        CredentialType,
        verbose_name=_("credential type"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    category = models.ForeignKey(
        CECategory,
        verbose_name=_("CE category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        help_text=_("Blank: electives, hours of any category."),
    )
    label = models.CharField(_("label"), max_length=100)
    min_hours = models.DecimalField(
        _("minimum hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("CE requirement")
        verbose_name_plural = _("CE requirements")
        ordering = ["credential_type", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential_type", "category"],
                name="unique_ce_requirement_per_category",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.min_hours}"


class CourseCECategory(models.Model):
    """Which CE category a training course's hours count as (a course code of training/)."""

    course_code = models.SlugField(_("course code"), max_length=100, unique=True)
    category = models.ForeignKey(
        CECategory, verbose_name=_("CE category"), on_delete=models.PROTECT, related_name="+"
    )
    product_default = models.BooleanField(
        _("product default"),
        default=False,
        help_text=_("Shipped by PeerWork as a starting point: check it against your board."),
    )

    class Meta:
        verbose_name = _("course CE category")
        verbose_name_plural = _("course CE categories")
        ordering = ["course_code"]

    def __str__(self):
        return f"{self.course_code} → {self.category}"


class Credential(models.Model):
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="credentials",
    )
    credential_type = models.ForeignKey(
        CredentialType,
        verbose_name=_("credential type"),
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    number = models.CharField(_("credential number"), max_length=60)
    state = models.CharField(_("state"), max_length=2, blank=True)
    category = models.CharField(_("certification category"), max_length=100, blank=True)
    specializations = models.JSONField(_("specializations"), default=list, blank=True)
    issued_on = models.DateField(_("first issued"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["staff", "credential_type__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential_type", "state", "number"],
                name="unique_credential_number_per_type_state",
            ),
        ]

    def __str__(self):
        return f"{self.credential_type} {self.number}"

    def get_absolute_url(self):
        return reverse("credentials:credential_detail", args=[self.pk])


class PeriodKind(models.TextChoices):
    INITIAL = "initial", _("Initial certificate")
    STANDARD = "standard", _("Certification period")


def _certificate_path(instance, filename):
    # The stored name says nothing about the person or the upload's own name.
    return f"credentials/{uuid.uuid4().hex}"


class CredentialPeriod(models.Model):
    credential = models.ForeignKey(
        Credential, verbose_name=_("credential"), on_delete=models.CASCADE, related_name="periods"
    )
    sequence = models.PositiveSmallIntegerField(_("period"))
    # The rules in force for this period: a renewal takes the newest published version, and
    # earlier periods keep the version they were measured against.
    rules = models.ForeignKey(
        CredentialType,
        verbose_name=_("rules"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.STANDARD
    )
    starts_on = models.DateField(_("issued"))
    ends_on = models.DateField(_("expires"))
    is_current = models.BooleanField(_("current"), default=True)
    certificate = models.FileField(
        _("certificate"), storage=private_storage, upload_to=_certificate_path, blank=True
    )
    certificate_name = models.CharField(max_length=200, blank=True, editable=False)
    certificate_type = models.CharField(max_length=60, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("credential period")
        verbose_name_plural = _("credential periods")
        ordering = ["credential", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "sequence"], name="unique_credential_period_sequence"
            ),
            models.UniqueConstraint(
                fields=["credential"],
                condition=models.Q(is_current=True),
                name="one_current_period_per_credential",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="credential_period_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["is_current", "ends_on"], name="credential_period_due_idx")]

    def __str__(self):
        return _("%(credential)s, %(start)s to %(end)s") % {
            "credential": self.credential,
            "start": self.starts_on,
            "end": self.ends_on,
        }

    def status_on(self, today):
        if today > self.ends_on:
            return EXPIRED
        window = self.rules.renewal_window_days
        if today >= self.ends_on - datetime.timedelta(days=window):
            return RENEWAL_WINDOW
        return ACTIVE

    @property
    def file_by(self):
        return last_weekday_on_or_before(self.ends_on)

    @property
    def requires_ce(self):
        return self.kind == PeriodKind.STANDARD


class CESource(models.TextChoices):
    TRAINING = "training", _("Training at the agency")
    ENTERED = "entered", _("Entered")


class CEStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


class CEEntry(models.Model):
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="ce_entries",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=CESource.choices, default=CESource.ENTERED
    )
    # Hours from the agency's own training: one entry per attendance, kept in step with it.
    attendance = models.OneToOneField(
        "training.Attendance",
        verbose_name=_("attendance"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ce_entry",
    )
    title = models.CharField(_("course or activity"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    completed_on = models.DateField(_("date completed"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    category = models.ForeignKey(
        CECategory, verbose_name=_("CE category"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.FileField(
        _("certificate"), storage=private_storage, upload_to=_certificate_path, blank=True
    )
    certificate_name = models.CharField(max_length=200, blank=True, editable=False)
    certificate_type = models.CharField(max_length=60, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=CEStatus.choices, default=CEStatus.PENDING
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("CE entry")
        verbose_name_plural = _("CE entries")
        ordering = ["-completed_on", "-pk"]
        indexes = [
            models.Index(fields=["staff", "status", "completed_on"], name="ce_entry_staff_day_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="ce_entry_hours_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} h)"

    @property
    def counts(self):
        return self.status == CEStatus.VERIFIED
