import datetime

import pytest

from onboarding import services
from onboarding.models import (
    Cadence,
    CheckinKind,
    ChecklistItem,
    Phase,
    ResponsibleRole,
    TaskEventKind,
    TaskStatus,
)
from peerwork.models import EmploymentType, PeerRole
from tests.onboarding.factories import START, add_plans, make_plan, make_template

pytestmark = pytest.mark.django_db


def _days(n):
    return START + datetime.timedelta(days=n)


def test_plan_copies_items_with_dates_assignees_and_subitems(world):
    add_plans(world)
    plan = world.plan_a
    tasks = list(plan.tasks.order_by("order"))
    assert [t.text for t in tasks][:2] == [
        "Review core competencies",
        "Make logistical preparations",
    ]
    assert len(tasks) == 7
    by_text = {t.text: t for t in tasks}
    assert by_text["Review core competencies"].due_date == _days(-21)
    assert by_text["Frequent contact with other peers"].due_date == _days(90)
    assert by_text["Review core competencies"].assignee == world.hr_staff
    assert by_text["DAY ONE: Conduct orientation"].assignee == world.sup_a2_staff
    assert by_text["WEEK ONE: Read the handbook"].assignee == world.peer_a_staff
    # No mentor chosen yet: the task waits, unassigned, with its role.
    mentor_task = by_text["Frequent contact with other peers"]
    assert mentor_task.assignee is None
    assert mentor_task.responsible_role == ResponsibleRole.PEER_MENTOR
    paperwork = by_text["DAY ONE: Complete necessary paperwork"]
    assert [s.text for s in paperwork.subitems.all()] == ["W-4 form", "I-9 form", "Benefits"]
    assert all(t.events.filter(kind=TaskEventKind.CREATED).count() == 1 for t in tasks)


def test_weekly_checkins_run_through_day_90_plus_occasional_non_peer_ones(world):
    add_plans(world)
    hire = world.plan_a.checkins.filter(kind=CheckinKind.WITH_HIRE).order_by("scheduled_for")
    assert [c.scheduled_for for c in hire] == [_days(7 * k) for k in range(1, 13)]
    assert hire[0].questions == ["What's going well?", "What could be going better?"]
    staff = world.plan_a.checkins.filter(kind=CheckinKind.WITH_NON_PEER_STAFF)
    assert sorted(c.scheduled_for for c in staff) == [_days(30), _days(60), _days(90)]
    assert staff[0].questions == ["Do you understand the peer role?"]


@pytest.mark.parametrize(
    "cadence, days",
    [(Cadence.BIWEEKLY, [14, 28, 42, 56, 70, 84]), (Cadence.MONTHLY, [30, 60, 90])],
)
def test_cadence_is_chosen_per_plan(world, cadence, days):
    plan = make_plan(
        make_template(),
        agency=world.agency,
        program=world.program,
        started_by=world.hr,
        checkin_cadence=cadence,
    )
    hire = plan.checkins.filter(kind=CheckinKind.WITH_HIRE).order_by("scheduled_for")
    assert [c.scheduled_for for c in hire] == [_days(d) for d in days]


def test_non_peer_plan_asks_the_non_peer_questions_and_has_no_extra_checkins(world):
    plan = make_plan(
        make_template(),
        agency=world.agency,
        program=world.program,
        started_by=world.hr,
        peer_role=PeerRole.NON_PEER,
    )
    assert not plan.checkins.filter(kind=CheckinKind.WITH_NON_PEER_STAFF).exists()
    assert plan.checkins.first().questions == ["Do you understand the peer role?"]


def test_volunteer_plan_leaves_out_items_that_do_not_apply(world):
    plan = make_plan(
        make_template(),
        agency=world.agency,
        program=world.program,
        started_by=world.hr,
        employment_type=EmploymentType.VOLUNTEER,
    )
    texts = list(plan.tasks.values_list("text", flat=True))
    assert "Enroll in benefits" not in texts
    assert len(texts) == 6


def test_moving_the_start_date_moves_open_tasks_and_pending_checkins_only(world):
    add_plans(world)
    plan = world.plan_a
    done = plan.tasks.get(text="Review core competencies")
    services.close_tasks([done], actor=world.hr, status=TaskStatus.DONE)
    held = plan.checkins.filter(kind=CheckinKind.WITH_HIRE).order_by("scheduled_for").first()
    services.record_checkin(
        held,
        actor=world.sup_a2,
        expected_revision=0,
        held_on=_days(7),
        with_whom="",
        answers=["Good", ""],
        follow_ups="",
    )
    services.update_plan(
        plan,
        actor=world.hr,
        expected_revision=plan.revision,
        changes={"target_start_date": _days(14)},
    )
    done.refresh_from_db()
    held.refresh_from_db()
    assert done.due_date == _days(-21)
    assert held.scheduled_for == _days(7)
    open_task = plan.tasks.get(text="WEEK ONE: Read the handbook")
    assert open_task.due_date == _days(19)
    assert open_task.events.filter(kind=TaskEventKind.DUE_DATE_MOVED).exists()
    pending = plan.checkins.filter(held_on__isnull=True).order_by("scheduled_for").first()
    assert pending.scheduled_for == _days(14 + 14)


