"""Writes that span several rows, and the numbers pages show (cadence, hours, role shares).

Every function here makes a fixed number of queries, whatever the number of people.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork import signatures
from peerwork.translations import apply_translations, check_translations
from supervision import documents, wise_form
from supervision.models import (
    ActionItem,
    ActionStatus,
    CadenceOverride,
    Duty,
    DutyScope,
    ListSource,
    Participant,
    SessionFormat,
    SessionStatus,
    SupervisionSession,
    SupervisionSettings,
    Topic,
    WorkPlan,
    WorkPlanExtension,
    WorkPlanStatus,
)

LISTS_FILE = Path(settings.BASE_DIR) / "fixtures" / "supervision" / "supervision-lists.json"
LISTS_FORMAT = "peerwork.supervision-lists/1"
DEFAULT_CADENCE_DAYS = 14
DUE_SOON_DAYS = 3
CHART_MONTHS = 6
# Out-of-role duties "keep recurring" in a program when reported in this many of the last
# CHART_MONTHS months (HR's list).
RECURRING_MONTHS = 2
SAMHSA_SLUG = "samhsa-peer-core-competencies"


class ListsError(ValueError):
    pass


# --- shipped lists -------------------------------------------------------------------------


def parse_lists(path=LISTS_FILE):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ListsError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != LISTS_FORMAT:
        raise ListsError(f"{path}: not a {LISTS_FORMAT} file.")
    problems = []
    for key in ("topics", "duties"):
        rows = data.get(key)
        if not isinstance(rows, list) or not rows:
            problems.append(f"“{key}” must be a non-empty list.")
            continue
        for index, row in enumerate(rows, 1):
            if not isinstance(row, dict) or not row.get("code") or not row.get("label"):
                problems.append(f"{key} #{index}: needs a code and a label.")
            elif key == "duties" and row.get("scope") not in DutyScope.values:
                problems.append(f"duties #{index}: scope must be one of {DutyScope.values}.")
            else:
                model = Duty if key == "duties" else Topic
                problems.extend(
                    check_translations(row.get("translations"), model, f"{key} #{index}")
                )
    if problems:
        raise ListsError(f"{path}: " + " ".join(problems))
    return data


@transaction.atomic
def load_lists(data):
    """Add the product defaults that are missing; never change an entry that exists (an
    admin may have edited it). Returns how many were added.

    The entries' translations (peerwork/translations.py) are written onto the entries whose
    English label is still the file's: a label an admin rewrote keeps no shipped translation
    of the old wording."""
    added = 0
    for model, rows in ((Topic, data["topics"]), (Duty, data["duties"])):
        existing = set(model.objects.values_list("code", flat=True))
        new = []
        for order, row in enumerate(rows, 1):
            if row["code"] in existing:
                continue
            extra = {"scope": row["scope"]} if model is Duty else {}
            new.append(
                model(
                    code=row["code"],
                    label=row["label"],
                    order=order,
                    source=ListSource.PRODUCT,
                    **extra,
                )
            )
        model.objects.bulk_create(new)
        added += len(new)
        by_code = {entry.code: entry for entry in model.objects.all()}
        apply_translations(
            [
                (by_code[row["code"]], row.get("translations", {}))
                for row in rows
                if by_code[row["code"]].label == row["label"]
            ]
        )
    return added


def ensure_lists():
    if not Topic.objects.exists() or not Duty.objects.exists():
        load_lists(parse_lists())


def samhsa_categories():
    """The categories of the shipped SAMHSA framework's published version (latest)."""
    from competencies.models import Category

    return Category.objects.filter(
        version__framework__slug=SAMHSA_SLUG, version__status="published"
    ).order_by("-version__published_at", "order", "pk")


# --- cadence -------------------------------------------------------------------------------


@dataclass
class Cadence:
    days: int
    reason: str
    last_held_on: datetime.date | None
    due_on: datetime.date

    def state(self, today):
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return "due"
        return "ok"

    def state_label(self, today):
        return {
            "overdue": _("Overdue"),
            "due": _("Due soon"),
            "ok": _("On track"),
        }[self.state(today)]


