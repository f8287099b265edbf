from tests.matrix import Case, allowed, everyone

CASES = [
    Case("peerwork:home", everyone()),
    Case("peerwork:staff_list", everyone()),
    Case("peerwork:program_list", everyone()),
    # peer_a reports to sup_a2, who reports to sup_a: an indirect report.
    Case(
        "peerwork:staff_detail",
        allowed("peer_a", "sup_a", "sup_a2", "hr", "admin"),
        kwargs=lambda w: {"staff_id": w.peer_a_staff.pk},
    ),
    Case(
        "peerwork:staff_detail",
        allowed("peer_b", "sup_b", "hr", "admin"),
        kwargs=lambda w: {"staff_id": w.peer_b_staff.pk},
        note="another supervisor's report",
    ),
    Case(
        "peerwork:staff_detail",
        allowed("admin"),
        kwargs=lambda w: {"staff_id": w.outsider_staff.pk},
        note="another agency's staff: only an admin",
    ),
    Case(
        "peerwork:staff_detail",
        allowed(),
        kwargs=lambda w: {"staff_id": 999999},
        note="unknown id",
    ),
    Case("login", {role: 200 for role in allowed()}),
    # Logging out is a POST; a GET is refused without side effects.
    Case("logout", {role: 405 for role in allowed()}),
    Case("password_change", everyone()),
    Case("password_change_done", everyone()),
]
