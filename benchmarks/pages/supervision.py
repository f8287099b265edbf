"""Supervision: three months of fortnightly sessions for every peer with a supervisor (one
in four reporting a duty outside the peer role), and the pages supervisors and HR open."""

import datetime

from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import Unavailable
from peerwork.models import PeerRole, StaffMember, StaffStatus

SESSIONS_PER_PERSON = 6  # every two weeks over the last three months
OUTSIDE_EVERY = 4  # one session in four reports work outside the peer role


@builder
def supervision(world):
    try:
        from supervision import services
        from supervision.models import Duty, DutyScope, Participant, SupervisionSession
    except ImportError:
        raise Unavailable("the supervision app has not shipped yet") from None
    services.ensure_lists()
    within = list(Duty.objects.filter(scope=DutyScope.WITHIN).order_by("pk")[:2])
    outside = Duty.objects.filter(scope=DutyScope.OUTSIDE).order_by("pk").first()
    if not within or outside is None:
        raise Unavailable("no supervision duties are loaded")
    seen = set(
        Participant.objects.filter(session__agency=world.agency).values_list("staff_id", flat=True)
    )
    people = list(
        StaffMember.objects.filter(
            agency=world.agency,
            peer_role=PeerRole.PEER,
            status=StaffStatus.ACTIVE,
            supervisor__isnull=False,
        )
        .exclude(pk__in=seen)
        .order_by("pk")
        .values_list("pk", "supervisor_id")
    )
    today = timezone.localdate()
    sessions = SupervisionSession.objects.bulk_create(
        [
            SupervisionSession(
                agency=world.agency,
                supervisor_id=supervisor_id,
                held_on=today - datetime.timedelta(days=3 + 14 * number + person_id % 10),
                duration_minutes=45,
                notes="Synthetic benchmark session.",
            )
            for person_id, supervisor_id in people
            for number in range(SESSIONS_PER_PERSON)
        ],
        batch_size=500,
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                session=session,
                staff_id=people[index // SESSIONS_PER_PERSON][0],
                reported_outside_role=index % OUTSIDE_EVERY == 0,
            )
            for index, session in enumerate(sessions)
        ],
        batch_size=500,
    )
    through = Participant.duties.through
    through.objects.bulk_create(
        [
            through(participant_id=participant.pk, duty_id=duty.pk)
            for participant in participants
            for duty in (within + [outside] if participant.reported_outside_role else within)
        ],
        batch_size=1000,
    )
    peer = world.staff[data.PEER]
    world.supervision_session = (
        SupervisionSession.objects.filter(participants__staff=peer).order_by("-held_on").first()
    )


@page("supervision_overview")
def supervision_overview(world):
    world_object(world, "supervision_session", "supervision")
    supervisor = world.users[data.SUPERVISOR]
    return get("supervision_overview", supervisor, url("supervision:overview"))


@page("supervision_person")
def supervision_person(world):
    world_object(world, "supervision_session", "supervision")
    path = url("supervision:person", world.staff[data.PEER].pk)
    return get("supervision_person", world.users[data.SUPERVISOR], path)


@page("supervision_session")
def supervision_session(world):
    session = world_object(world, "supervision_session", "supervision")
    path = url("supervision:session_detail", session.pk)
    return get("supervision_session", world.users[data.PEER], path)


@page("supervision_hours")
def supervision_hours(world):
    world_object(world, "supervision_session", "supervision")
    return get("supervision_hours", world.users[data.HR], url("supervision:hours"))


@page("supervision_roles")
def supervision_roles(world):
    world_object(world, "supervision_session", "supervision")
    return get("supervision_roles", world.users[data.HR], url("supervision:roles"))
