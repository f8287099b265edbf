"""Writes that span several rows: opening and closing rounds, inviting, saving a response,
saving a worksheet. Read assessments/models.py first for how anonymity holds."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Action,
    ActionStatus,
    Answer,
    AssessmentRound,
    Invitation,
    RespondentGroup,
    Response,
    RoundStatus,
    Worksheet,
)
from peerwork.models import PeerRole, Role, StaffMember, StaffStatus


class Conflict(Exception):
    """Someone else saved the same thing since this form was opened."""


class RoundClosed(Exception):
    pass


def respondent_group(staff, roles, has_reports):
    """The group a person answers in, from their record and roles at invitation time.

    Leadership: HR, administrators, and supervisors at the top of a reporting line.
    Supervisors: anyone else who supervises. Then peer and non-peer staff by their role.
    """
    is_supervisor = Role.SUPERVISOR in roles or has_reports
    if Role.HR in roles or Role.ADMIN in roles or (is_supervisor and staff.supervisor_id is None):
        return RespondentGroup.LEADERSHIP
    if is_supervisor:
        return RespondentGroup.SUPERVISORS
    if staff.peer_role == PeerRole.PEER:
        return RespondentGroup.PEER
    return RespondentGroup.NON_PEER


def invitable_staff(round_):
    """Active staff with a working login, in the round's scope, with what their group needs."""
    staff = StaffMember.objects.filter(
        agency_id=round_.agency_id,
        status=StaffStatus.ACTIVE,
        user__isnull=False,
        user__is_active=True,
    )
    if round_.program_id:
        staff = staff.filter(program_id=round_.program_id)
    return staff.annotate(report_count=Count("direct_reports")).prefetch_related(
        "user__role_assignments"
    )


def staff_by_group(round_):
    """{group: [staff, ...]} for everyone who could be invited to this round."""
    grouped = {group: [] for group in RespondentGroup.values}
    for person in invitable_staff(round_):
        roles = {a.role for a in person.user.role_assignments.all()}
        if person.user.is_superuser:
            roles.add(Role.ADMIN)
        grouped[respondent_group(person, roles, person.report_count > 0)].append(person)
    return grouped


@transaction.atomic
def invite(round_, groups):
    """Invite everyone in `groups` not yet invited; returns how many were added."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise RoundClosed
    already = set(round_.invitations.values_list("staff_id", flat=True))
    grouped = staff_by_group(round_)
    new = [
        Invitation(round=round_, staff=person, group=group, secret=secrets.token_urlsafe(32))
        for group in groups
        for person in grouped.get(group, [])
        if person.pk not in already
    ]
    Invitation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def open_round(*, agency, program, framework_version, title, closes_on, groups, opened_by):
    round_ = AssessmentRound.objects.create(
        agency=agency,
        program=program,
        framework_version=framework_version,
        title=title,
        closes_on=closes_on,
        opened_by=opened_by,
    )
    invite(round_, groups)
    return round_


def _digest(secret, key):
    return hmac.new(
        key.encode(), b"assessments.response:" + secret.encode(), hashlib.sha256
    ).hexdigest()


def owner_digests(invitation):
    """The digest under the current SECRET_KEY first, then under each fallback key."""
    if not invitation.secret:
        return []
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_digest(invitation.secret, key) for key in keys]


def find_response(invitation):
    """This invitation's own response (with its answers), or None."""
    digests = owner_digests(invitation)
    if not digests:
        return None
    return (
        Response.objects.filter(round_id=invitation.round_id, owner_digest__in=digests)
        .prefetch_related("answers")
        .first()
    )


def save_response(invitation, answers, *, submit, revision):
    """Save a draft or submit. `answers` is {competency_id: (level_id or None, comment)}.

    `revision` is the response's revision the form was opened on (None for a new one).
    Raises Conflict when another tab saved in between, RoundClosed when HR closed the round.
    """
    with transaction.atomic():
        # Locks the invitation row: two first saves at once cannot make two responses.
        invitation = (
            Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
        )
        if not invitation.round.is_open or not invitation.secret:
            raise RoundClosed
        response = find_response(invitation)
        if response is None:
            if revision not in (None, 0):
                raise Conflict
            response = Response.objects.create(
                round_id=invitation.round_id,
                group=invitation.group,
                owner_digest=owner_digests(invitation)[0],
            )
        else:
            updated = Response.objects.filter(pk=response.pk, revision=revision).update(
                revision=response.revision + 1
            )
            if not updated:
                raise Conflict
        existing = {answer.competency_id: answer for answer in response.answers.all()}
        changed, new = [], []
        for competency_id, (level_id, comment) in answers.items():
            answer = existing.get(competency_id)
            if answer is None:
                new.append(
                    Answer(
                        response=response,
                        competency_id=competency_id,
                        level_id=level_id,
                        comment=comment,
                    )
                )
            elif (answer.level_id, answer.comment) != (level_id, comment):
                answer.level_id, answer.comment = level_id, comment
                changed.append(answer)
        Answer.objects.bulk_create(new)
        Answer.objects.bulk_update(changed, ["level", "comment"])
        if submit and not response.submitted:
            response.submitted = True
            response.save(update_fields=["submitted"])
            invitation.submitted = True
            invitation.save(update_fields=["submitted"])
    return response


