"""Writes that span several rows: starting a plan, moving it, changing tasks.

Every function here runs in one transaction. Task changes are conditional updates
(`WHERE status = ...`) so two people acting on the same task never overwrite each other:
the second gets `Conflict`.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import (
    CADENCE_DAYS,
    CHECKINS_THROUGH_DAY,
    NON_PEER_CHECKIN_DAYS,
    PHASE_ORDER,
    Audience,
    Checkin,
    CheckinKind,
    OnboardingPlan,
    ResponsibleRole,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
    TaskSubItem,
)
from peerwork import services as core_services
from peerwork.models import StaffStatus
from peerwork.translations import data_languages


class Conflict(Exception):
    """Someone else changed the object first; nothing was written."""


ROLE_FIELDS = {
    ResponsibleRole.HR: "hr_contact",
    ResponsibleRole.SUPERVISOR: "supervisor",
    ResponsibleRole.HIRE: "hire",
    ResponsibleRole.PEER_MENTOR: "peer_mentor",
}


def assignee_for(plan, role):
    field = ROLE_FIELDS.get(role)
    return getattr(plan, field) if field else None


def _questions(template):
    """The template's check-in questions by audience: their texts, and their translations in
    each language every question of the audience is translated into."""
    rows = {Audience.PEER: [], Audience.NON_PEER: []}
    for question in template.checkin_questions.order_by("audience", "order"):
        rows[question.audience].append(question)
    questions = {}
    for audience, asked in rows.items():
        translations = {
            language: {"questions": [q.translations[language]["text"] for q in asked]}
            for language in data_languages()
            if asked and all((q.translations or {}).get(language, {}).get("text") for q in asked)
        }
        questions[audience] = ([q.text for q in asked], translations)
    return questions


def _checkin_schedule(plan, questions):
    start = plan.target_start_date
    hire_questions, hire_translations = questions[
        Audience.PEER if plan.is_peer else Audience.NON_PEER
    ]
    staff_questions, staff_translations = questions[Audience.NON_PEER]
    step = CADENCE_DAYS[plan.checkin_cadence]
    checkins = [
        Checkin(
            plan=plan,
            kind=CheckinKind.WITH_HIRE,
            scheduled_for=start + datetime.timedelta(days=day),
            questions=hire_questions,
            translations=hire_translations,
        )
        for day in range(step, CHECKINS_THROUGH_DAY + 1, step)
    ]
    if plan.is_peer:
        checkins += [
            Checkin(
                plan=plan,
                kind=CheckinKind.WITH_NON_PEER_STAFF,
                scheduled_for=start + datetime.timedelta(days=day),
                questions=staff_questions,
                translations=staff_translations,
            )
            for day in NON_PEER_CHECKIN_DAYS
        ]
    return checkins


@transaction.atomic
def start_plan(*, template, started_by, **fields):
    """Create a plan and copy the template's items into tasks with dates and assignees."""
    plan = OnboardingPlan.objects.create(template=template, started_by=started_by, **fields)
    items = list(template.items.prefetch_related("details").order_by("order", "pk"))
    if plan.is_volunteer:
        items = [item for item in items if item.applies_to_volunteers]
    items.sort(key=lambda item: (PHASE_ORDER[item.phase], item.order))
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            source_item=item,
            phase=item.phase,
            order=(index + 1) * 10,
            text=item.text,
            translations=item.translations,
            links=item.links,
            responsible_role=item.responsible_role,
            assignee=assignee_for(plan, item.responsible_role),
            due_date=plan.target_start_date + datetime.timedelta(days=item.due_offset_days),
        )
        for index, item in enumerate(items)
    )
    TaskSubItem.objects.bulk_create(
        TaskSubItem(
            task=task,
            order=detail.order,
            text=detail.text,
            links=detail.links,
            translations=detail.translations,
        )
        for task, item in zip(tasks, items, strict=True)
        for detail in item.details.all()
    )
    now = timezone.now()
    TaskEvent.objects.bulk_create(
        TaskEvent(task=task, kind=TaskEventKind.CREATED, actor=started_by, at=now) for task in tasks
    )
    Checkin.objects.bulk_create(_checkin_schedule(plan, _questions(template)))
    return plan


