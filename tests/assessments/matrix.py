"""Who may reach each assessments URL. Rounds are managed by HR (own agency) and admins;
an invitation is answered by its own invitee only, HR and admins included."""

from assessments import services
from assessments.models import Invitation, RespondentGroup
from tests.assessments.factories import instrument, open_round
from tests.matrix import Case, allowed, everyone


def rounds(w):
    """Open and closed rounds in the world's agency, and one in another agency."""
    if hasattr(w, "open_round"):
        return
    w.version = instrument(items=2)
    w.open_round = open_round(w.agency, w.version, title="Open round")
    closed = open_round(w.agency, w.version, title="Closed round")
    w.closed_round = services.close_round(closed)
    w.foreign_round = open_round(w.other_agency, w.version, title="Elsewhere round")
    w.item = w.version.categories.get().competencies.first()
    invitations = Invitation.objects.filter(round=w.open_round)
    w.peer_a_invitation = invitations.get(staff=w.peer_a_staff)
    w.hr_invitation = invitations.get(staff=w.hr_staff)
    w.foreign_invitation = Invitation.objects.get(round=w.foreign_round, staff=w.outsider_staff)


def _round(name):
    def kwargs(w):
        return {"round_id": getattr(w, name).pk}

    return kwargs


HR_ADMIN = allowed("hr", "admin")
HR_ADMIN_REDIRECT = allowed("hr", "admin", ok=302)

CASES = [
    Case("assessments:round_list", everyone()),
    Case("assessments:round_create", HR_ADMIN),
    Case(
        "assessments:round_create",
        HR_ADMIN,
        method="post",
        data=lambda w: {"title": ""},
        note="invalid form: errors shown, nothing saved",
    ),
    Case("assessments:round_detail", HR_ADMIN, kwargs=_round("open_round"), setup=rounds),
    Case(
        "assessments:round_detail",
        allowed("admin"),
        kwargs=_round("foreign_round"),
        setup=rounds,
        note="another agency's round",
    ),
    Case(
        "assessments:round_detail",
        allowed(),
        kwargs=lambda w: {"round_id": 999999},
        note="unknown id",
    ),
    Case(
        "assessments:round_invite",
        HR_ADMIN_REDIRECT,
        kwargs=_round("open_round"),
        method="post",
        data=lambda w: {"groups": [RespondentGroup.PEER]},
        setup=rounds,
    ),
    Case(
        "assessments:round_invite",
        allowed("admin", ok=302),
        kwargs=_round("foreign_round"),
        method="post",
        data=lambda w: {"groups": [RespondentGroup.PEER]},
        setup=rounds,
        note="another agency's round",
    ),
    Case(
        "assessments:round_close",
        HR_ADMIN_REDIRECT,
        kwargs=_round("open_round"),
        method="post",
        setup=rounds,
    ),
    Case(
        "assessments:round_close",
        allowed("admin", ok=302),
        kwargs=_round("foreign_round"),
        method="post",
        setup=rounds,
        note="another agency's round",
    ),
    Case(
        "assessments:round_close",
        {role: 405 if role != "anonymous" else 302 for role in everyone()},
        kwargs=_round("open_round"),
        setup=rounds,
        note="GET never closes",
    ),
    Case("assessments:round_results", HR_ADMIN, kwargs=_round("closed_round"), setup=rounds),
    Case(
        "assessments:round_results",
        HR_ADMIN,
        kwargs=_round("open_round"),
        setup=rounds,
        note="open round: no results yet",
    ),
    Case(
        "assessments:round_results",
        allowed("admin"),
        kwargs=_round("foreign_round"),
        setup=rounds,
        note="another agency's round",
    ),
    Case("assessments:round_report", HR_ADMIN, kwargs=_round("closed_round"), setup=rounds),
    Case(
        "assessments:round_report",
        HR_ADMIN_REDIRECT,
        kwargs=_round("open_round"),
        setup=rounds,
        note="open round: back to the round with a message",
    ),
    Case(
        "assessments:worksheet",
        HR_ADMIN,
        kwargs=lambda w: {"round_id": w.closed_round.pk, "competency_id": w.item.pk},
        setup=rounds,
    ),
    Case(
        "assessments:worksheet",
        HR_ADMIN_REDIRECT,
        kwargs=lambda w: {"round_id": w.closed_round.pk, "competency_id": w.item.pk},
        method="post",
        data=lambda w: {"revision": 0, "0-proposed_action": "Meet monthly.", "0-status": "planned"},
        setup=rounds,
    ),
    Case(
        "assessments:worksheet",
        allowed(),
        kwargs=lambda w: {"round_id": w.closed_round.pk, "competency_id": 999999},
        setup=rounds,
        note="an item of no round",
    ),
    Case(
        "assessments:worksheet",
        allowed("admin", ok=302),
        kwargs=lambda w: {"round_id": w.foreign_round.pk, "competency_id": w.item.pk},
        setup=rounds,
        note="another agency's open round",
    ),
    Case(
        "assessments:respond",
        allowed("peer_a"),
        kwargs=lambda w: {"invitation_id": w.peer_a_invitation.pk},
        setup=rounds,
        note="peer_a's own invitation; nobody else's, HR and admin included",
    ),
    Case(
        "assessments:respond",
        allowed("peer_a", ok=302),
        kwargs=lambda w: {"invitation_id": w.peer_a_invitation.pk},
        method="post",
        data=lambda w: {"revision": "", "draft": "1"},
        setup=rounds,
        note="saving a draft",
    ),
    Case(
        "assessments:respond",
        allowed("hr"),
        kwargs=lambda w: {"invitation_id": w.hr_invitation.pk},
        setup=rounds,
        note="HR's own invitation",
    ),
    Case(
        "assessments:respond",
        allowed(),
        kwargs=lambda w: {"invitation_id": w.foreign_invitation.pk},
        setup=rounds,
        note="another agency's invitation",
    ),
]
