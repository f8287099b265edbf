"""The home page panel: invitations waiting for this person's view, and HR's open rounds."""

from django.db.models import Count, Q

from assessments.models import RoundStatus
from peerwork import access
from peerwork.panels import Panel


def home_panel(request):
    user = request.user
    invitations = list(
        access.own_assessment_invitations(user)
        .filter(round__status=RoundStatus.OPEN)
        .select_related("round__framework_version__framework")
        .order_by("round__closes_on", "pk")
    )
    rounds = []
    if access.can_open_assessment_round(user):
        rounds = list(
            access.visible_assessment_rounds(user)
            .filter(status=RoundStatus.OPEN)
            .annotate(
                invited=Count("invitations", distinct=True),
                answered=Count("invitations", filter=Q(invitations__submitted=True), distinct=True),
            )
            .order_by("closes_on", "pk")
        )
    if not invitations and not rounds and not access.can_open_assessment_round(user):
        return None
    return Panel(
        "assessments/home_panel.html",
        {
            "invitations": invitations,
            "rounds": rounds,
            "manages": access.can_open_assessment_round(user),
        },
        order=40,
    )
