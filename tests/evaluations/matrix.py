"""Authorization cases for every evaluations URL (see tests/matrix.py).

The world gets a launched cycle on a small form: peer_a's supervisor evaluation is written by
sup_a2 (sup_a is above them), peer_b's by sup_b; each peer has a self-assessment.
"""

import types

from evaluations import services
from evaluations.models import Evaluation, EvaluationKind
from peerwork import signatures
from tests.evaluations.factories import make_version
from tests.factories import PASSWORD
from tests.matrix import Case, allowed, everyone


def _cycle(world):
    from tests.evaluations.conftest import make_cycle

    return make_cycle(world, world.ev.version)


def _setup(world):
    if hasattr(world, "ev"):
        return
    version = make_version(categories=2, per_category=2)
    world.ev = types.SimpleNamespace(version=version)
    cycle = _cycle(world)
    services.launch_cycle(cycle, world.hr)
    by = {(e.subject_id, e.kind): e for e in Evaluation.objects.filter(cycle=cycle)}
    world.ev.cycle = cycle
    world.ev.sup_a = by[(world.peer_a_staff.pk, EvaluationKind.SUPERVISOR)]
    world.ev.self_a = by[(world.peer_a_staff.pk, EvaluationKind.SELF)]
    world.ev.sup_b = by[(world.peer_b_staff.pk, EvaluationKind.SUPERVISOR)]
    world.ev.structure = services.load_structure(version)
    world.ev.outsider = services.create_evaluation(
        world.outsider_staff, world.outsider, version, EvaluationKind.SELF
    )
    from evaluations.models import EvaluationCycle

    world.ev.outsider_cycle = EvaluationCycle.objects.create(
        agency=world.other_agency,
        name="Elsewhere review",
        period_start=cycle.period_start,
        period_end=cycle.period_end,
        due_date=cycle.due_date,
        framework_version=version,
    )


def _submit(evaluation, world, user):
    from tests.evaluations.conftest import submitted

    evaluation.refresh_from_db()
    if evaluation.is_draft:
        submitted(evaluation, world.ev.structure, user)


def _submitted_a(world):
    _setup(world)
    _submit(world.ev.sup_a, world, world.sup_a2)


def _both_submitted_a(world):
    _submitted_a(world)
    _submit(world.ev.self_a, world, world.peer_a)


def _self_submitted_a(world):
    _setup(world)
    _submit(world.ev.self_a, world, world.peer_a)


def _reopened_a(world):
    """Submitted, acknowledged, then reopened by HR: a draft with two earlier signed copies."""
    from tests.evaluations.conftest import acknowledged

    _submitted_a(world)
    evaluation = world.ev.sup_a
    evaluation.refresh_from_db()
    if evaluation.status == "submitted":
        acknowledged(evaluation, world.peer_a, "Read.")
        services.reopen(evaluation, world.hr, "Corrections.")
    world.ev.copy_a = signatures.for_object(evaluation).first()


def _copy_kwargs(world):
    return {"evaluation_id": world.ev.sup_a.pk, "signature_id": world.ev.copy_a.pk}


def _submitted_copy_a(world):
    _submitted_a(world)
    world.ev.copy_a = signatures.for_object(world.ev.sup_a).first()


def _with(expect, **overrides):
    return {**expect, **overrides}


def _save_data(world):
    return {"revision": "1", "goal_slots": "0", "action": "save"}


def _cycle_data(world):
    return {
        "name": "Autumn review",
        "period_start": "2026-07-01",
        "period_end": "2026-12-31",
        "due_date": "2027-01-31",
        "framework_version": str(world.ev.version.pk),
    }


EDITORS_A = allowed("sup_a", "sup_a2", "hr", "admin")
SEES_SUBMITTED_A = allowed("peer_a", "sup_a", "sup_a2", "hr", "admin")