@transaction.atomic
def close_round(round_):
    """Close a round for good: drop unsubmitted drafts and cut every response's owner link."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise RoundClosed
    round_.responses.filter(submitted=False).delete()
    _rewrite_shuffled(round_)
    round_.invitations.update(secret="")
    round_.status = RoundStatus.CLOSED
    round_.closed_on = timezone.localdate()
    round_.save(update_fields=["status", "closed_on"])
    return round_


def _rewrite_shuffled(round_):
    """Write the round's responses and answers again, in a random order, with new random ids
    and no owner link: the rows' physical order (SQLite rowid, PostgreSQL heap) then says
    nothing about who answered first. Called inside close_round's transaction."""
    shuffle = secrets.SystemRandom().shuffle
    responses = list(round_.responses.prefetch_related("answers"))
    shuffle(responses)
    kept = []
    for response in responses:
        answers = list(response.answers.all())
        shuffle(answers)
        kept.append((response.group, response.submitted, answers))
    Response.objects.filter(pk__in=[response.pk for response in responses]).delete()
    fresh = Response.objects.bulk_create(
        [
            Response(round_id=round_.pk, group=group, submitted=submitted, owner_digest=None)
            for group, submitted, _answers in kept
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                competency_id=answer.competency_id,
                level_id=answer.level_id,
                comment=answer.comment,
            )
            for response, (_group, _submitted, answers) in zip(fresh, kept, strict=True)
            for answer in answers
        ]
    )


def worksheet_areas():
    """The worksheet's rows, from the shipped "Analyzing Leadership Challenges" list."""
    from competencies.models import ReferenceEntry

    terms = list(
        ReferenceEntry.objects.filter(
            reference_list__slug="leadership-challenges-worksheet"
        ).values_list("term", flat=True)
    )
    # The seed's four rows, if the shipped lists have not been loaded yet.
    return terms or ["Environment", "People", "Policies", "Processes & Procedures"]


ACTION_TEXT_FIELDS = ["causes", "why", "details", "proposed_action"]


def save_worksheet(round_, competency, *, current_situation, rows, revision):
    """Save a worksheet and its rows in one go. `rows` is [{area, causes, ..., status}].

    Rows left completely empty are not kept. Raises Conflict on a concurrent save.
    """
    with transaction.atomic():
        worksheet, created = Worksheet.objects.get_or_create(round=round_, competency=competency)
        expected = 0 if created else revision
        updated = Worksheet.objects.filter(pk=worksheet.pk, revision=expected).update(
            revision=worksheet.revision + 1, current_situation=current_situation
        )
        if not updated:
            raise Conflict
        existing = {action.area: action for action in worksheet.actions.all()}
        keep, new, changed = set(), [], []
        fields = [*ACTION_TEXT_FIELDS, "owner", "due_on", "status", "order"]
        for order, row in enumerate(rows):
            if not any(row.get(name) for name in [*ACTION_TEXT_FIELDS, "owner", "due_on"]):
                continue
            keep.add(row["area"])
            action = existing.get(row["area"]) or Action(worksheet=worksheet, area=row["area"])
            for name in ACTION_TEXT_FIELDS:
                setattr(action, name, row.get(name) or "")
            action.owner = row.get("owner")
            action.due_on = row.get("due_on")
            action.status = row.get("status") or ActionStatus.PLANNED
            action.order = order
            (changed if action.pk else new).append(action)
        try:
            with transaction.atomic():
                Action.objects.bulk_create(new)
        except IntegrityError:
            # Another save created the same area's row a moment ago.
            raise Conflict from None
        Action.objects.bulk_update(changed, fields)
        areas = [row["area"] for row in rows]
        worksheet.actions.filter(area__in=areas).exclude(area__in=keep).delete()
    return worksheet


def action_progress(actions_qs):
    """{status: count} and the share done, for the round page's progress bar."""
    counts = actions_qs.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status="done")),
        in_progress=Count("pk", filter=Q(status="in_progress")),
        planned=Count("pk", filter=Q(status="planned")),
        dropped=Count("pk", filter=Q(status="dropped")),
    )
    counted = counts["total"] - counts["dropped"]
    counts["percent"] = round(100 * counts["done"] / counted) if counted else 0
    return counts


MESSAGES = {
    "conflict": _(
        "Someone saved this in another window since you opened it. Your changes are below: "
        "reload the page to see the saved version, then enter them again."
    ),
}