def agency_default_days(agency_id):
    row = SupervisionSettings.objects.filter(agency_id=agency_id).values_list(
        "default_cadence_days", flat=True
    )
    return row.first() or DEFAULT_CADENCE_DAYS


def _credential_requirements(staff_ids, today):
    """What the people's credentials require ({staff_id: {"cadence_days", "reason", ...}})."""
    from credentials import services as credential_services

    return credential_services.supervision_requirements(list(staff_ids), today)


def cadences(staff_list, today):
    """{staff_id: Cadence} for these people: 3 queries plus the credentials' own, any size.

    The agency default applies unless the person's credential sets a cadence (Texas: weekly
    on an initial certificate, monthly after). A per-person override replaces the default;
    it never makes supervision rarer than the credential requires.
    """
    staff_list = list(staff_list)
    ids = [s.pk for s in staff_list]
    if not ids:
        return {}
    defaults = dict(
        SupervisionSettings.objects.filter(
            agency_id__in={s.agency_id for s in staff_list}
        ).values_list("agency_id", "default_cadence_days")
    )
    overrides = {o.staff_id: o for o in CadenceOverride.objects.filter(staff_id__in=ids)}
    last = dict(
        Participant.objects.filter(staff_id__in=ids, session__status=SessionStatus.HELD)
        .values("staff_id")
        .annotate(last=Max("session__held_on"))
        .values_list("staff_id", "last")
    )
    required = _credential_requirements(ids, today)
    result = {}
    for staff in staff_list:
        days = defaults.get(staff.agency_id, DEFAULT_CADENCE_DAYS)
        reason = _("agency default")
        credential = required.get(staff.pk)
        if credential:
            days, reason = credential["cadence_days"], credential["reason"]
        override = overrides.get(staff.pk)
        if override:
            if credential and credential["cadence_days"] < override.cadence_days:
                reason = _("%(reason)s (stricter than the person's own setting)") % {
                    "reason": credential["reason"]
                }
            else:
                days, reason = override.cadence_days, override.reason
        last_held = last.get(staff.pk)
        since = last_held or staff.start_date or today
        result[staff.pk] = Cadence(
            days=days,
            reason=reason,
            last_held_on=last_held,
            due_on=since + datetime.timedelta(days=days),
        )
    return result


def with_due(queryset, today):
    """`queryset` (StaffMember) annotated in SQL with `cadence_days` and `due_on`: the rule
    of cadences() (which also words the reason), so that pages order, count and window
    people by when supervision is due without computing everyone's cadence in Python.

    The credential's cadence is the one credentials.services.supervision_requirements reads
    (the initial certificate's when set, else the credential's; the most frequent wins);
    tests/supervision/test_cadence.py checks that both agree."""
    from credentials.models import CredentialPeriod, PeriodKind

    credential = (
        CredentialPeriod.objects.filter(
            is_current=True, credential__staff_id=OuterRef("pk"), starts_on__lte=today
        )
        .annotate(
            days=Case(
                When(
                    kind=PeriodKind.INITIAL,
                    rules__initial_supervision_cadence_days__gt=0,
                    then=F("rules__initial_supervision_cadence_days"),
                ),
                default=F("rules__supervision_cadence_days"),
            )
        )
        .filter(days__gt=0)
        .order_by()
        .values("credential__staff_id")
        .annotate(fewest=Min("days"))
        .values("fewest")
    )
    override = CadenceOverride.objects.filter(staff_id=OuterRef("pk")).values("cadence_days")
    default = SupervisionSettings.objects.filter(agency_id=OuterRef("agency_id")).values(
        "default_cadence_days"
    )
    last_held = (
        Participant.objects.filter(staff_id=OuterRef("pk"), session__status=SessionStatus.HELD)
        .order_by("-session__held_on")
        .values("session__held_on")[:1]
    )
    return queryset.annotate(
        credential_days=Subquery(credential, output_field=IntegerField()),
        override_days=Subquery(override, output_field=IntegerField()),
        last_held_on=Subquery(last_held, output_field=DateField()),
        cadence_days=Case(
            When(
                credential_days__isnull=False,
                override_days__isnull=False,
                credential_days__lt=F("override_days"),
                then=F("credential_days"),
            ),
            When(override_days__isnull=False, then=F("override_days")),
            When(credential_days__isnull=False, then=F("credential_days")),
            default=Coalesce(Subquery(default), Value(DEFAULT_CADENCE_DAYS)),
            output_field=IntegerField(),
        ),
        # PostgreSQL adds days to a date as a timestamp: the cast keeps it a date.
        due_on=Cast(
            Coalesce(F("last_held_on"), F("start_date"), Value(today))
            + ExpressionWrapper(
                F("cadence_days") * Value(datetime.timedelta(days=1)),
                output_field=DurationField(),
            ),
            DateField(),
        ),
    )