def test_attaching_the_selected_person_later_assigns_their_open_tasks(world):
    add_plans(world)
    opening = world.opening_a
    hire_task = opening.tasks.get(responsible_role=ResponsibleRole.HIRE)
    assert hire_task.assignee is None
    services.update_plan(
        opening,
        actor=world.hr,
        expected_revision=opening.revision,
        changes={"hire": world.peer_a_staff},
    )
    hire_task.refresh_from_db()
    assert hire_task.assignee == world.peer_a_staff
    assert hire_task.events.filter(kind=TaskEventKind.ASSIGNED).exists()


def test_a_stale_settings_form_is_refused(world):
    add_plans(world)
    plan = world.plan_a
    services.update_plan(plan, actor=world.hr, expected_revision=1, changes={})
    with pytest.raises(services.Conflict):
        services.update_plan(
            plan, actor=world.hr, expected_revision=1, changes={"target_start_date": _days(3)}
        )
    plan.refresh_from_db()
    assert plan.target_start_date == START


def test_done_undo_not_applicable_keeps_every_step_in_the_history(world):
    add_plans(world)
    task = world.task_a
    services.close_tasks([task], actor=world.sup_a2, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert task.completed_by == world.sup_a2 and task.completed_at is not None
    services.reopen_task(task, actor=world.hr, expected_status=TaskStatus.DONE)
    services.close_tasks(
        [task], actor=world.hr, status=TaskStatus.NOT_APPLICABLE, reason="Hired as a volunteer"
    )
    services.add_note(task, actor=world.hr, text="Checked with payroll.")
    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds == [
        TaskEventKind.CREATED,
        TaskEventKind.DONE,
        TaskEventKind.REOPENED,
        TaskEventKind.NOT_APPLICABLE,
        TaskEventKind.NOTE,
    ]
    task.refresh_from_db()
    assert task.status_reason == "Hired as a volunteer"


def test_closing_a_task_someone_else_closed_first_is_a_conflict(world):
    add_plans(world)
    services.close_tasks([world.task_a], actor=world.hr, status=TaskStatus.DONE)
    with pytest.raises(services.Conflict):
        services.close_tasks(
            [world.task_a, world.hire_task_a], actor=world.sup_a2, status=TaskStatus.DONE
        )
    world.hire_task_a.refresh_from_db()
    assert world.hire_task_a.status == TaskStatus.OPEN  # nothing half-written


def test_not_applicable_needs_a_reason(world):
    add_plans(world)
    with pytest.raises(ValueError):
        services.close_tasks(
            [world.task_a], actor=world.hr, status=TaskStatus.NOT_APPLICABLE, reason="  "
        )


def test_removing_a_task_keeps_it_with_its_reason(world):
    add_plans(world)
    services.remove_task(world.task_a, actor=world.hr, reason="Paperwork done at the old job")
    world.task_a.refresh_from_db()
    assert world.task_a.status == TaskStatus.REMOVED
    assert world.task_a.events.filter(kind=TaskEventKind.REMOVED).get().text == (
        "Paperwork done at the old job"
    )


def test_subitems_are_checked_on_their_own(world):
    add_plans(world)
    first, second, _third = world.task_a.subitems.all()
    assert services.set_subitem(first, actor=world.hr, checked=True)
    assert not services.set_subitem(first, actor=world.hr, checked=True)  # already checked
    world.task_a.refresh_from_db()
    assert world.task_a.subitem_progress() == (1, 3)
    assert world.task_a.status == TaskStatus.OPEN


def test_editing_the_template_never_changes_a_plan_under_way(world):
    add_plans(world)
    template = world.template
    assert template.is_locked()
    copy = template.make_new_draft()
    assert copy.version == 2 and copy.items.count() == template.items.count()
    assert copy.checkin_questions.count() == 3
    ChecklistItem.objects.filter(template=copy).update(text="Changed")
    copy.publish()
    template.refresh_from_db()
    assert template.status == "retired"
    assert not world.plan_a.tasks.filter(text="Changed").exists()
    assert world.plan_a.template == template


def test_one_off_task_is_added_for_this_plan_only(world):
    add_plans(world)
    task = services.add_task(
        world.plan_a,
        actor=world.hr,
        text="Meet the peer team",
        phase=Phase.WEEK_ONE,
        due_date=_days(3),
        responsible_role=ResponsibleRole.SUPERVISOR,
    )
    assert task.is_one_off and task.assignee == world.sup_a2_staff
    assert not world.plan_b.tasks.filter(text="Meet the peer team").exists()
