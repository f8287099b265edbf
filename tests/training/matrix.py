"""Who may open each training URL. See tests/matrix.py and tests/training/factories.py.

The upcoming and past sessions are trained by sup_b; peer_a (who reports to sup_a2, who
reports to sup_a) is enrolled in the upcoming one and attended the past one.
"""

from tests.matrix import Case, allowed, everyone
from tests.training.factories import add_training

PEER_A_VIEWERS = ("peer_a", "sup_a", "sup_a2", "hr", "admin")
WITH_RECORD = ("peer_a", "peer_b", "sup_a", "sup_a2", "sup_b", "hr")


def upcoming(w):
    return {"session_id": w.upcoming.pk}


def past(w):
    return {"session_id": w.past.pk}


def peer_a_data(w):
    return {"staff": w.peer_a_staff.pk}


CASES = [
    Case("training:catalog", everyone(), setup=add_training),
    Case(
        "training:course_detail",
        everyone(),
        kwargs=lambda w: {"course_id": w.course.pk},
        setup=add_training,
    ),
    Case(
        "training:course_detail",
        allowed("admin"),
        kwargs=lambda w: {"course_id": w.other_course.pk},
        setup=add_training,
        note="another agency's course",
    ),
    Case(
        "training:course_detail",
        allowed(),
        kwargs=lambda w: {"course_id": 999999},
        setup=add_training,
        note="unknown id",
    ),
    Case("training:session_list", everyone(), setup=add_training),
    Case("training:session_create", allowed("hr", "admin"), setup=add_training),
    Case(
        "training:session_create",
        allowed("hr", "admin"),
        setup=add_training,
        query="course=abc",
        note="malformed course",
    ),
    Case("training:session_detail", everyone(), kwargs=upcoming, setup=add_training),
    Case(
        "training:session_detail",
        allowed("admin"),
        kwargs=lambda w: {"session_id": w.other_session.pk},
        setup=add_training,
        note="another agency's session",
    ),
    Case("training:session_edit", allowed("hr", "admin"), kwargs=upcoming, setup=add_training),
    Case(
        "training:session_cancel",
        allowed("hr", "admin", ok=302),
        kwargs=upcoming,
        method="post",
        setup=add_training,
    ),
    Case(
        "training:session_enroll",
        allowed("sup_a", "sup_a2", "hr", "admin", ok=302, others=400),
        kwargs=upcoming,
        method="post",
        data=lambda w: {"staff": w.sup_a2_staff.pk},
        setup=add_training,
        note="sup_a2: themselves, their supervisor or HR",
    ),
    Case(
        "training:session_enroll",
        allowed("peer_a", "sup_a", "sup_a2", "hr", "admin", ok=302, others=400),
        kwargs=upcoming,
        method="post",
        data=peer_a_data,
        setup=lambda w: (add_training(w), w.enrollment_a.delete()),
        note="peer_a",
    ),
    Case(
        "training:enrollment_action",
        allowed(*PEER_A_VIEWERS, ok=302),
        kwargs=lambda w: {"session_id": w.upcoming.pk, "enrollment_id": w.enrollment_a.pk},
        method="post",
        data=lambda w: {"action": "cancel"},
        setup=add_training,
    ),
    Case(
        "training:enrollment_action",
        allowed("hr", "admin", ok=302),
        kwargs=lambda w: {"session_id": w.upcoming.pk, "enrollment_id": w.enrollment_a.pk},
        method="post",
        data=lambda w: {"action": "approve"},
        setup=add_training,
        note="only HR decides",
    ),
    Case(
        "training:session_attendance",
        allowed("sup_b", "hr", "admin"),
        kwargs=past,
        setup=add_training,
    ),
    Case(
        "training:certificate",
        allowed(*PEER_A_VIEWERS),
        kwargs=lambda w: {"attendance_id": w.attendance_a.pk},
        setup=add_training,
    ),
    Case("training:my_training", allowed(*WITH_RECORD), setup=add_training),
    Case(
        "training:staff_training",
        allowed(*PEER_A_VIEWERS),
        kwargs=lambda w: {"staff_id": w.peer_a_staff.pk},
        setup=add_training,
    ),
    Case("training:requirement_list", allowed("hr", "admin"), setup=add_training),
    Case(
        "training:requirement_delete",
        allowed("hr", "admin", ok=302),
        kwargs=lambda w: {"requirement_id": w.requirement.pk},
        method="post",
        setup=add_training,
    ),
]
