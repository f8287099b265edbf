"""Supervision pages make the same number of queries at 30 and at 300 staff."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerwork import signatures
from peerwork.models import StaffMember
from supervision import services
from supervision.models import Participant, SupervisionSession, WorkPlan
from tests.factories import StaffMemberFactory
from tests.supervision.factories import (
    acknowledge,
    lists,
    make_plan,
    make_session,
    sign_plan,
    signing,
)


def _grow(world, total):
    """Peers reporting to sup_a2 until the agency has `total` staff, each with a session."""
    today = timezone.localdate()
    data = lists()
    while StaffMember.objects.filter(agency=world.agency).count() < total:
        person = StaffMemberFactory(
            agency=world.agency, program=world.program, supervisor=world.sup_a2_staff
        )
        session = make_session(
            world.sup_a2_staff, [person], today - datetime.timedelta(days=20), outside=True
        )
        participant = Participant.objects.get(session=session)
        participant.duties.add(data["within"])
        make_session(world.sup_a2_staff, [person, world.peer_a_staff], today, fmt="group")


def _pages(world):
    if not hasattr(world, "plan"):
        world.plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
        world.draft_plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
        world.group_session = (
            world.peer_a_staff.supervision_participations.order_by("-pk").first().session
        )
        world.unsigned_session = (
            world.peer_a_staff.supervision_participations.order_by("pk").first().session
        )
        # Signed, so the pages list signed copies: the session by its supervisor and one of
        # its two supervisees, the plan by the employee.
        acknowledge(world.group_session, world.peer_a)
        services.sign_session(
            SupervisionSession.objects.get(pk=world.group_session.pk),
            signing(world.sup_a2, signatures.Meaning.AUTHOR),
        )
        sign_plan(world.plan, world.peer_a)
    plan, session = world.plan, world.group_session
    return [
        (world.sup_a2, reverse("peerwork:home")),
        (world.sup_a2, reverse("supervision:overview")),
        (world.sup_a2, reverse("supervision:overview") + "?page=2"),
        (world.hr, reverse("supervision:overview")),
        (world.sup_a2, reverse("supervision:person", args=[world.peer_a_staff.pk])),
        (world.sup_a2, reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk])),
        (world.hr, reverse("supervision:hours")),
        (world.hr, reverse("supervision:hours") + "?page=2"),
        (world.sup_a2, reverse("peerwork:todo_list")),
        (world.hr, reverse("supervision:roles")),
        (world.hr, reverse("supervision:program_roles", args=[world.program.pk])),
        (world.sup_a2, session.get_absolute_url()),
        (world.sup_a2, reverse("supervision:session_new") + f"?staff={world.peer_a_staff.pk}"),
        (world.sup_a2, reverse("supervision:session_edit", args=[world.unsigned_session.pk])),
        (world.peer_a, plan.get_absolute_url()),
        (world.sup_a2, reverse("supervision:workplan_edit", args=[world.draft_plan.pk])),
    ]


def _counts(world, client):
    counts = []
    for user, url in _pages(world):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append((url, len(context)))
    return counts


def test_queries_do_not_grow_from_30_to_300_staff(world, client):
    # Signed copies are found by content type: Django caches those per process, so the first
    # page to ask would pay one query the others do not.
    ContentType.objects.get_for_models(SupervisionSession, WorkPlan)
    _grow(world, 30)
    small = _counts(world, client)
    _grow(world, 300)
    large = _counts(world, client)
    assert large == small
    print("supervision page queries at 30 and 300 staff:", small)
