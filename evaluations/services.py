"""Writes that span several rows: launching a cycle, saving an evaluation, its lifecycle.

Every lifecycle step is a conditional UPDATE on (status, revision), so two people acting at
once can never both succeed: the second gets a `Conflict` or a `TransitionError`.
"""

import dataclasses
import itertools

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from competencies.models import Category, Competency
from evaluations.models import (
    OPEN_STATUSES,
    CategoryComment,
    CycleNudge,
    DevelopmentGoal,
    Evaluation,
    EvaluationEvent,
    EvaluationKind,
    EvaluationStatus,
    EventAction,
    Rating,
)
from evaluations.todo import draft_item
from peerwork import i18n, reminders, signatures, suggestions
from peerwork.models import PeerRole, Role, StaffMember, StaffStatus, User, supervisor_chain_ids


class Conflict(Exception):
    """The evaluation changed since the form was loaded; nothing was written."""

    def __init__(self, current):
        super().__init__("evaluation changed since it was loaded")
        self.current = current


class TransitionError(Exception):
    """A lifecycle step that is not allowed from the evaluation's current status."""


# --- the form's structure ---------------------------------------------------------------------


@dataclasses.dataclass
class Structure:
    """A version's categories (with `.competency_list`) and its scale's levels: 3 queries."""

    version: object
    categories: list
    levels: list

    @property
    def competencies(self):
        return [c for category in self.categories for c in category.competency_list]

    @property
    def level_by_id(self):
        return {level.pk: level for level in self.levels}


def load_structure(version):
    categories = list(
        Category.objects.filter(version=version).prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.order_by("order", "pk"),
                to_attr="competency_list",
            )
        )
    )
    levels = list(version.rating_scale.levels.order_by("order", "pk"))
    return Structure(version=version, categories=categories, levels=levels)


# --- content ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Content:
    """What a person writes in an evaluation, detached from the database."""

    ratings: dict  # competency id -> level id
    comments: dict  # category id -> text
    strengths: str = ""
    areas_for_growth: str = ""
    supervisor_summary: str = ""
    goals: list = dataclasses.field(default_factory=list)  # [(text, target date or None)]


def load_content(evaluation):
    """The saved content of an evaluation: 3 queries."""
    ratings = dict(evaluation.ratings.values_list("competency_id", "level_id"))
    comments = dict(evaluation.category_comments.values_list("category_id", "text"))
    goals = list(evaluation.goals.order_by("order", "pk").values_list("text", "target_date"))
    return Content(
        ratings=ratings,
        comments=comments,
        strengths=evaluation.strengths,
        areas_for_growth=evaluation.areas_for_growth,
        supervisor_summary=evaluation.supervisor_summary,
        goals=goals,
    )


def save_draft(evaluation, content, user, loaded_revision):
    """Write `content` if the evaluation is still a draft at `loaded_revision`.

    A fixed number of queries whatever the number of competencies. Raises `Conflict` (and
    writes nothing) when someone saved in between, `TransitionError` if it is no longer a draft.
    """
    now = timezone.now()
    language = evaluation.language or i18n.active_language()
    with transaction.atomic():
        updated = Evaluation.objects.filter(
            pk=evaluation.pk, revision=loaded_revision, status=EvaluationStatus.DRAFT
        ).update(
            revision=F("revision") + 1,
            language=language,
            strengths=content.strengths,
            areas_for_growth=content.areas_for_growth,
            supervisor_summary=content.supervisor_summary,
            updated_at=now,
            updated_by=user,
        )
        if not updated:
            current = Evaluation.objects.select_related("updated_by__staff_member").get(
                pk=evaluation.pk
            )
            if current.status != EvaluationStatus.DRAFT:
                raise TransitionError(_("This evaluation has been submitted and is read-only."))
            raise Conflict(current)
        _write_rows(evaluation, content)
        if loaded_revision == 1:
            EvaluationEvent.objects.create(
                evaluation=evaluation, actor=user, action=EventAction.STARTED, when=now
            )
    evaluation.revision = loaded_revision + 1
    evaluation.language = language
    evaluation.strengths = content.strengths
    evaluation.areas_for_growth = content.areas_for_growth
    evaluation.supervisor_summary = content.supervisor_summary
    evaluation.updated_at = now
    evaluation.updated_by = user
    return evaluation