@transaction.atomic
def start_plan_with_new_person(*, template, started_by, agency, new_person, **fields):
    """Start a plan for a person not yet in PeerWork: their staff record (from the plan's
    program, position, roles, supervisor and start date) and the plan, in one transaction.

    `new_person` holds full_name and optionally preferred_name, pronouns, email,
    employee_number. Raises the core's ValidationError (a duplicate email, say); then
    nothing is written.
    """
    start = fields["target_start_date"]
    hire = core_services.create_staff(
        agency=agency,
        by=started_by,
        position_title=fields["position_title"],
        program=fields["program"],
        supervisor=fields.get("supervisor"),
        peer_role=fields["peer_role"],
        employment_type=fields["employment_type"],
        start_date=start,
        status=StaffStatus.CANDIDATE if start > timezone.localdate() else StaffStatus.ACTIVE,
        **new_person,
    )
    fields["hire"] = hire
    return start_plan(template=template, started_by=started_by, agency=agency, **fields)


@transaction.atomic
def update_task(task, *, actor, due_date, assignee, loaded_due_date, loaded_assignee_id):
    """HR moves an open task's due date and/or gives it to someone else.

    Conditional on the values the form was loaded with: if someone changed or closed the
    task meanwhile, raises Conflict and writes nothing. Each change goes in the history.
    """
    assignee_id = assignee.pk if assignee else None
    updated = Task.objects.filter(
        pk=task.pk,
        status=TaskStatus.OPEN,
        due_date=loaded_due_date,
        assignee_id=loaded_assignee_id,
    ).update(due_date=due_date, assignee_id=assignee_id)
    if not updated:
        raise Conflict
    now = timezone.now()
    events = []
    if due_date != loaded_due_date:
        events.append(
            TaskEvent(
                task=task,
                kind=TaskEventKind.DUE_DATE_MOVED,
                actor=actor,
                at=now,
                text=f"{loaded_due_date.isoformat()} → {due_date.isoformat()}",
            )
        )
    if assignee_id != loaded_assignee_id:
        events.append(
            TaskEvent(
                task=task,
                kind=TaskEventKind.ASSIGNED,
                actor=actor,
                at=now,
                text=assignee.display_name if assignee else _("nobody"),
            )
        )
    TaskEvent.objects.bulk_create(events)
    task.due_date, task.assignee = due_date, assignee
    return task


def _bump_revision(plan, expected_revision):
    updated = OnboardingPlan.objects.filter(pk=plan.pk, revision=expected_revision).update(
        revision=expected_revision + 1
    )
    if not updated:
        raise Conflict
    plan.revision = expected_revision + 1


@transaction.atomic
def update_plan(plan, *, actor, expected_revision, changes):
    """Apply settings changes (start date, people, cadence ...) and let the tasks follow.

    Open tasks and unrecorded check-ins move with the start date; open tasks are reassigned
    when the person in their role changes. Closed tasks keep their history as it was.
    """
    _bump_revision(plan, expected_revision)
    old = OnboardingPlan.objects.get(pk=plan.pk)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.save(update_fields=[*changes.keys()])
    now = timezone.now()
    events = []

    delta = (plan.target_start_date - old.target_start_date).days
    if delta:
        moved = list(plan.tasks.filter(status=TaskStatus.OPEN))
        for task in moved:
            old_due = task.due_date
            task.due_date = old_due + datetime.timedelta(days=delta)
            events.append(
                TaskEvent(
                    task=task,
                    kind=TaskEventKind.DUE_DATE_MOVED,
                    actor=actor,
                    at=now,
                    text=f"{old_due.isoformat()} → {task.due_date.isoformat()}",
                )
            )
        Task.objects.bulk_update(moved, ["due_date"])
        checkins = list(plan.checkins.filter(held_on__isnull=True))
        for checkin in checkins:
            checkin.scheduled_for += datetime.timedelta(days=delta)
        Checkin.objects.bulk_update(checkins, ["scheduled_for"])

    for role, field in ROLE_FIELDS.items():
        new_id = getattr(plan, f"{field}_id")
        if new_id == getattr(old, f"{field}_id"):
            continue
        reassigned = list(plan.tasks.filter(status=TaskStatus.OPEN, responsible_role=role))
        person = getattr(plan, field)
        for task in reassigned:
            task.assignee = person
            events.append(
                TaskEvent(
                    task=task,
                    kind=TaskEventKind.ASSIGNED,
                    actor=actor,
                    at=now,
                    text=person.display_name if person else _("nobody"),
                )
            )
        Task.objects.bulk_update(reassigned, ["assignee"])

    if "checkin_cadence" in changes and plan.checkin_cadence != old.checkin_cadence:
        _reschedule_hire_checkins(plan)
    TaskEvent.objects.bulk_create(events)
    return plan