def soonest_due(queryset, today):
    """with_due, soonest due first (the longest overdue at the top)."""
    return with_due(queryset, today).order_by("due_on", "full_name", "pk")


def due_counts(queryset, today):
    """{"total", "waiting" (due soon or overdue), "overdue"} of a with_due queryset: one query."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return queryset.order_by().aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(due_on__lte=soon)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )


def waiting(queryset, today):
    """The people of a with_due queryset whose supervision is due soon or overdue."""
    return queryset.filter(due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def with_cadences(people, today):
    """[(person, Cadence)] for the few people a page shows (the reason needs cadences())."""
    people = list(people)
    due = cadences(people, today)
    return [(person, due[person.pk]) for person in people]


def supervisees(staff):
    """The people a supervisor holds supervision with: their active direct reports."""
    from peerwork.models import StaffStatus

    return staff.direct_reports.filter(status=StaffStatus.ACTIVE).select_related("program")


# --- hours ---------------------------------------------------------------------------------


def hours_by_person(staff_ids, start, end):
    """{staff_id: {"minutes": int, "sessions": int, "individual": int, "group": int}} for
    held sessions from `start` to `end` inclusive."""
    rows = (
        Participant.objects.filter(
            staff_id__in=staff_ids,
            session__status=SessionStatus.HELD,
            session__held_on__gte=start,
            session__held_on__lte=end,
        )
        .values("staff_id")
        .annotate(
            minutes=Sum("session__duration_minutes"),
            sessions=Count("session", distinct=True),
            individual=Sum(
                "session__duration_minutes",
                filter=Q(session__format=SessionFormat.INDIVIDUAL),
                default=0,
            ),
            group=Sum(
                "session__duration_minutes",
                filter=Q(session__format=SessionFormat.GROUP),
                default=0,
            ),
        )
    )
    return {row["staff_id"]: row for row in rows}


def total_minutes(people, start, end):
    """The sum of the hours column: held supervision minutes per person of `people` (a
    StaffMember queryset) from `start` to `end`, added up. One query."""
    return Participant.objects.filter(
        staff__in=people,
        session__status=SessionStatus.HELD,
        session__held_on__gte=start,
        session__held_on__lte=end,
    ).aggregate(minutes=Sum("session__duration_minutes", default=0))["minutes"]


# --- scope of role -------------------------------------------------------------------------


def _months_back(today, count):
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_counts(month_starts, today):
    """Held sessions and out-of-role reports per month, as conditional counts: comparing
    dates stays in SQL, where truncating them would call Python for every row on SQLite."""
    bounds = [*month_starts[1:], today.replace(day=1) + datetime.timedelta(days=32)]
    counts = {}
    for index, (start, end) in enumerate(zip(month_starts, bounds, strict=True)):
        in_month = Q(session__held_on__gte=start, session__held_on__lt=end.replace(day=1))
        counts[f"total_{index}"] = Count("pk", filter=in_month)
        counts[f"outside_{index}"] = Count("pk", filter=in_month & Q(reported_outside_role=True))
    return counts


def _held_since(participants, start):
    return participants.filter(session__status=SessionStatus.HELD, session__held_on__gte=start)


def role_shares(participants, today, months=CHART_MONTHS):
    """Per month of the last `months`: held sessions and how many reported out-of-role
    duties. `participants` is a Participant queryset already limited to what the viewer
    may see. One query."""
    month_starts = _months_back(today, months)
    row = _held_since(participants, month_starts[0]).aggregate(**_month_counts(month_starts, today))
    result = []
    for index, month in enumerate(month_starts):
        total, outside = row[f"total_{index}"], row[f"outside_{index}"]
        result.append(
            {
                "month": month,
                "total": total,
                "outside": outside,
                "percent": round(100 * outside / total) if total else None,
            }
        )
    return result


def role_summary(shares):
    """The chart's meaning in words."""
    total = sum(m["total"] for m in shares)
    outside = sum(m["outside"] for m in shares)
    if not total:
        return _("No supervision sessions recorded in the last %(months)s months.") % {
            "months": len(shares)
        }
    return ngettext(
        "In %(outside)s of %(total)s session in the last %(months)s months (%(percent)s%%), "
        "the main duties reported included work outside the peer role.",
        "In %(outside)s of %(total)s sessions in the last %(months)s months (%(percent)s%%), "
        "the main duties reported included work outside the peer role.",
        total,
    ) % {
        "outside": outside,
        "total": total,
        "months": len(shares),
        "percent": round(100 * outside / total),
    }