def _write_rows(evaluation, content):
    Rating.objects.filter(evaluation=evaluation).exclude(
        competency_id__in=list(content.ratings)
    ).delete()
    if content.ratings:
        Rating.objects.bulk_create(
            [
                Rating(evaluation=evaluation, competency_id=competency_id, level_id=level_id)
                for competency_id, level_id in content.ratings.items()
            ],
            update_conflicts=True,
            unique_fields=["evaluation", "competency"],
            update_fields=["level"],
        )
    comments = {pk: text for pk, text in content.comments.items() if text.strip()}
    CategoryComment.objects.filter(evaluation=evaluation).exclude(
        category_id__in=list(comments)
    ).delete()
    if comments:
        CategoryComment.objects.bulk_create(
            [
                CategoryComment(evaluation=evaluation, category_id=category_id, text=text)
                for category_id, text in comments.items()
            ],
            update_conflicts=True,
            unique_fields=["evaluation", "category"],
            update_fields=["text"],
        )
    DevelopmentGoal.objects.filter(evaluation=evaluation).delete()
    DevelopmentGoal.objects.bulk_create(
        DevelopmentGoal(evaluation=evaluation, text=text, target_date=target, order=order)
        for order, (text, target) in enumerate(content.goals)
    )


# --- rules from the scale's data -----------------------------------------------------------------


def submission_errors(structure, content, kind=EvaluationKind.SUPERVISOR):
    """{category id: [messages]} and [general messages] that stop a submission.

    Every competency needs a rating; a category where any chosen level requires a comment
    (RatingLevel.requires_comment) needs a comment.
    """
    levels = structure.level_by_id
    by_category = {}
    for category in structure.categories:
        messages = []
        unrated = [c for c in category.competency_list if c.pk not in content.ratings]
        if unrated:
            numbers = ", ".join(c.number for c in unrated)
            messages.append(
                _("Not rated yet: %(count)d (number %(numbers)s).")
                % {"count": len(unrated), "numbers": numbers}
            )
        needing = [
            c
            for c in category.competency_list
            if c.pk in content.ratings
            and levels.get(content.ratings[c.pk])
            and levels[content.ratings[c.pk]].requires_comment
        ]
        if needing and not content.comments.get(category.pk, "").strip():
            chosen = sorted(
                {levels[content.ratings[c.pk]].text_in("label") for c in needing},
                key=lambda label: [lv.text_in("label") for lv in structure.levels].index(label),
            )
            messages.append(
                _(
                    "A comment is required in this category: you chose %(levels)s "
                    "for number %(numbers)s."
                )
                % {
                    "levels": " / ".join(chosen),
                    "numbers": ", ".join(c.number for c in needing),
                }
            )
        if messages:
            by_category[category.pk] = messages
    general = []
    for text, target in content.goals:
        if target and not text.strip():
            general.append(_("A development goal has a target date but no description."))
            break
    return by_category, general


def development_suggestions(user, evaluation, structure):
    """What other apps suggest (courses, say) for the categories with a rating at the scale's
    lowest scoring level ("Developing" on the WISE scale), in the form's order of categories:
    [{"category": Category, "suggestions": [Suggestion, ...]}]."""
    scored = [level for level in structure.levels if level.counts_as_score]
    if not scored:
        return []
    lowest = min(scored, key=lambda level: level.score)
    # A subquery: the apps answering make the same number of queries whatever the ratings.
    developing = evaluation.ratings.filter(level=lowest).values("competency__category_id")
    found = suggestions.development.for_categories(user, developing)
    return [
        {"category": category, "suggestions": found[category.pk]}
        for category in structure.categories
        if category.pk in found
    ]


def summarize(structure, content):
    """Progress and score figures for display: rated counts per category and overall."""
    rated = {
        category.pk: sum(1 for c in category.competency_list if c.pk in content.ratings)
        for category in structure.categories
    }
    return {
        "rated": rated,
        "rated_total": sum(rated.values()),
        "total": sum(len(category.competency_list) for category in structure.categories),
    }


# --- lifecycle ------------------------------------------------------------------------------


def create_evaluation(subject, author, version, kind, *, cycle=None, actor=None):
    evaluation = Evaluation.objects.create(
        subject=subject,
        author=author,
        framework_version=version,
        kind=kind,
        cycle=cycle,
        period_start=cycle.period_start if cycle else None,
        period_end=cycle.period_end if cycle else None,
        due_date=cycle.due_date if cycle else None,
    )
    EvaluationEvent.objects.create(
        evaluation=evaluation, actor=actor or author, action=EventAction.CREATED
    )
    return evaluation


