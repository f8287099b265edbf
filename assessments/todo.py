"""What needs you from the agency self-assessment (see peerwork/todo.py): invitations to
answer in open rounds, due on the closing date. One query whatever the rows."""

from django.utils.translation import gettext as _

from assessments.models import RoundStatus
from peerwork import access, todo


def invitation_items(user, today):
    invitations = (
        access.own_assessment_invitations(user)
        .filter(round__status=RoundStatus.OPEN, submitted=False, round__closes_on__gte=today)
        .select_related("round")
        .order_by("round__closes_on", "pk")
    )
    return [
        todo.Item(
            key=f"assessments.invitation:{invitation.pk}",
            text=_("Give your view: %(title)s") % {"title": invitation.round.title},
            url=invitation.get_absolute_url(),
            due=invitation.round.closes_on,
            app="assessments",
        )
        for invitation in invitations
    ]