CASES = [
    Case("evaluations:evaluation_list", everyone(), setup=_setup),
    Case(
        "evaluations:evaluation_list",
        everyone(),
        setup=_setup,
        query="cycle=abc&status=nonsense&kind=&whose=me&page=x",
        note="bad filters",
    ),
    Case("evaluations:evaluation_start", allowed("sup_a", "sup_a2", "sup_b"), setup=_setup),
    Case(
        "evaluations:evaluation_start",
        # sup_b may not pick another team's person: the form says so (200), nothing is made.
        _with(allowed("sup_a", "sup_a2", "sup_b", ok=302), sup_b=200),
        setup=_setup,
        method="post",
        data=lambda w: {
            "subject": str(w.peer_a_staff.pk),
            "framework_version": str(w.ev.version.pk),
        },
    ),
    Case(
        "evaluations:evaluation_detail",
        EDITORS_A,
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="supervisor evaluation, draft: not yet for the staff member",
    ),
    Case(
        "evaluations:evaluation_detail",
        SEES_SUBMITTED_A,
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="supervisor evaluation, submitted",
    ),
    Case(
        "evaluations:evaluation_detail",
        allowed("peer_a", "hr", "admin"),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.self_a.pk},
        note="self-assessment, draft: not yet for the supervisors",
    ),
    Case(
        "evaluations:evaluation_detail",
        SEES_SUBMITTED_A,
        setup=_self_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.self_a.pk},
        note="self-assessment, submitted",
    ),
    Case(
        "evaluations:evaluation_detail",
        allowed("sup_b", "hr", "admin"),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_b.pk},
        note="another team's evaluation",
    ),
    Case(
        "evaluations:evaluation_detail",
        allowed("admin"),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.outsider.pk},
        note="another agency",
    ),
    Case(
        "evaluations:evaluation_detail",
        allowed(),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": 999999},
        note="unknown id",
    ),
    Case(
        "evaluations:evaluation_detail",
        # The author and the supervisor above may save; HR and admins read, never write.
        _with(allowed("sup_a", "sup_a2", "hr", "admin", ok=302), hr=403, admin=403),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=_save_data,
        note="save a draft",
    ),
    Case(
        "evaluations:evaluation_detail",
        _with(allowed("peer_a", "hr", "admin", ok=302), hr=403, admin=403),
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.self_a.pk},
        method="post",
        data=_save_data,
        note="save a self-assessment draft",
    ),
    Case(
        "evaluations:evaluation_detail",
        # Nobody writes to a submitted evaluation; the editors get their input back (409).
        _with(SEES_SUBMITTED_A, sup_a=409, sup_a2=409, peer_a=409, hr=409, admin=409),
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=_save_data,
        note="save after submission",
    ),
    Case(
        "evaluations:evaluation_acknowledge",
        _with(SEES_SUBMITTED_A, peer_a=302, sup_a=403, sup_a2=403, hr=403, admin=403),
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=lambda w: {"sign_name": "Amani Achebe", "sign_password": PASSWORD},
    ),
    Case(
        "evaluations:evaluation_acknowledge",
        everyone(ok=405),
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="GET is refused",
    ),
    Case(
        "evaluations:evaluation_acknowledge",
        EDITORS_A | {"sup_a": 403, "sup_a2": 403, "hr": 403, "admin": 403},
        setup=_setup,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=lambda w: {"sign_name": "Amani Achebe", "sign_password": PASSWORD},
        note="a draft cannot be acknowledged (and is hidden from the staff member)",
    ),
    Case(
        "evaluations:evaluation_reopen",
        _with(SEES_SUBMITTED_A, hr=302, admin=302, sup_a=403, sup_a2=403, peer_a=403),
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=lambda w: {"reason": "Entered for the wrong period."},
    ),
    Case(
        "evaluations:evaluation_reopen",
        allowed("admin", ok=302),
        setup=lambda w: (_setup(w), _submit(w.ev.outsider, w, w.outsider)),
        kwargs=lambda w: {"evaluation_id": w.ev.outsider.pk},
        method="post",
        data=lambda w: {"reason": "Entered for the wrong period."},
        note="another agency: only an admin",
    ),
    Case(
        "evaluations:evaluation_compare",
        SEES_SUBMITTED_A,
        setup=_both_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
    ),
    Case(
        "evaluations:evaluation_compare",
        allowed("sup_a", "sup_a2", "hr", "admin"),
        setup=_self_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="supervisor draft beside a submitted self-assessment",
    ),
    Case(
        "evaluations:evaluation_compare",
        allowed(),
        setup=_submitted_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="self-assessment not submitted: nothing to compare",
    ),
    Case(
        "evaluations:evaluation_detail",
        # The person keeps the signed copies and history; the new draft is not shown to them.
        SEES_SUBMITTED_A,
        setup=_reopened_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        note="reopened after it was signed",
    ),
    Case(
        "evaluations:evaluation_detail",
        _with(EDITORS_A | {"peer_a": 403}, sup_a=302, sup_a2=302, hr=403, admin=403),
        setup=_reopened_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        method="post",
        data=lambda w: {
            "revision": str(Evaluation.objects.get(pk=w.ev.sup_a.pk).revision),
            "goal_slots": "0",
            "action": "save",
        },
        note="reopened: only the editors save",
    ),
    Case(
        "evaluations:signed_copy",
        SEES_SUBMITTED_A,
        setup=_submitted_copy_a,
        kwargs=_copy_kwargs,
        note="submitted",
    ),
    Case(
        "evaluations:signed_copy",
        SEES_SUBMITTED_A,
        setup=_reopened_a,
        kwargs=_copy_kwargs,
        note="an earlier round, while it is reopened",
    ),
    Case(
        "evaluations:signed_copy",
        allowed(),
        setup=_submitted_copy_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_b.pk, "signature_id": w.ev.copy_a.pk},
        note="a copy of another evaluation",
    ),
    Case(
        "evaluations:signed_copy",
        allowed(),
        setup=_submitted_copy_a,
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk, "signature_id": 999999},
        note="unknown copy",
    ),
    Case("evaluations:cycle_list", allowed("hr", "admin"), setup=_setup),
    Case("evaluations:cycle_create", allowed("hr", "admin"), setup=_setup),
    Case(
        "evaluations:cycle_create",
        allowed("hr", "admin", ok=302),
        setup=_setup,
        method="post",
        data=_cycle_data,
    ),
    Case(
        "evaluations:cycle_detail",
        allowed("hr", "admin"),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.cycle.pk},
    ),
    Case(
        "evaluations:cycle_detail",
        allowed("admin"),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.outsider_cycle.pk},
        note="another agency",
    ),
    Case(
        "evaluations:cycle_launch",
        allowed("hr", "admin", ok=302),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.cycle.pk},
        method="post",
    ),
    Case(
        "evaluations:cycle_launch",
        allowed("admin", ok=302),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.outsider_cycle.pk},
        method="post",
        note="another agency",
    ),
    Case(
        "evaluations:cycle_nudge",
        allowed("hr", "admin", ok=302),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.cycle.pk},
        method="post",
    ),
    Case(
        "evaluations:cycle_nudge",
        allowed("admin", ok=302),
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.outsider_cycle.pk},
        method="post",
        note="another agency",
    ),
    Case(
        "evaluations:cycle_nudge",
        {role: 405 if role != "anonymous" else 302 for role in allowed()},
        setup=_setup,
        kwargs=lambda w: {"cycle_id": w.ev.cycle.pk},
        note="a GET changes nothing",
    ),
]

# HR reassigns or cancels an open evaluation (the person's agency; admins everywhere).
CASES += [
    Case(
        "evaluations:evaluation_reassign",
        allowed("hr", "admin"),
        kwargs=lambda w: {"evaluation_id": w.ev.sup_a.pk},
        setup=_setup,
    ),
    Case(
        "evaluations:evaluation_reassign",
        allowed("admin"),
        kwargs=lambda w: {"evaluation_id": w.ev.outsider.pk},
        setup=_setup,
        note="another agency",
    ),
    Case(
        "evaluations:evaluation_reassign",
        allowed("hr", "admin", ok=302),
        kwargs=lambda w: {"evaluation_id": w.ev.sup_b.pk},
        setup=_setup,
        method="post",
        data=lambda w: {"action": "cancel", "cancel-reason": "Left before the review."},
        note="cancel",
    ),
]