def _check_signing(signing):
    if not signatures.names_match(signing.typed_name, signing.signer):
        raise TransitionError(_("The typed name does not match the name on record."))


def _signature_dict(signing):
    return {
        "typed_name": signing.typed_name,
        "when": date_format(timezone.localtime(signing.signed_at), "DATETIME_FORMAT"),
    }


def submit(evaluation, signing, loaded_revision):
    """draft -> submitted, signed (`signatures.Signing`, from a `SignatureForm`) by the author
    or a supervisor above. The caller checked it is complete. Freezes the signed copy: the
    snapshot of what is signed and its PDF, rendered before the transaction (slow) and
    stored only if the conditional UPDATE proves nothing changed since."""
    from evaluations import pdf as evaluation_pdf

    _check_signing(signing)
    user = signing.signer
    now = signing.signed_at
    # Submitted without a draft save before: filled in the language it is submitted in.
    evaluation.language = evaluation.language or i18n.active_language()
    snapshot = evaluation_pdf.evaluation_snapshot(
        evaluation, status=EvaluationStatus.SUBMITTED, author=_signature_dict(signing), staff={}
    )
    prepared = signatures.prepare(snapshot, evaluation_pdf.render_snapshot_pdf, signing)
    with transaction.atomic():
        updated = Evaluation.objects.filter(
            pk=evaluation.pk, status=EvaluationStatus.DRAFT, revision=loaded_revision
        ).update(
            status=EvaluationStatus.SUBMITTED,
            language=evaluation.language,
            author_signature=signing.typed_name,
            author_signed_at=now,
            revision=F("revision") + 1,
            updated_at=now,
            updated_by=user,
        )
        if not updated:
            current = Evaluation.objects.select_related("updated_by__staff_member").get(
                pk=evaluation.pk
            )
            if current.status != EvaluationStatus.DRAFT:
                raise TransitionError(_("This evaluation was already submitted."))
            raise Conflict(current)
        signature = signatures.record(
            evaluation, prepared, filename=evaluation_pdf.evaluation_filename(evaluation)
        )
        EvaluationEvent.objects.create(
            evaluation=evaluation,
            actor=user,
            action=EventAction.SUBMITTED,
            when=now,
            detail=_("Signed as “%(name)s”. Signed copy, digest %(digest)s.")
            % {"name": signing.typed_name, "digest": signature.short_digest},
        )
    evaluation.refresh_from_db()
    return evaluation


def acknowledge(evaluation, signing, comments):
    """submitted -> acknowledged: the staff member has read it (not: agrees with it).

    The acknowledgement is its own signed copy (the evaluation as signed by the author, the
    staff member's comments and both signatures); earlier rounds' acknowledgements and their
    comments stay in their own signed copies."""
    from evaluations import pdf as evaluation_pdf

    if evaluation.kind != EvaluationKind.SUPERVISOR:
        raise TransitionError(_("A self-assessment is not acknowledged."))
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise TransitionError(_("Only a submitted evaluation can be acknowledged."))
    _check_signing(signing)
    user = signing.signer
    now = signing.signed_at
    comments = comments.strip()
    snapshot = evaluation_pdf.evaluation_snapshot(
        evaluation,
        status=EvaluationStatus.ACKNOWLEDGED,
        staff_comments=comments,
        staff=_signature_dict(signing),
    )
    author_copy = signatures.current(evaluation).filter(meaning=signatures.Meaning.AUTHOR).last()
    snapshot["signatures"]["author_digest"] = author_copy.digest if author_copy else ""
    prepared = signatures.prepare(snapshot, evaluation_pdf.render_snapshot_pdf, signing)
    with transaction.atomic():
        updated = Evaluation.objects.filter(
            pk=evaluation.pk, status=EvaluationStatus.SUBMITTED, revision=evaluation.revision
        ).update(
            status=EvaluationStatus.ACKNOWLEDGED,
            staff_signature=signing.typed_name,
            staff_signed_at=now,
            staff_comments=comments,
            revision=F("revision") + 1,
            updated_at=now,
            updated_by=user,
        )
        if not updated:
            raise TransitionError(_("Only a submitted evaluation can be acknowledged."))
        signature = signatures.record(
            evaluation, prepared, filename=evaluation_pdf.evaluation_filename(evaluation)
        )
        EvaluationEvent.objects.create(
            evaluation=evaluation,
            actor=user,
            action=EventAction.ACKNOWLEDGED,
            when=now,
            detail=_("Signed as “%(name)s”. Signed copy, digest %(digest)s.")
            % {"name": signing.typed_name, "digest": signature.short_digest},
        )
    evaluation.refresh_from_db()
    return evaluation