def recurring_programs(participants, today):
    """Programs where out-of-role duties were reported in at least RECURRING_MONTHS of the
    last CHART_MONTHS months: {program_id: {"months", "outside", "total"}}. One query, one
    row per program."""
    month_starts = _months_back(today, CHART_MONTHS)
    rows = (
        _held_since(participants, month_starts[0])
        .filter(staff__program__isnull=False)
        .order_by()
        .values("staff__program_id")
        .annotate(**_month_counts(month_starts, today))
    )
    programs = {}
    for row in rows:
        outside = [row[f"outside_{index}"] for index in range(len(month_starts))]
        entry = {
            "months": sum(1 for count in outside if count),
            "outside": sum(outside),
            "total": sum(row[f"total_{index}"] for index in range(len(month_starts))),
        }
        if entry["months"] >= RECURRING_MONTHS:
            programs[row["staff__program_id"]] = entry
    return programs


# --- sessions ------------------------------------------------------------------------------


class Conflict(Exception):
    """Someone else saved the same record since this form was opened."""


@transaction.atomic
def save_session(
    *,
    session,
    supervisees,
    duties_by_staff,
    topics,
    categories,
    new_actions,
    closed_actions,
    user,
    expected_revision=None,
):
    """Create or update a session with its supervisees, their role check, topics, the
    actions agreed and the open actions closed in it."""
    if session.pk:
        current = SupervisionSession.objects.select_for_update().get(pk=session.pk)
        if expected_revision is not None and current.revision != expected_revision:
            raise Conflict
        session.revision = current.revision + 1
    else:
        session.created_by = user
    categories = list(categories)
    session.framework_version_id = categories[0].version_id if categories else None
    session.save()
    session.topics.set(topics)
    session.categories.set(categories)
    wanted = {s.pk for s in supervisees}
    session.participants.exclude(staff_id__in=wanted).delete()
    existing = {p.staff_id: p for p in session.participants.all()}
    outside_ids = set(Duty.objects.filter(scope=DutyScope.OUTSIDE).values_list("pk", flat=True))
    for person in supervisees:
        duties = list(duties_by_staff.get(person.pk, []))
        outside = any(d.pk in outside_ids for d in duties)
        participant = existing.get(person.pk)
        if participant is None:
            participant = Participant.objects.create(
                session=session, staff=person, reported_outside_role=outside
            )
        elif participant.reported_outside_role != outside:
            participant.reported_outside_role = outside
            participant.save(update_fields=["reported_outside_role"])
        participant.duties.set(duties)
    ActionItem.objects.bulk_create(
        ActionItem(
            session=session,
            staff_id=a["staff"].pk,
            text=a["text"],
            owner_id=a["owner_id"],
            due_on=a["due_on"],
        )
        for a in new_actions
    )
    if closed_actions:
        ActionItem.objects.filter(
            pk__in=[a.pk for a in closed_actions], status=ActionStatus.OPEN
        ).update(status=ActionStatus.DONE, done_on=session.held_on, closed_in=session)
    return session


