"""Who may open each onboarding URL. See tests/matrix.py and tests/onboarding/factories.py.

plan_a's hire is peer_a; its supervisor is sup_a2, who reports to sup_a (who sees it through
the reporting line). sup_b and peer_b belong to another team; plan_other to another agency.
"""

from tests.matrix import Case, allowed, everyone
from tests.onboarding.factories import add_plans

PLAN_A_VIEWERS = ("peer_a", "sup_a", "sup_a2", "hr", "admin")
PLAN_A_WORKERS = ("sup_a", "sup_a2", "hr", "admin")


def plan_a(w):
    return {"plan_id": w.plan_a.pk}


def task_a(w):
    return {"plan_id": w.plan_a.pk, "task_id": w.task_a.pk}


def with_status(expect, **overrides):
    return {**expect, **overrides}


CASES = [
    Case("onboarding:dashboard", allowed("hr", "admin"), setup=add_plans),
    Case(
        "onboarding:dashboard",
        allowed("hr", "admin"),
        setup=add_plans,
        query="program=abc&phase=nope&overdue=maybe&page=-3&peer_role=%00",
        note="malformed query string",
    ),
    Case("onboarding:plan_start", allowed("hr", "admin")),
    Case("onboarding:my_work", everyone(), setup=add_plans),
    # The admin has no staff record, so no onboarding of their own.
    Case(
        "onboarding:my_onboarding",
        allowed("peer_a", "peer_b", "sup_a", "sup_a2", "sup_b", "hr"),
        setup=add_plans,
    ),
    Case("onboarding:plan_detail", allowed(*PLAN_A_VIEWERS), kwargs=plan_a, setup=add_plans),
    Case(
        "onboarding:plan_detail",
        allowed("sup_a", "sup_a2", "hr", "admin"),
        kwargs=lambda w: {"plan_id": w.opening_a.pk},
        setup=add_plans,
        note="an opening with nobody selected yet",
    ),
    Case(
        "onboarding:plan_detail",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"plan_id": w.plan_b.pk},
        setup=add_plans,
        note="another supervisor's hire",
    ),
    Case(
        "onboarding:plan_detail",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk},
        setup=add_plans,
        note="another agency's plan",
    ),
    Case(
        "onboarding:plan_detail",
        allowed(),
        kwargs=lambda w: {"plan_id": 999999},
        setup=add_plans,
        note="unknown id",
    ),
    Case("onboarding:plan_print", allowed(*PLAN_A_VIEWERS), kwargs=plan_a, setup=add_plans),
    Case(
        "onboarding:plan_print",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk},
        setup=add_plans,
        note="another agency's plan",
    ),
    Case("onboarding:plan_pdf", allowed(*PLAN_A_VIEWERS), kwargs=plan_a, setup=add_plans),
    Case(
        "onboarding:plan_pdf",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"plan_id": w.plan_b.pk},
        setup=add_plans,
        note="another supervisor's hire",
    ),
    Case("onboarding:plan_settings", allowed("hr", "admin"), kwargs=plan_a, setup=add_plans),
    Case(
        "onboarding:plan_settings",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk},
        setup=add_plans,
        note="another agency's plan",
    ),
    Case("onboarding:task_add", allowed("hr", "admin"), kwargs=plan_a, setup=add_plans),
    Case(
        "onboarding:task_add",
        allowed("hr", "admin", ok=302),
        kwargs=plan_a,
        setup=add_plans,
        method="post",
        data=lambda w: {
            "text": "Meet the team",
            "phase": "week_one",
            "due_date": "2026-03-04",
            "responsible_role": "supervisor",
        },
        note="post",
    ),
    Case("onboarding:task_detail", allowed(*PLAN_A_VIEWERS), kwargs=task_a, setup=add_plans),
    Case(
        "onboarding:task_detail",
        allowed(),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "task_id": w.task_b.pk},
        setup=add_plans,
        note="a task of someone else's plan",
    ),
    Case(
        "onboarding:task_detail",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk, "task_id": w.plan_other.tasks.first().pk},
        setup=add_plans,
        note="another agency's task",
    ),
    Case(
        "onboarding:task_action",
        allowed(*PLAN_A_WORKERS, ok=302),
        kwargs=task_a,
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "done", "confirm_unchecked": "1"},
        note="done",
    ),
    Case(
        "onboarding:task_action",
        allowed("peer_a", *PLAN_A_WORKERS, ok=302),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "task_id": w.hire_task_a.pk},
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "done", "confirm_unchecked": "1"},
        note="the hire's own task",
    ),
    Case(
        "onboarding:task_action",
        allowed("hr", "admin", ok=302),
        kwargs=task_a,
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "remove", "remove-reason": "Done at the previous job"},
        note="remove: HR only",
    ),
    Case(
        "onboarding:task_action",
        allowed(),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "task_id": w.task_b.pk},
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "done", "confirm_unchecked": "1"},
        note="a task of someone else's plan",
    ),
    Case(
        "onboarding:subitem_set",
        allowed(*PLAN_A_WORKERS, ok=302),
        kwargs=lambda w: {**task_a(w), "subitem_id": w.subitem_a.pk},
        setup=add_plans,
        method="post",
        data=lambda w: {"checked": "1"},
    ),
    Case(
        "onboarding:subitem_set",
        allowed(),
        kwargs=lambda w: {**task_a(w), "subitem_id": 999999},
        setup=add_plans,
        method="post",
        data=lambda w: {"checked": "1"},
        note="unknown sub-item",
    ),
    # peer_a may update only their own tasks: task_a is not one, so the form refuses it (400).
    Case(
        "onboarding:tasks_bulk",
        with_status(allowed(*PLAN_A_WORKERS, ok=302), peer_a=400),
        kwargs=plan_a,
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "done", "tasks": [w.task_a.pk]},
    ),
    Case(
        "onboarding:tasks_bulk",
        allowed("peer_b", "sup_b", "hr", "admin", ok=400),
        kwargs=lambda w: {"plan_id": w.plan_b.pk},
        setup=add_plans,
        method="post",
        data=lambda w: {"action": "done", "tasks": [w.task_a.pk]},
        note="another plan's task id",
    ),
    Case(
        "onboarding:checkin_detail",
        allowed(*PLAN_A_VIEWERS),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "checkin_id": w.checkin_a.pk},
        setup=add_plans,
    ),
    Case(
        "onboarding:checkin_detail",
        allowed(*PLAN_A_WORKERS),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "checkin_id": w.staff_checkin_a.pk},
        setup=add_plans,
        note="with non-peer staff: not shown to the hire",
    ),
    Case(
        "onboarding:checkin_detail",
        allowed(*PLAN_A_WORKERS, ok=302),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "checkin_id": w.checkin_a.pk},
        setup=add_plans,
        method="post",
        data=lambda w: {
            "held_on": "2026-03-09",
            "revision": "0",
            "answer_0": "Settling in",
            "answer_1": "",
        },
        note="record",
    ),
    Case(
        "onboarding:checkin_detail",
        allowed(),
        kwargs=lambda w: {"plan_id": w.plan_b.pk, "checkin_id": w.checkin_a.pk},
        setup=add_plans,
        note="a check-in of another plan",
    ),
]

# HR changes a task's due date or assignee (their agency; admins everywhere).
CASES += [
    Case("onboarding:task_edit", allowed("hr", "admin"), kwargs=task_a, setup=add_plans),
    Case(
        "onboarding:task_edit",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk, "task_id": w.plan_other.tasks.first().pk},
        setup=add_plans,
        note="another agency's plan",
    ),
    Case(
        "onboarding:task_edit",
        allowed("hr", "admin", ok=302),
        kwargs=task_a,
        setup=add_plans,
        method="post",
        data=lambda w: {
            "due_date": w.task_a.due_date.isoformat(),
            "assignee": "",
            "loaded_due_date": w.task_a.due_date.isoformat(),
            "loaded_assignee": w.task_a.assignee_id or "",
        },
    ),
]