def reopen(evaluation, user, reason):
    """submitted/acknowledged -> draft, by HR or an admin, with a reason kept in the history.

    A new round starts: the current signatures and the staff member's comments are cleared
    from the evaluation, and every signed copy so far stays listed and downloadable, marked
    with this reason and time (`signatures.supersede`).
    """
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give a reason for reopening."))
    now = timezone.now()
    with transaction.atomic():
        updated = (
            Evaluation.objects.filter(pk=evaluation.pk)
            .exclude(status=EvaluationStatus.DRAFT)
            .update(
                status=EvaluationStatus.DRAFT,
                author_signature="",
                author_signed_at=None,
                staff_signature="",
                staff_signed_at=None,
                staff_comments="",
                revision=F("revision") + 1,
                updated_at=now,
                updated_by=user,
            )
        )
        if not updated:
            raise TransitionError(_("Only a submitted evaluation can be reopened."))
        signatures.supersede(evaluation, user, reason)
        EvaluationEvent.objects.create(
            evaluation=evaluation, actor=user, action=EventAction.REOPENED, when=now, detail=reason
        )
    evaluation.refresh_from_db()
    return evaluation


# --- reassigning and cancelling (HR, for instance when someone leaves) -------------------------


def reassignment_candidates(evaluation):
    """Who can take over a supervisor evaluation: supervisors above the person in their
    current reporting line (direct or indirect), with an active login, other than the
    author. A queryset of users."""
    above = supervisor_chain_ids(evaluation.subject_id) - {evaluation.subject_id}
    return (
        User.objects.filter(
            staff_member__pk__in=above,
            staff_member__status=StaffStatus.ACTIVE,
            is_active=True,
            role_assignments__role=Role.SUPERVISOR,
        )
        .exclude(pk=evaluation.author_id)
        .select_related("staff_member")
        .order_by("staff_member__full_name", "pk")
    )


def reassign(evaluation, *, to, by, note=""):
    """A draft supervisor evaluation changes author; the history says from whom to whom."""
    if evaluation.kind != EvaluationKind.SUPERVISOR:
        raise TransitionError(_("A self-assessment belongs to the person; it cannot move."))
    if not reassignment_candidates(evaluation).filter(pk=to.pk).exists():
        raise TransitionError(_("Choose a supervisor above the person, with a login."))
    now = timezone.now()
    with transaction.atomic():
        updated = Evaluation.objects.filter(
            pk=evaluation.pk, status=EvaluationStatus.DRAFT, author_id=evaluation.author_id
        ).update(author=to, revision=F("revision") + 1, updated_at=now, updated_by=by)
        if not updated:
            raise TransitionError(_("This evaluation changed meanwhile; reload and try again."))
        detail = _("From %(old)s to %(new)s.") % {
            "old": evaluation.author.display_name(),
            "new": to.display_name(),
        }
        EvaluationEvent.objects.create(
            evaluation=evaluation,
            actor=by,
            action=EventAction.REASSIGNED,
            when=now,
            detail=f"{detail} {note.strip()}".strip(),
        )
    evaluation.refresh_from_db()
    return evaluation