def open_actions_for(staff_ids):
    return (
        ActionItem.objects.filter(staff_id__in=staff_ids, status=ActionStatus.OPEN)
        .select_related("owner", "session", "work_plan", "staff")
        .order_by("due_on", "pk")
    )


def is_locked(session, participants=None):
    """Once anyone has signed a session, what they signed no longer changes (until its
    supervisor reopens it, see `reopen_session`)."""
    if session.supervisor_acknowledged_at:
        return True
    participants = session.participants.all() if participants is None else participants
    return any(p.acknowledged_at for p in participants)


# --- signing sessions and plans (peerwork/signatures.py) -----------------------------------


class TransitionError(Exception):
    """A signature or reopening the record's state does not allow (a clear message)."""


def _check_signing(signing):
    if not signatures.names_match(signing.typed_name, signing.signer):
        raise TransitionError(_("The typed name does not match the name on record."))


def _row_for(label, user_id, meaning, current, signing):
    """The signature line of one expected signer: their current signature, the one being
    made, or a blank line."""
    for signature in current:
        if signature.signer_id == user_id and signature.meaning == meaning:
            return documents.signature_row(
                label, signature.typed_name, signature.signed_at, signature.digest
            )
    if signing is not None and signing.signer.pk == user_id and signing.meaning == meaning:
        return documents.signature_row(label, signing.typed_name, signing.signed_at)
    return documents.signature_row(label, "", None)


def session_signature_rows(session, participants, current, signing=None):
    rows = [
        _row_for(
            _("Supervisor: %(name)s") % {"name": session.supervisor.full_name},
            session.supervisor.user_id,
            signatures.Meaning.AUTHOR,
            current,
            signing,
        )
    ]
    for participant in participants:
        rows.append(
            _row_for(
                _("Supervisee: %(name)s") % {"name": participant.staff.full_name},
                participant.staff.user_id,
                signatures.Meaning.ACKNOWLEDGEMENT,
                current,
                signing,
            )
        )
    return rows


def session_document(session, participants, current, signing=None, signer_participant=None):
    """The session's snapshot: the record, the comments of those who acknowledged it (and of
    the supervisee signing now), and the current round's signatures."""
    comments = {
        p.pk: p.comment
        for p in participants
        if p.acknowledged_at or (signer_participant is not None and p.pk == signer_participant.pk)
    }
    return documents.session_snapshot(
        session,
        participants,
        comments=comments,
        signed=session_signature_rows(session, participants, current, signing),
    )


