"""Who may open each supervision URL. See tests/matrix.py and tests/supervision/factories.py.

session_a: sup_a2 supervises peer_a; sup_a (sup_a2's own supervisor) sees it, HR sees it;
peer_b and sup_b (another team) get 404, and nobody of this agency sees another agency's.
"""

from tests.factories import ProgramFactory
from tests.matrix import Case, allowed, everyone
from tests.supervision.factories import add_supervision, signed

SESSION_A_VIEWERS = ("peer_a", "sup_a", "sup_a2", "hr", "admin")
PEER_A_RECORD = ("peer_a", "sup_a", "sup_a2", "hr", "admin")
SUPERVISORS_OF_PEER_A = ("sup_a", "sup_a2")
STAFF = ("peer_a", "peer_b", "sup_a", "sup_a2", "sup_b", "hr")


def session_a(w):
    return {"session_id": w.session_a.pk}


def plan_a(w):
    return {"plan_id": w.plan_a.pk}


def peer_a(w):
    return {"staff_id": w.peer_a_staff.pk}


def add_other_program(w):
    add_supervision(w)
    w.program_other = ProgramFactory(agency=w.other_agency, name="Elsewhere Program")


def with_query(case, query):
    """A case whose query string needs the world's ids (the runner reads it after setup)."""
    setup = case.setup

    def _setup(w):
        setup(w)
        case.query = query(w)

    case.setup = _setup
    return case


