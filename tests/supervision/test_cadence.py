"""Cadence (agency default, per person, credential), due and overdue, and supervised hours."""

import datetime

from django.utils import timezone

from peerwork import todo
from supervision import services
from supervision.models import CadenceOverride, SessionStatus, SupervisionSettings
from tests.supervision.factories import make_session

TODAY = datetime.date(2026, 6, 15)


def test_agency_default_applies_and_can_change(world):
    make_session(world.sup_b_staff, [world.peer_b_staff], TODAY - datetime.timedelta(days=10))
    cadence = services.cadences([world.peer_b_staff], TODAY)[world.peer_b_staff.pk]
    assert (cadence.days, cadence.due_on, cadence.state(TODAY)) == (
        14,
        TODAY + datetime.timedelta(days=4),
        "ok",
    )
    SupervisionSettings.objects.create(agency=world.agency, default_cadence_days=7)
    cadence = services.cadences([world.peer_b_staff], TODAY)[world.peer_b_staff.pk]
    assert (cadence.days, cadence.state(TODAY)) == (7, "overdue")
    assert str(cadence.reason) == "agency default"


def test_weekly_person_with_8_days_without_a_session_is_overdue(world):
    CadenceOverride.objects.create(staff=world.peer_a_staff, cadence_days=7, reason="New peer")
    make_session(world.sup_a2_staff, [world.peer_a_staff], TODAY - datetime.timedelta(days=8))
    cadence = services.cadences([world.peer_a_staff], TODAY)[world.peer_a_staff.pk]
    assert cadence.state(TODAY) == "overdue"
    assert cadence.reason == "New peer"
    # 7 days is due today, not overdue yet.
    cadence = services.cadences([world.peer_a_staff], TODAY - datetime.timedelta(days=1))
    assert cadence[world.peer_a_staff.pk].state(TODAY - datetime.timedelta(days=1)) == "due"


def test_scheduled_sessions_do_not_count_as_supervision(world):
    session = make_session(world.sup_b_staff, [world.peer_b_staff], TODAY)
    session.status = SessionStatus.SCHEDULED
    session.save(update_fields=["status"])
    cadence = services.cadences([world.peer_b_staff], TODAY)[world.peer_b_staff.pk]
    assert cadence.last_held_on is None
    assert services.hours_by_person([world.peer_b_staff.pk], TODAY, TODAY) == {}


def test_supervised_hours_add_up_per_person_and_period(world):
    a, b = world.peer_a_staff, world.peer_b_staff
    make_session(world.sup_a2_staff, [a], datetime.date(2026, 1, 5), minutes=60)
    make_session(world.sup_a2_staff, [a], datetime.date(2026, 2, 2), minutes=45)
    make_session(
        world.sup_a_staff,
        [a, world.sup_a2_staff],
        datetime.date(2026, 2, 9),
        minutes=90,
        fmt="group",
    )
    make_session(world.sup_b_staff, [b], datetime.date(2026, 2, 10), minutes=30)
    make_session(world.sup_a2_staff, [a], datetime.date(2025, 12, 31), minutes=120)
    totals = services.hours_by_person([a.pk, b.pk], datetime.date(2026, 1, 1), TODAY)
    assert totals[a.pk]["minutes"] == 60 + 45 + 90
    assert (totals[a.pk]["individual"], totals[a.pk]["group"]) == (105, 90)
    assert totals[a.pk]["sessions"] == 3
    assert totals[b.pk]["minutes"] == 30
    feb = services.hours_by_person([a.pk], datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert feb[a.pk]["minutes"] == 135


def test_hours_page_totals(world, login):
    today = timezone.localdate()
    make_session(world.sup_a2_staff, [world.peer_a_staff], today, minutes=90)
    make_session(world.sup_b_staff, [world.peer_b_staff], today, minutes=30)
    response = login(world.hr).get("/supervision/hours/")
    rows = {row["person"].pk: row for row in response.context["rows"]}
    assert rows[world.peer_a_staff.pk]["hours"] == 1.5
    assert rows[world.peer_b_staff.pk]["hours"] == 0.5
    assert response.context["total_hours"] == 2.0
    # A supervisor totals their own reports only.
    response = login(world.sup_b).get("/supervision/hours/")
    assert [row["person"].pk for row in response.context["rows"]] == [world.peer_b_staff.pk]


def test_what_needs_you_lists_due_supervision_acknowledgements_and_actions(world):
    today = timezone.localdate()
    make_session(
        world.sup_a2_staff,
        [world.peer_a_staff],
        today - datetime.timedelta(days=20),
        actions=[("Read the WRAP guide", world.peer_a_staff, today + datetime.timedelta(days=2))],
    )
    sup_items = {
        i.key.split(":")[0]: i
        for i in todo.registry.items_for(world.sup_a2, today)
        if i.app == "supervision"
    }
    assert "supervision.due" in sup_items
    assert sup_items["supervision.due"].is_overdue(today)
    assert "Amani Achebe" in sup_items["supervision.due"].text
    assert "supervision.session-ack" in sup_items
    peer_items = [i for i in todo.registry.items_for(world.peer_a, today) if i.app == "supervision"]
    kinds = {i.key.split(":")[0] for i in peer_items}
    assert kinds == {"supervision.ack", "supervision.action"}
    assert all(i.url.startswith("/supervision/") for i in peer_items)
    # Another team's supervisor is reminded of their own people only.
    other = [i for i in todo.registry.items_for(world.sup_b, today) if i.app == "supervision"]
    assert [i.text for i in other] == ["Supervision with Bo Baptiste is overdue"]


def test_a_malformed_period_shows_this_year_with_a_message(world, login):
    response = login(world.hr).get("/supervision/hours/?start=nonsense&end=2026-99-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The period was not understood" in page
    assert 'value="nonsense"' not in page and 'value="2026-99-01"' not in page
    assert response.context["start"] == timezone.localdate().replace(month=1, day=1)
