"""Agency self-assessment rounds and their invitations.

HR and admins open rounds and read results (HR for their own agency). A staff member sees
only their own invitations. Nobody reaches a response except through its own invitation
(assessments/services.py), so there is deliberately no `get_response_for_user`.
"""

from django.http import Http404

from peerwork.access.rules import is_hr_or_admin, own_staff_id


def visible_assessment_rounds(user):
    from assessments.models import AssessmentRound

    if not is_hr_or_admin(user) or not user.is_active:
        return AssessmentRound.objects.none()
    if user.is_admin:
        return AssessmentRound.objects.all()
    if user.agency_id:
        return AssessmentRound.objects.filter(agency_id=user.agency_id)
    return AssessmentRound.objects.none()


def get_assessment_round_for_user(user, pk, queryset=None):
    """A round this user may manage (and read the results of), else 404."""
    from assessments.models import AssessmentRound

    rounds = visible_assessment_rounds(user)
    queryset = rounds if queryset is None else queryset & rounds
    try:
        return queryset.get(pk=int(pk))
    except (AssessmentRound.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can_open_assessment_round(user):
    return is_hr_or_admin(user) and (user.is_admin or bool(user.agency_id))


def assessment_agencies(user):
    """The agencies this user may open a round for."""
    from peerwork.models import Agency

    if not can_open_assessment_round(user):
        return Agency.objects.none()
    if user.is_admin:
        return Agency.objects.all()
    return Agency.objects.filter(pk=user.agency_id)


def own_assessment_invitations(user):
    """The invitations addressed to this user's own staff record."""
    from assessments.models import Invitation

    own_id = own_staff_id(user) if user.is_authenticated and user.is_active else None
    if own_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(staff_id=own_id)


def get_assessment_invitation_for_user(user, pk, queryset=None):
    """The user's own invitation `pk`, else 404 (HR and admins included: it is not theirs)."""
    from assessments.models import Invitation

    own = own_assessment_invitations(user)
    queryset = own if queryset is None else queryset & own
    try:
        return queryset.get(pk=int(pk))
    except (Invitation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