def sign_session(session, signing, *, participant=None):
    """The session's supervisor signs the record (`Meaning.AUTHOR`), or one of its supervisees
    acknowledges it (`Meaning.ACKNOWLEDGEMENT`: read, not necessarily agreed) with the
    comments they saved. Each signature freezes its own signed copy: the record, the comments
    of everyone who acknowledged so far and the round's signatures so far, so the latest copy
    is the fullest. The PDF is rendered before the transaction (slow) and stored only if the
    conditional UPDATEs prove that nothing changed since the snapshot (the session's revision
    moves with every edit and every signature)."""
    _check_signing(signing)
    if not session.is_held:
        raise TransitionError(_("A scheduled session is acknowledged once it has been held."))
    participants = list(session.participants.all())
    if participant is None:
        already = session.supervisor_acknowledged_at
    else:
        participant = next(p for p in participants if p.pk == participant.pk)
        already = participant.acknowledged_at
    if already:
        raise TransitionError(_("You have signed this session already."))
    current = list(signatures.current(session))
    snapshot = session_document(session, participants, current, signing, participant)
    prepared = signatures.prepare(snapshot, documents.render_session_pdf, signing)
    with transaction.atomic():
        sessions = SupervisionSession.objects.filter(
            pk=session.pk, revision=session.revision, status=SessionStatus.HELD
        )
        changes = {"revision": F("revision") + 1}
        if participant is None:
            sessions = sessions.filter(supervisor_acknowledged_at__isnull=True)
            changes.update(
                supervisor_acknowledged_at=signing.signed_at,
                supervisor_signed_name=signing.typed_name,
            )
        if not sessions.update(**changes):
            raise Conflict
        if participant is not None:
            updated = Participant.objects.filter(
                pk=participant.pk, acknowledged_at__isnull=True, comment=participant.comment
            ).update(acknowledged_at=signing.signed_at, signed_name=signing.typed_name)
            if not updated:
                raise Conflict
        signature = signatures.record(
            session, prepared, filename=documents.session_filename(session)
        )
    return signature


@transaction.atomic
def reopen_session(session, user, reason):
    """Reopen a signed session to correct it: its signed copies become history (with the
    reason and time, `signatures.supersede`), every acknowledgement is cleared, and everyone
    signs the corrected record again. Supervisees' comments stay, theirs to change again."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give a reason for reopening."))
    locked = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    participants = list(locked.participants.all())
    if not is_locked(locked, participants):
        raise TransitionError(_("Only a signed session is reopened."))
    SupervisionSession.objects.filter(pk=session.pk).update(
        supervisor_acknowledged_at=None,
        supervisor_signed_name="",
        revision=F("revision") + 1,
        updated_at=timezone.now(),
    )
    Participant.objects.filter(session=session).update(acknowledged_at=None, signed_name="")
    signatures.supersede(session, user, reason)


# --- work plans ----------------------------------------------------------------------------


def length_of_time(start, end):
    """'1 year and 3 months', '5 months', 'less than a month'."""
    if start is None or end is None or end < start:
        return ""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
    if months:
        parts.append(ngettext("%(n)s month", "%(n)s months", months) % {"n": months})
    if not parts:
        return _("less than a month")
    return _(" and ").join(parts)


@transaction.atomic
def start_work_plan(*, staff, manager, basics, start_date, expires_on):
    hired_on = staff.start_date
    return WorkPlan.objects.create(
        agency_id=staff.agency_id,
        staff=staff,
        manager=manager,
        basics=basics,
        topics=basics.no_numbers() if basics else [],
        start_date=start_date,
        expires_on=expires_on,
        position=staff.position_title,
        hired_on=hired_on,
        length_of_time=length_of_time(hired_on, start_date),
        background=wise_form.BACKGROUND_DEFAULT,
    )


def meeting_dates(plan, start, end):
    """Every meeting of section VII from `start` to `end`: the chosen weekday, every N weeks."""
    if not plan.meeting_every_weeks or plan.meeting_day is None:
        return []
    first = start + datetime.timedelta(days=(plan.meeting_day - start.weekday()) % 7)
    dates = []
    day = first
    while day <= end:
        dates.append(day)
        day += datetime.timedelta(weeks=plan.meeting_every_weeks)
    return dates


def schedule_meetings(plan, start):
    """Section VII's meetings as scheduled supervision sessions, up to the expiry."""
    taken = set(plan.meetings.values_list("held_on", flat=True))
    sessions = [
        SupervisionSession(
            agency_id=plan.agency_id,
            supervisor_id=plan.manager_id,
            status=SessionStatus.SCHEDULED,
            held_on=day,
            starts_at=plan.meeting_time,
            duration_minutes=plan.meeting_minutes or 30,
            work_plan=plan,
        )
        for day in meeting_dates(plan, start, plan.expires_on)
        if day not in taken
    ]
    SupervisionSession.objects.bulk_create(sessions)
    created = SupervisionSession.objects.filter(
        work_plan=plan, held_on__in=[s.held_on for s in sessions]
    )
    Participant.objects.bulk_create(
        Participant(session=session, staff_id=plan.staff_id) for session in created
    )
    return len(sessions)


