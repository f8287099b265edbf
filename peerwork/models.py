"""The workforce core: agencies, programs, staff and the roles people hold.

Who may see what is decided in `peerwork/access/`, never here.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    PEER_STAFF = "peer_staff", _("Peer staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    HR = "hr", _("HR")
    ADMIN = "admin", _("Administrator")


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReminderFrequency(models.TextChoices):
    DAILY = "daily", _("Every day: what is due soon or overdue")
    WEEKLY = "weekly", _("Once a week, on Mondays")
    OVERDUE = "overdue", _("Only when something is overdue")


class User(AbstractUser):
    """A login. What the person may do comes from their role assignments (data, not code)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    reminder_frequency = models.CharField(
        _("reminder emails"),
        max_length=10,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.DAILY,
    )
    # Empty until the person first logs in or chooses: then the language they use PeerWork in,
    # which also decides the language of what is sent to them (see peerwork/i18n.py).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self):
        if not self.pk or not self.is_active:
            return frozenset()
        roles = set(self.role_assignments.values_list("role", flat=True))
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return frozenset(roles)

    def has_role(self, *roles):
        return any(role in self.roles for role in roles)

    @property
    def is_admin(self):
        return Role.ADMIN in self.roles

    @property
    def is_hr(self):
        return Role.HR in self.roles

    @property
    def is_supervisor(self):
        return Role.SUPERVISOR in self.roles

    @property
    def is_peer_staff(self):
        return Role.PEER_STAFF in self.roles

    @cached_property
    def staff_record(self):
        """The StaffMember this login belongs to, or None (an admin may have none)."""
        return (
            StaffMember.objects.select_related("program", "supervisor", "agency")
            .filter(user=self)
            .first()
        )

    # The admin role is the only way into the Django admin, and it grants everything there.
    def has_perm(self, perm, obj=None):
        if self.is_active and self.is_admin:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.is_admin:
            return True
        return super().has_module_perms(app_label)

    def display_name(self):
        # Lists of people join the record (`select_related("<user fk>__staff_member")`):
        # use it rather than one query per name.
        if User.staff_member.is_cached(self):
            staff = getattr(self, "staff_member", None)
        else:
            staff = self.staff_record
        if staff:
            return staff.display_name
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class Population(models.Model):
    """A population a program serves, with the lived experience its peer staff must have.

    Shipped from the WISE toolkit's "Lived Experience Requirements" table
    (`fixtures/reference/lived-experience-requirements.json`, `manage.py load_populations`);
    admins may edit the text. These are not California's SB-614 certification categories,
    which are credential data.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("population served"), max_length=200)
    lived_experience_required = models.TextField(_("lived experience required"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("population served")
        verbose_name_plural = _("populations served")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ReminderSent(models.Model):
    """One row per person, to-do item and day: `send_reminders` reminds an item at most once a
    day however often it runs. The row keyed `DIGEST_KEY` records the day's digest email itself,
    so a person gets at most one digest a day (see peerwork/reminders.py)."""

    DIGEST_KEY = "peerwork.digest"

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="reminders_sent"
    )
    key = models.CharField(_("item"), max_length=100)
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "date"], name="unique_reminder_per_user_item_day"
            ),
        ]
        indexes = [models.Index(fields=["date", "user"], name="reminder_date_user_idx")]

    def __str__(self):
        return f"{self.user_id} {self.key} {self.date}"


class Program(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=200)
    population_served = models.ForeignKey(
        Population,
        verbose_name=_("population served"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="unique_program_name_per_agency"
            ),
        ]

    def __str__(self):
        return self.name


class PeerRole(models.TextChoices):
    PEER = "peer", _("Peer staff")
    NON_PEER = "non_peer", _("Non-peer staff")


class EmploymentType(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    VOLUNTEER = "volunteer", _("Volunteer")


class StaffStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former")


class LeaveReason(models.TextChoices):
    """Why employment ended: a category only (the details stay in HR's own files)."""

    RESIGNED = "resigned", _("Resigned")
    # "Retired" also names a retired framework version (peerwork/versioning.py): a person
    # retires differently in Spanish.
    RETIRED = "retired", pgettext_lazy("reason for leaving", "Retired")
    END_OF_TERM = "end_of_term", _("End of contract or volunteer term")
    POSITION_ENDED = "position_ended", _("Position ended (funding or reorganization)")
    ENDED_BY_AGENCY = "ended_by_agency", _("Employment ended by the agency")
    NOT_STARTED = "not_started", _("Did not start")
    OTHER = "other", _("Other")


class StaffMember(models.Model):
    """A person who works or volunteers at the agency, with or without a login.

    Kept deliberately small: staff records can hold lived-experience and disability
    information, so only what the workflows need is stored.

    HR writes records through `peerwork.services` (create, update, change the reporting
    line, end employment), which keep the reporting-line history (`ReportingLine`) in step
    with `supervisor` and `program`, the current values every access rule reads.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    email = models.EmailField(_("work email"), blank=True)
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
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StaffStatus.choices, default=StaffStatus.ACTIVE
    )
    # What the agency's own roster calls the person; the roster import matches on it first.
    employee_number = models.CharField(_("employee number"), max_length=50, blank=True)
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    # Bumped on every edit: a form loaded before someone else's save is refused, not applied.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = [Lower("full_name"), "pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="staff_agency_status_idx"),
            models.Index(fields=["supervisor"], name="staff_supervisor_idx"),
            # The directory's order: a page of 25 reads 25 index entries, not the whole agency.
            models.Index("agency", Lower("full_name"), "id", name="staff_agency_name_idx"),
            models.Index(Lower("full_name"), "id", name="staff_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("pk")),
                name="staff_not_own_supervisor",
            ),
            models.UniqueConstraint(
                fields=["agency", "employee_number"],
                condition=~models.Q(employee_number=""),
                name="unique_employee_number_per_agency",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("peerwork:staff_detail", args=[self.pk])

    @property
    def display_name(self):
        if self.preferred_name and self.preferred_name != self.full_name:
            return f"{self.preferred_name} ({self.full_name})"
        return self.full_name

    @property
    def is_peer(self):
        return self.peer_role == PeerRole.PEER

    @property
    def is_former(self):
        return self.status == StaffStatus.FORMER

    def clean(self):
        super().clean()
        if self.program_id and self.agency_id and self.program.agency_id != self.agency_id:
            raise ValidationError({"program": _("This program belongs to another agency.")})
        if self.supervisor_id:
            if self.supervisor.agency_id != self.agency_id:
                raise ValidationError({"supervisor": _("The supervisor works at another agency.")})
            if self.pk and self.pk in supervisor_chain_ids(self.supervisor_id):
                raise ValidationError(
                    {"supervisor": _("This would make someone their own supervisor.")}
                )


class ReportingLine(models.Model):
    """Who a person reported to, and in which program, from one date until the next change.

    Intervals are half-open: a line holds from `effective_from` up to the day before
    `effective_until`; the current line has no `effective_until`. Rows are only added or
    closed (never deleted), so an evaluation can show who supervised the person in its
    period. Written only by `peerwork.services`.
    """

    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="reporting_lines",
    )
    supervisor = models.ForeignKey(
        StaffMember,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    effective_from = models.DateField(_("from"))
    effective_until = models.DateField(_("until"), null=True, blank=True)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporting line")
        verbose_name_plural = _("reporting lines")
        ordering = ["staff", "effective_from", "pk"]
        indexes = [
            models.Index(fields=["staff", "effective_from"], name="reporting_line_staff_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=models.Q(effective_until__isnull=True),
                name="one_current_reporting_line",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gt=models.F("effective_from")),
                name="reporting_line_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.staff_id}: {self.supervisor_id} from {self.effective_from}"

    @property
    def last_day(self):
        """The last day this line held (None while current)."""
        if self.effective_until is None:
            return None
        return self.effective_until - datetime.timedelta(days=1)


class Invitation(models.Model):
    """An account given by HR, waiting for the person to choose a password.

    The link in the email is Django's password-reset token for the account: it works once
    (setting the password changes what the token is made from) and expires after
    `PASSWORD_RESET_TIMEOUT`. Sending again records a new send time; every link sent stays
    valid until one is used.
    """

    user = models.OneToOneField(
        User, verbose_name=_("login"), on_delete=models.CASCADE, related_name="invitation"
    )
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    first_sent_at = models.DateTimeField(_("first sent"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    times_sent = models.PositiveIntegerField(_("times sent"), default=1)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-last_sent_at", "pk"]

    def __str__(self):
        return str(self.user)

    @property
    def is_accepted(self):
        return self.accepted_at is not None


# Reporting lines are walked in the database with a recursive query: one query for any depth.
# UNION (not UNION ALL) makes the walk stop even if bad data ever forms a loop.
_REPORTS_SQL = """
    WITH RECURSIVE reports(id) AS (
        SELECT id FROM peerwork_staffmember WHERE {seed} = %s
        UNION
        SELECT s.id FROM peerwork_staffmember s JOIN reports r ON s.supervisor_id = r.id
    )
    SELECT id FROM reports
"""

_CHAIN_SQL = """
    WITH RECURSIVE chain(id, supervisor_id) AS (
        SELECT id, supervisor_id FROM peerwork_staffmember WHERE id = %s
        UNION
        SELECT s.id, s.supervisor_id FROM peerwork_staffmember s
        JOIN chain c ON s.id = c.supervisor_id
    )
    SELECT id FROM chain
"""


def report_ids_subquery(staff_id, include_self=False):
    """A subquery of every direct and indirect report of `staff_id`, for `pk__in=`.

    `include_self` adds `staff_id` itself: one subquery instead of `pk=... OR pk__in=...`,
    which the database would walk twice.
    """
    seed = "id" if include_self else "supervisor_id"
    return RawSQL(_REPORTS_SQL.format(seed=seed), [staff_id])


def supervisor_chain_ids(staff_id):
    """`staff_id` and everyone above them in the reporting line."""
    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL, [staff_id])
        return {row[0] for row in cursor.fetchall()}


class UsedFormToken(models.Model):
    """A create form's one-time token, once used: where its result is (see peerwork/once.py)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(_("token"), max_length=64)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("used at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="unique_form_token_per_user")
        ]

    def __str__(self):
        return self.token


class RosterImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, not imported yet")
    APPLIED = "applied", _("Imported")


class RosterImport(models.Model):
    """One uploaded staff spreadsheet, kept privately (never under a public URL) between the
    preview and HR's confirmation; the file is deleted once imported (peerwork/roster.py)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="roster_imports"
    )
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    stored_name = models.CharField(_("stored as"), max_length=255, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RosterImportStatus.choices,
        default=RosterImportStatus.UPLOADED,
    )
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.original_name} ({self.uploaded_at:%Y-%m-%d})"


# Signatures and signed copies (peerwork/signatures.py) live beside the models so migrations
# see them.
from peerwork.signatures import Signature  # noqa: E402,F401

# Corrections of shipped data's translations (peerwork/translations.py), likewise.
from peerwork.translations import TranslationCorrection  # noqa: E402,F401