def cancel(evaluation, *, by, reason):
    """An open evaluation (draft, or submitted and not acknowledged) will not be completed.
    Nothing is deleted: it stays readable, with the reason in its history."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give a reason for cancelling."))
    now = timezone.now()
    with transaction.atomic():
        updated = Evaluation.objects.filter(pk=evaluation.pk, status__in=OPEN_STATUSES).update(
            status=EvaluationStatus.CANCELLED,
            revision=F("revision") + 1,
            updated_at=now,
            updated_by=by,
        )
        if not updated:
            raise TransitionError(_("Only an open evaluation can be cancelled."))
        EvaluationEvent.objects.create(
            evaluation=evaluation, actor=by, action=EventAction.CANCELLED, when=now, detail=reason
        )
    evaluation.refresh_from_db()
    return evaluation


# --- cycles ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class LaunchResult:
    created: int = 0
    already_there: int = 0
    skipped: list = dataclasses.field(default_factory=list)  # [(staff member, reason)]


def cycle_scope(cycle):
    """The peer staff a cycle covers: active peers of its agency, narrowed by its scope."""
    queryset = StaffMember.objects.filter(
        agency_id=cycle.agency_id, peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE
    )
    program_ids = [p.pk for p in cycle.programs.all()]
    staff_ids = [s.pk for s in cycle.staff.all()]
    if program_ids or staff_ids:
        queryset = queryset.filter(Q(program_id__in=program_ids) | Q(pk__in=staff_ids))
    return queryset.select_related("supervisor__user", "user")


def launch_cycle(cycle, user):
    """Create the cycle's missing evaluations. Safe to run again: it only adds what is missing
    (the database's unique constraint on cycle + person + kind backs this up)."""
    result = LaunchResult()
    now = timezone.now()
    with transaction.atomic():
        # Lock the cycle row so two launches at once cannot both add the same evaluations.
        type(cycle).objects.select_for_update().get(pk=cycle.pk)
        existing = set(Evaluation.objects.filter(cycle=cycle).values_list("subject_id", "kind"))
        new = []
        for staff in cycle_scope(cycle):
            supervisor_user = staff.supervisor.user if staff.supervisor else None
            if (staff.pk, EvaluationKind.SUPERVISOR) in existing:
                result.already_there += 1
            elif supervisor_user is None or not supervisor_user.is_active:
                result.skipped.append(
                    (staff, _("no supervisor with a PeerWork login: no supervisor evaluation"))
                )
            else:
                new.append((staff, supervisor_user, EvaluationKind.SUPERVISOR))
            if (staff.pk, EvaluationKind.SELF) in existing:
                result.already_there += 1
            elif staff.user is None or not staff.user.is_active:
                result.skipped.append((staff, _("no PeerWork login: no self-assessment")))
            else:
                new.append((staff, staff.user, EvaluationKind.SELF))
        created = Evaluation.objects.bulk_create(
            Evaluation(
                subject=staff,
                author=author,
                kind=kind,
                framework_version_id=cycle.framework_version_id,
                cycle=cycle,
                period_start=cycle.period_start,
                period_end=cycle.period_end,
                due_date=cycle.due_date,
                created_at=now,
                updated_at=now,
            )
            for staff, author, kind in new
        )
        EvaluationEvent.objects.bulk_create(
            EvaluationEvent(
                evaluation=evaluation,
                actor=user,
                action=EventAction.CREATED,
                when=now,
                detail=_("Created by launching the cycle “%(name)s”.") % {"name": cycle.name},
            )
            for evaluation in created
        )
        result.created = len(created)
        if cycle.launched_at is None:
            cycle.launched_at = now
            cycle.save(update_fields=["launched_at"])
    return result


@dataclasses.dataclass
class NudgeResult:
    nudge: CycleNudge | None  # None: a nudge already went today
    reminded: int = 0
    not_reminded: int = 0  # reminded of these today already, or no email address


def not_started_evaluations(cycle):
    return Evaluation.objects.filter(
        cycle=cycle, status=EvaluationStatus.DRAFT, revision=1, author__is_active=True
    )


def nudge_not_started(cycle, user, today):
    """Email everyone who has not started their evaluations in `cycle` one reminder listing
    them, through the digest's mail path (each item still at most once a day). At most one
    nudge per cycle a day."""
    try:
        with transaction.atomic():
            nudge = CycleNudge.objects.create(cycle=cycle, date=today, sent_by=user)
    except IntegrityError:
        return NudgeResult(nudge=None)
    result = NudgeResult(nudge=nudge)
    drafts = (
        not_started_evaluations(cycle)
        .select_related("subject", "author__staff_member")
        .order_by("author_id", "due_date", "pk")
    )
    for _author_id, group in itertools.groupby(drafts, key=lambda e: e.author_id):
        evaluations = list(group)
        author = evaluations[0].author
        with i18n.speaking_to(author):
            sent = reminders.deliver(
                author,
                [draft_item(evaluation) for evaluation in evaluations],
                today,
                subject=_("PeerWork: evaluations waiting for you in %(cycle)s")
                % {"cycle": cycle.name},
                intro=_("HR reminds you that these evaluations in %(cycle)s have not been started:")
                % {"cycle": cycle.name},
                digest=False,
            )
        if sent:
            result.reminded += 1
        else:
            result.not_reminded += 1
    nudge.recipients = result.reminded
    nudge.save(update_fields=["recipients"])
    return result