# Both sign a work plan as `Meaning.AGREEMENT`: it is collaborative, each writes part of it
# and both commit to it (the manager is not its only author, the employee does not merely
# acknowledge it). Who signed as whom is told by the signer: the employee's or the manager's
# login.
PLAN_MEANING = signatures.Meaning.AGREEMENT


def work_plan_signature_rows(plan, current, signing=None):
    return [
        _row_for(
            wise_form.text_in(wise_form.HEADER_LABELS[role]),
            person.user_id,
            PLAN_MEANING,
            current,
            signing,
        )
        for role, person in (("employee", plan.staff), ("manager", plan.manager))
    ]


def work_plan_document(plan, current, signing=None):
    return documents.work_plan_snapshot(plan, work_plan_signature_rows(plan, current, signing))


def sign_work_plan(plan, signing, *, as_employee):
    """Sign (`PLAN_MEANING`); when both have signed a draft, the plan takes effect and its
    meetings are scheduled. An extended plan is signed again by both (see
    `extend_work_plan`); it stays in effect meanwhile. As `sign_session`: the signed copy is
    rendered first and stored only if the plan's revision proves it unchanged."""
    _check_signing(signing)
    if (plan.employee_signed_at if as_employee else plan.manager_signed_at) is not None:
        raise TransitionError(_("You have signed this plan."))
    current = list(signatures.current(plan))
    snapshot = work_plan_document(plan, current, signing)
    prepared = signatures.prepare(snapshot, documents.render_work_plan_pdf, signing)
    field = "employee" if as_employee else "manager"
    with transaction.atomic():
        updated = WorkPlan.objects.filter(
            pk=plan.pk, revision=plan.revision, **{f"{field}_signed_at__isnull": True}
        ).update(
            **{f"{field}_signed_at": signing.signed_at, f"{field}_signed_name": signing.typed_name},
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise Conflict
        signature = signatures.record(plan, prepared, filename=documents.work_plan_filename(plan))
        plan.refresh_from_db()
        if (
            plan.status == WorkPlanStatus.DRAFT
            and plan.employee_signed_at
            and plan.manager_signed_at
        ):
            plan.status = WorkPlanStatus.ACTIVE
            plan.save(update_fields=["status"])
            schedule_meetings(plan, max(plan.start_date, timezone.localdate()))
    return signature


@transaction.atomic
def extend_work_plan(plan, *, new_expires_on, reason, user):
    """A new expiry, the earlier dates kept. The signed copies said the plan ended on the
    earlier date, so they become history (`signatures.supersede`, with the extension as the
    reason) and both sign the extended plan; it stays in effect meanwhile."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    WorkPlanExtension.objects.create(
        plan=plan,
        previous_expires_on=plan.expires_on,
        new_expires_on=new_expires_on,
        reason=reason,
        extended_by=user,
    )
    previous = plan.expires_on
    plan.expires_on = new_expires_on
    plan.revision += 1
    plan.employee_signed_at, plan.employee_signed_name = None, ""
    plan.manager_signed_at, plan.manager_signed_name = None, ""
    plan.save(
        update_fields=[
            "expires_on",
            "revision",
            "updated_at",
            "employee_signed_at",
            "employee_signed_name",
            "manager_signed_at",
            "manager_signed_name",
        ]
    )
    signatures.supersede(
        plan,
        user,
        _("Extended from %(old)s to %(new)s: %(reason)s")
        % {
            "old": formats.date_format(previous),
            "new": formats.date_format(new_expires_on),
            "reason": reason,
        },
    )
    if plan.status == WorkPlanStatus.ACTIVE:
        schedule_meetings(plan, previous + datetime.timedelta(days=1))
    return plan