def _reschedule_hire_checkins(plan):
    """A new cadence replaces the not-yet-held check-ins with the hire; held ones stay."""
    pending = plan.checkins.filter(kind=CheckinKind.WITH_HIRE, held_on__isnull=True)
    questions = _questions(plan.template)
    today = timezone.localdate()
    pending.filter(scheduled_for__gte=today).delete()
    fresh = [
        c
        for c in _checkin_schedule(plan, questions)
        if c.kind == CheckinKind.WITH_HIRE and c.scheduled_for >= today
    ]
    Checkin.objects.bulk_create(fresh)


def _event(task, kind, actor, text=""):
    return TaskEvent.objects.create(task=task, kind=kind, actor=actor, text=text)


@transaction.atomic
def close_tasks(tasks, *, actor, status, reason=""):
    """Mark open tasks done or not applicable. Raises Conflict if any was already closed."""
    if status == TaskStatus.NOT_APPLICABLE and not reason.strip():
        raise ValueError("a reason is required")
    now = timezone.now()
    ids = [task.pk for task in tasks]
    updated = Task.objects.filter(pk__in=ids, status=TaskStatus.OPEN).update(
        status=status,
        status_reason=reason.strip(),
        completed_by=actor,
        completed_at=now,
    )
    if updated != len(ids):
        raise Conflict
    kind = TaskEventKind.DONE if status == TaskStatus.DONE else TaskEventKind.NOT_APPLICABLE
    TaskEvent.objects.bulk_create(
        TaskEvent(task=task, kind=kind, actor=actor, at=now, text=reason.strip()) for task in tasks
    )


@transaction.atomic
def reopen_task(task, *, actor, expected_status):
    """Undo done / not applicable / removed: the task is open again; the history keeps both."""
    updated = Task.objects.filter(pk=task.pk, status=expected_status).update(
        status=TaskStatus.OPEN, status_reason="", completed_by=None, completed_at=None
    )
    if not updated or expected_status == TaskStatus.OPEN:
        raise Conflict
    _event(task, TaskEventKind.REOPENED, actor)


@transaction.atomic
def remove_task(task, *, actor, reason):
    if not reason.strip():
        raise ValueError("a reason is required")
    updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.REMOVED,
        status_reason=reason.strip(),
        completed_by=actor,
        completed_at=timezone.now(),
    )
    if not updated:
        raise Conflict
    _event(task, TaskEventKind.REMOVED, actor, reason.strip())


@transaction.atomic
def add_task(plan, *, actor, text, phase, due_date, responsible_role):
    last = plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    task = Task.objects.create(
        plan=plan,
        phase=phase,
        order=last + 10,
        text=text,
        responsible_role=responsible_role,
        assignee=assignee_for(plan, responsible_role),
        due_date=due_date,
        is_one_off=True,
    )
    _event(task, TaskEventKind.CREATED, actor, _("Added for this plan only."))
    return task


@transaction.atomic
def add_note(task, *, actor, text):
    return _event(task, TaskEventKind.NOTE, actor, text.strip())


@transaction.atomic
def set_subitem(subitem, *, actor, checked):
    """Sets (not toggles) a sub-item, so a repeated or stale click changes nothing."""
    if subitem.checked == checked:
        return False
    updated = TaskSubItem.objects.filter(pk=subitem.pk, checked=not checked).update(
        checked=checked,
        checked_by=actor if checked else None,
        checked_at=timezone.now() if checked else None,
    )
    if not updated:
        return False
    kind = TaskEventKind.SUBITEM_CHECKED if checked else TaskEventKind.SUBITEM_UNCHECKED
    _event(subitem.task, kind, actor, subitem.text)
    return True


@transaction.atomic
def record_checkin(checkin, *, actor, expected_revision, held_on, with_whom, answers, follow_ups):
    updated = Checkin.objects.filter(pk=checkin.pk, revision=expected_revision).update(
        revision=expected_revision + 1,
        held_on=held_on,
        with_whom=with_whom,
        answers=answers,
        follow_ups=follow_ups,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    if not updated:
        raise Conflict
    checkin.refresh_from_db()
    return checkin
