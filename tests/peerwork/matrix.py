from tests.conftest import WORLD_ROLES
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

# --- HR keeps staff records (HR in their agency, admins everywhere; others 404) ---------


def _staff(w):
    return {"staff_id": w.peer_a_staff.pk}


def _outsider(w):
    return {"staff_id": w.outsider_staff.pk}


def _new_person(w):
    return {
        "full_name": "Matrix Person",
        "position_title": "Peer Support Specialist",
        "peer_role": "peer",
        "employment_type": "employee",
        "status": "active",
    }


def _give_peer_b_an_invitation(w):
    from peerwork import services
    from tests.factories import StaffMemberFactory

    w.invitee = StaffMemberFactory(agency=w.agency, email="invitee@example.org")
    services.give_account(w.invitee, username="invitee", roles=["peer_staff"], by=w.hr)


HR = ("hr", "admin")

CASES += [
    Case("peerwork:staff_add", allowed(*HR)),
    Case("peerwork:staff_add", allowed(*HR, ok=302), method="post", data=_new_person),
    Case("peerwork:invitation_list", allowed(*HR)),
    Case("peerwork:staff_edit", allowed(*HR), kwargs=_staff),
    Case("peerwork:staff_edit", allowed("admin"), kwargs=_outsider, note="another agency"),
    Case("peerwork:staff_reporting_line", allowed(*HR), kwargs=_staff),
    Case(
        "peerwork:staff_reporting_line",
        allowed("admin"),
        kwargs=_outsider,
        note="another agency",
    ),
    Case("peerwork:staff_end_employment", allowed(*HR), kwargs=_staff),
    Case(
        "peerwork:staff_end_employment",
        allowed("admin"),
        kwargs=_outsider,
        note="another agency",
    ),
    Case("peerwork:staff_open_work", allowed(*HR), kwargs=_staff),
    Case("peerwork:staff_account", allowed(*HR), kwargs=_staff),
    Case("peerwork:staff_account", allowed("admin"), kwargs=_outsider, note="another agency"),
    Case(
        "peerwork:staff_invite",
        allowed(*HR, ok=302),
        kwargs=lambda w: {"staff_id": w.invitee.pk},
        method="post",
        setup=_give_peer_b_an_invitation,
    ),
    Case(
        "peerwork:staff_invite",
        {role: 405 if role != "anonymous" else 302 for role in allowed()},
        kwargs=_staff,
        note="GET is refused",
    ),
    # Password reset and invitations are for people who cannot log in yet: open to all.
    # The JavaScript catalog holds interface wording only; the login page needs it too.
    Case("peerwork:javascript_catalog", {role: 200 for role in allowed()}),
    Case("password_reset", {role: 200 for role in allowed()}),
    Case("password_reset_done", {role: 200 for role in allowed()}),
    Case("password_reset_complete", {role: 200 for role in allowed()}),
    Case(
        "password_reset_confirm",
        {role: 200 for role in allowed()},
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        note="a bad link says so",
    ),
    Case(
        "invitation_accept",
        {role: 200 for role in allowed()},
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        note="a bad link says so",
    ),
]

CASES += [
    Case("peerwork:login_lockouts", allowed("hr", "admin")),
    Case(
        "peerwork:login_unlock",
        allowed("hr", "admin", ok=302),
        method="post",
        data=lambda w: {"username": "nobody-locked"},
    ),
]

CASES += [
    Case("peerwork:todo_list", everyone()),
    Case("peerwork:preferences", everyone()),
    Case(
        "peerwork:preferences",
        everyone(ok=302),
        method="post",
        data=lambda w: {"language": "en", "reminder_frequency": "overdue"},
        note="save",
    ),
    # The language switch is for everyone, logged in or not (a GET is refused).
    Case(
        "peerwork:set_language",
        {role: 302 for role in WORLD_ROLES},
        method="post",
        data=lambda w: {"language": "en", "next": "/accounts/login/"},
    ),
    Case("peerwork:set_language", {role: 405 for role in WORLD_ROLES}, note="get"),
]


def _roster_import(w):
    """A pending roster upload by the world's HR (the file kept privately until confirmed)."""
    from peerwork import roster
    from tests.peerwork.roster_files import as_csv, roster_rows

    if not getattr(w, "roster_import", None):
        data = as_csv(roster_rows(3))
        _format, table = roster.read_table(data)
        w.roster_import = roster.store_upload(
            w.agency, w.hr, "roster.csv", data, "csv", roster.guess_mapping(table.headers)
        )
    return {"import_id": w.roster_import.pk}


HR_HERE = allowed("hr", "admin")

CASES += [
    Case("peerwork:roster_upload", HR_HERE),
    Case(
        "peerwork:roster_upload",
        allowed("hr", "admin", ok=200),
        method="post",
        data=lambda w: {},
        note="no file: the form again with its message",
    ),
    Case("peerwork:roster_mapping", HR_HERE, kwargs=_roster_import),
    Case("peerwork:roster_preview", HR_HERE, kwargs=_roster_import),
    Case(
        "peerwork:roster_preview",
        allowed(),
        kwargs=lambda w: {"import_id": 999999},
        note="unknown id",
    ),
    Case(
        "peerwork:roster_confirm",
        allowed("hr", "admin", ok=302),
        kwargs=_roster_import,
        method="post",
    ),
    Case(
        "peerwork:roster_confirm",
        {role: 405 if role != "anonymous" else 302 for role in allowed()},
        kwargs=_roster_import,
        note="a GET writes nothing",
    ),
    Case("peerwork:staff_export", HR_HERE, kwargs=lambda w: {"file_format": "csv"}),
    Case(
        "peerwork:staff_export",
        HR_HERE,
        kwargs=lambda w: {"file_format": "xlsx"},
        note="xlsx",
    ),
    Case(
        "peerwork:staff_export",
        allowed(),
        kwargs=lambda w: {"file_format": "exe"},
        note="unknown format",
    ),
]