CASES = [
    Case("supervision:overview", everyone(), setup=add_supervision),
    Case("supervision:settings", allowed("hr", "admin"), setup=add_supervision),
    Case(
        "supervision:settings",
        allowed("hr", "admin", ok=302),
        method="post",
        data=lambda w: {"default_cadence_days": "7"},
        setup=add_supervision,
    ),
    Case(
        "supervision:settings",
        allowed("hr", "admin"),
        method="post",
        data=lambda w: {"default_cadence_days": "0"},
        setup=add_supervision,
        note="out of range: the form again",
    ),
    Case(
        "supervision:hours",
        allowed("sup_a", "sup_a2", "sup_b", "hr", "admin"),
        setup=add_supervision,
    ),
    Case(
        "supervision:hours",
        allowed("sup_a", "sup_a2", "sup_b", "hr", "admin"),
        query="start=nonsense&end=2026-99-01",
        setup=add_supervision,
        note="malformed period",
    ),
    Case("supervision:roles", allowed("hr", "admin"), setup=add_supervision),
    Case(
        "supervision:program_roles",
        allowed("sup_a", "sup_a2", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"program_id": w.program.pk},
        setup=add_supervision,
    ),
    Case(
        "supervision:program_roles",
        allowed("admin"),
        kwargs=lambda w: {"program_id": w.program_other.pk},
        setup=add_other_program,
        note="another agency's program",
    ),
    Case("supervision:person", allowed(*PEER_A_RECORD), kwargs=peer_a, setup=add_supervision),
    Case(
        "supervision:person",
        allowed("admin"),
        kwargs=lambda w: {"staff_id": w.outsider_staff.pk},
        setup=add_supervision,
        note="another agency's person",
    ),
    Case(
        "supervision:cadence_edit",
        allowed("sup_a", "sup_a2", "hr", "admin"),
        kwargs=peer_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:cadence_edit",
        allowed("sup_a", "sup_a2", "hr", "admin", ok=302),
        kwargs=peer_a,
        method="post",
        data=lambda w: {"cadence_days": "7", "reason": "New in the role"},
        setup=add_supervision,
    ),
    Case(
        "supervision:basics_new",
        allowed(*SUPERVISORS_OF_PEER_A),
        kwargs=peer_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:basics_new",
        allowed(*SUPERVISORS_OF_PEER_A),
        kwargs=peer_a,
        method="post",
        data=lambda w: {"answered_on": "nonsense"},
        setup=add_supervision,
        note="invalid: the form again",
    ),
    with_query(
        Case("supervision:session_new", allowed(*SUPERVISORS_OF_PEER_A), setup=add_supervision),
        lambda w: f"staff={w.peer_a_staff.pk}",
    ),
    with_query(
        Case(
            "supervision:session_new",
            allowed(),
            setup=add_supervision,
            note="someone who does not report to the user",
        ),
        lambda w: f"staff={w.outsider_staff.pk}",
    ),
    Case(
        "supervision:session_new",
        allowed(),
        query="staff=abc",
        setup=add_supervision,
        note="malformed staff id",
    ),
    Case("supervision:session_new", allowed(), setup=add_supervision, note="nobody chosen"),
    Case(
        "supervision:session_detail",
        allowed(*SESSION_A_VIEWERS),
        kwargs=session_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:session_detail",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"session_id": w.session_b.pk},
        setup=add_supervision,
        note="another team's session",
    ),
    Case(
        "supervision:session_detail",
        allowed("admin"),
        kwargs=lambda w: {"session_id": w.session_other.pk},
        setup=add_supervision,
        note="another agency's session",
    ),
    Case(
        "supervision:session_detail",
        allowed(),
        kwargs=lambda w: {"session_id": 999999},
        setup=add_supervision,
        note="unknown id",
    ),
    Case(
        "supervision:session_detail",
        allowed(*SESSION_A_VIEWERS),
        kwargs=session_a,
        setup=signed("copy_a"),
        note="acknowledged: its signed copy, reopening for its supervisor",
    ),
    Case("supervision:session_edit", allowed("sup_a2"), kwargs=session_a, setup=add_supervision),
    Case(
        "supervision:session_comment",
        allowed("peer_a", ok=302),
        kwargs=session_a,
        method="post",
        data=lambda w: {"comment": "Thanks, that helped."},
        setup=add_supervision,
    ),
    Case(
        "supervision:session_acknowledge",
        allowed("peer_a", "sup_a2"),
        kwargs=session_a,
        method="post",
        data=lambda w: {"sign_name": "Someone Else", "sign_password": "wrong"},
        setup=add_supervision,
        note="wrong name and password: the page with the errors",
    ),
    Case(
        "supervision:session_reopen",
        allowed("sup_a2", ok=302),
        kwargs=session_a,
        method="post",
        data=lambda w: {"reason": "The duration was wrong."},
        setup=signed("copy_a"),
    ),
    Case(
        "supervision:session_reopen",
        allowed("sup_a2"),
        kwargs=session_a,
        method="post",
        data=lambda w: {"reason": ""},
        setup=signed("copy_a"),
        note="no reason: the page with the error",
    ),
    Case(
        "supervision:session_pdf",
        allowed(*SESSION_A_VIEWERS),
        kwargs=session_a,
        setup=signed("copy_a"),
        note="signed: the stored copy",
    ),
    Case(
        "supervision:session_pdf",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"session_id": w.session_b.pk},
        setup=add_supervision,
        note="another team's session, not signed",
    ),
    Case(
        "supervision:session_pdf",
        allowed("admin"),
        kwargs=lambda w: {"session_id": w.session_other.pk},
        setup=add_supervision,
        note="another agency's session",
    ),
    Case(
        "supervision:session_signed_copy",
        allowed(*SESSION_A_VIEWERS),
        kwargs=lambda w: {"session_id": w.session_a.pk, "signature_id": w.copy_a.pk},
        setup=signed("copy_a"),
    ),
    Case(
        "supervision:session_signed_copy",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"session_id": w.session_b.pk, "signature_id": w.copy_b.pk},
        setup=signed("copy_b"),
        note="another team's session",
    ),
    Case(
        "supervision:session_signed_copy",
        allowed("admin"),
        kwargs=lambda w: {"session_id": w.session_other.pk, "signature_id": w.copy_other.pk},
        setup=signed("copy_other"),
        note="another agency's session",
    ),
    Case(
        "supervision:session_signed_copy",
        allowed(),
        kwargs=lambda w: {"session_id": w.session_b.pk, "signature_id": w.copy_a.pk},
        setup=signed("copy_a"),
        note="a copy of another session",
    ),
    Case(
        "supervision:session_signed_copy",
        allowed(),
        kwargs=lambda w: {"session_id": w.session_a.pk, "signature_id": w.plan_copy_a.pk},
        setup=signed("plan_copy_a"),
        note="a copy of a plan, through a session",
    ),
    Case(
        "supervision:action_done",
        allowed("peer_a", "sup_a", "sup_a2", ok=302),
        kwargs=lambda w: {"action_id": w.action_a.pk},
        method="post",
        setup=add_supervision,
    ),
    Case(
        "supervision:workplan_detail",
        allowed(*SESSION_A_VIEWERS),
        kwargs=plan_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:workplan_detail",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk},
        setup=add_supervision,
        note="another agency's plan",
    ),
    Case(
        "supervision:workplan_detail",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"plan_id": w.plan_b.pk},
        setup=add_supervision,
        note="another team's plan",
    ),
    Case(
        "supervision:workplan_detail",
        allowed(*SESSION_A_VIEWERS),
        kwargs=plan_a,
        setup=signed("plan_copy_a"),
        note="signed by the employee: its signed copy",
    ),
    Case(
        "supervision:workplan_edit",
        allowed("peer_a", "sup_a2"),
        kwargs=plan_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:workplan_sign",
        allowed("peer_a", "sup_a2"),
        kwargs=plan_a,
        method="post",
        data=lambda w: {"sign_name": "Someone Else", "sign_password": "wrong"},
        setup=add_supervision,
        note="wrong name and password: the page with the errors",
    ),
    Case(
        "supervision:workplan_extend",
        allowed(),
        kwargs=plan_a,
        setup=add_supervision,
        note="a draft plan is not extended",
    ),
    Case(
        "supervision:workplan_pdf",
        allowed(*SESSION_A_VIEWERS),
        kwargs=plan_a,
        setup=add_supervision,
    ),
    Case(
        "supervision:workplan_pdf",
        allowed(*SESSION_A_VIEWERS),
        kwargs=plan_a,
        setup=signed("plan_copy_a"),
        note="signed: the stored copy",
    ),
    Case(
        "supervision:workplan_signed_copy",
        allowed(*SESSION_A_VIEWERS),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "signature_id": w.plan_copy_a.pk},
        setup=signed("plan_copy_a"),
    ),
    Case(
        "supervision:workplan_signed_copy",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"plan_id": w.plan_b.pk, "signature_id": w.plan_copy_b.pk},
        setup=signed("plan_copy_b"),
        note="another team's plan",
    ),
    Case(
        "supervision:workplan_signed_copy",
        allowed("admin"),
        kwargs=lambda w: {"plan_id": w.plan_other.pk, "signature_id": w.plan_copy_other.pk},
        setup=signed("plan_copy_other"),
        note="another agency's plan",
    ),
    Case(
        "supervision:workplan_signed_copy",
        allowed(),
        kwargs=lambda w: {"plan_id": w.plan_b.pk, "signature_id": w.plan_copy_a.pk},
        setup=signed("plan_copy_a"),
        note="a copy of another plan",
    ),
    Case(
        "supervision:workplan_signed_copy",
        allowed(),
        kwargs=lambda w: {"plan_id": w.plan_a.pk, "signature_id": 999999},
        setup=add_supervision,
        note="unknown copy",
    ),
]
