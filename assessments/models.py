"""Agency self-assessment rounds, anonymous responses, and the action plan that follows.

How anonymity holds
===================

Who was asked and what was answered live in two tables that point at each other through
nothing anybody can read:

- An **Invitation** says who was invited to a round (staff member, respondent group derived
  from their record and roles at invitation time) and whether they have submitted. It holds a
  random `secret` (256 bits) and nothing about the answers.
- A **Response** holds the round, the respondent group and the answers. It has no user or
  staff foreign key and no timestamp. Its primary key is a random UUID, so ordering by it is
  a shuffle, and so are the keys of its answers (integer keys would give away the order in
  which people answered). It carries `owner_digest` = HMAC-SHA256(SECRET_KEY, invitation
  secret): the respondent's own invitation can find its response (to show and edit the
  draft), but a response cannot be walked back to an invitation without trying every
  invitation's secret together with the server's SECRET_KEY.

The link exists only while a round is open. Closing a round (HR) does, in one transaction:
delete the drafts that were never submitted; write every submitted response and its answers
again, in a random order (`secrets.SystemRandom`), under new random UUIDs and without an
`owner_digest`, deleting the old rows (`services.close_round`); blank every invitation's
`secret`. From then on not even someone holding the database and the SECRET_KEY can tell which
response was whose, and the physical order of the rows (SQLite rowid, PostgreSQL heap order)
and their ids no longer match the order or the ids of the survey requests in an access log
(tested in tests/assessments/test_storage_order.py).

On top of that:

- Results are shown only once a round is closed, so nobody can watch the figures move
  when one particular person submits (and a closed round never changes again).
- A group's results are shown only when at least `settings.ASSESSMENT_MIN_GROUP_SIZE` people
  in it submitted. Smaller groups are withheld. They are folded into "all respondents" only
  when the withheld groups together reach the minimum: otherwise "all respondents" minus the
  groups on show would give the withheld group's answers away by subtraction, so "all
  respondents" then leaves them out and says so (see `results.build_results`).
- Free-text answers are shown without names, under the same group rule, sorted by their
  text (never in the order they were written).
- The Django admin shows a response's opaque id and round only: no group, no answers (a
  lone respondent in a group would otherwise be recognisable by an admin who can also see
  who was invited). Invitations in the admin never show the secret. Nobody can add, change or
  delete a response in the admin, and a closed round cannot be deleted there (that would
  delete its responses).
- An admin who sets someone's password in the admin (and so could log in as them and read
  their draft while a round is open) leaves a record in the admin's history ("Changed
  password") and the person is told by email (`peerwork.admin.notify_password_set`).

What this does not protect against, said plainly:
- while a round is open: someone who can read the database *and* the SECRET_KEY can link
  responses to invitations; the rows are stored in the order of each person's first save,
  so a database administrator who reads the rows (or PostgreSQL transaction ids, or the
  write-ahead log) before the round closes can line them up with the access log;
- the old rows of a closed round stay in the database's free pages, the PostgreSQL
  write-ahead log and backups until those are overwritten or rotated: anyone with those
  files and the access log can still line them up;
- anyone with direct database access (not the admin) can still change or delete rows;
- someone who can log in as a respondent (their password, a session) can read and change
  that person's draft while the round is open.
The invitation list (who has submitted) is visible to HR on purpose, so they can remind
people; it says nothing about what anyone answered.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency, FrameworkVersion, RatingLevel
from peerwork.models import Agency, Program, StaffMember


class RespondentGroup(models.TextChoices):
    # Display order puts non-peer and peer staff side by side: the toolkit expects them to
    # see the agency differently.
    LEADERSHIP = "leadership", _("Leadership")
    SUPERVISORS = "supervisors", _("Supervisors")
    NON_PEER = "non_peer", _("Non-peer staff")
    PEER = "peer", _("Peer staff")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AssessmentRound(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_rounds",
        help_text=_("Leave empty to ask the whole agency."),
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="round_agency_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="round_closed_on_matches_status",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:round_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN

    def previous_round(self):
        """The last closed round before this one on the same framework and the same scope."""
        return (
            AssessmentRound.objects.filter(
                agency_id=self.agency_id,
                program_id=self.program_id,
                framework_version__framework_id=self.framework_version.framework_id,
                status=RoundStatus.CLOSED,
                opened_at__lt=self.opened_at,
            )
            .select_related("framework_version")
            .order_by("-opened_at", "-pk")
            .first()
        )


class Invitation(models.Model):
    """Who was asked, and whether they have answered. Never what they answered."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="assessment_invitations",
    )
    group = models.CharField(_("respondent group"), max_length=20, choices=RespondentGroup.choices)
    submitted = models.BooleanField(_("has submitted"), default=False)
    # Finds this person's own response while the round is open; blanked when it closes.
    secret = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["round", "staff__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "staff"], name="unique_invitation_per_round"),
        ]

    def __str__(self):
        return f"{self.staff} – {self.round}"

    def get_absolute_url(self):
        return reverse("assessments:respond", args=[self.pk])


class Response(models.Model):
    """One person's answers. Nothing here says whose: see the module docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    group = models.CharField(_("respondent group"), max_length=20, choices=RespondentGroup.choices)
    submitted = models.BooleanField(_("submitted"), default=False)
    owner_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # Two tabs saving the same response: the second gets a conflict, not a silent overwrite.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]

    def __str__(self):
        return _("Anonymous response %(ref)s") % {"ref": str(self.id)[:8]}


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        RatingLevel,
        verbose_name=_("answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "competency"], name="unique_answer_per_item"
            ),
        ]

    def __str__(self):
        return str(self.competency_id)


class Worksheet(models.Model):
    """The "Analyzing Leadership Challenges" root-cause worksheet for one item of a round."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="worksheets",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    current_situation = models.TextField(_("current situation"), blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("root-cause worksheet")
        verbose_name_plural = _("root-cause worksheets")
        ordering = ["round", "competency__category__order", "competency__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "competency"], name="unique_worksheet_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.round} – {self.competency.number}"

    def get_absolute_url(self):
        return reverse("assessments:worksheet", args=[self.round_id, self.competency_id])


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    """One row of the worksheet: an area's causes, why, details and the proposed action."""

    worksheet = models.ForeignKey(
        Worksheet, verbose_name=_("worksheet"), on_delete=models.CASCADE, related_name="actions"
    )
    # The worksheet's row label (Environment, People ...), copied from the shipped list.
    area = models.CharField(_("area"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    causes = models.TextField(_("causes"), blank=True)
    why = models.TextField(_("why"), blank=True)
    details = models.TextField(_("details"), blank=True)
    proposed_action = models.TextField(_("proposed action/intervention"), blank=True)
    owner = models.ForeignKey(
        StaffMember,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["worksheet", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "area"], name="unique_action_area"),
        ]

    def __str__(self):
        return f"{self.area}: {self.proposed_action[:60]}"
