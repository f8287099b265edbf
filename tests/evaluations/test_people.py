"""Evaluations when people move or leave: who supervised in the period, reassign, cancel."""

import datetime

import pytest
from django.urls import reverse

from evaluations import pdf as evaluation_pdf
from evaluations import services
from evaluations.models import EvaluationStatus, EventAction
from peerwork import access
from peerwork import services as core_services
from peerwork.models import LeaveReason
from tests.evaluations.conftest import submitted
from tests.evaluations.pdf_support import flat, page_texts, read_pdf
from tests.factories import query_counts

MOVED = datetime.date(2026, 3, 1)


def _move_peer_a_to_sup_b(world):
    core_services.change_reporting_line(
        world.peer_a_staff, supervisor=world.sup_b_staff, effective=MOVED, by=world.hr
    )


def test_the_page_and_pdf_show_who_supervised_in_the_period(world, login, evals):
    _move_peer_a_to_sup_b(world)
    evaluation = evals.sup_a
    periods = evaluation.supervisors_in_period
    assert [(p["supervisor"], p["start"], p["end"]) for p in periods] == [
        (world.sup_a2_staff, datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)),
        (world.sup_b_staff, MOVED, datetime.date(2026, 6, 30)),
    ]
    page = login(world.hr).get(evaluation.get_absolute_url()).content.decode()
    assert "Supervisor during this period" in page
    assert "Aiden Azoulay (2026-01-01 to 2026-02-28); Bea Bishop (2026-03-01 to 2026-06-30)" in page
    text = flat(" ".join(page_texts(read_pdf(evaluation_pdf.render_evaluation_pdf(evaluation)))))
    assert "Supervisor during this period" in text
    assert "Aiden Azoulay (2026-01-01 to 2026-02-28); Bea Bishop" in text


def test_one_supervisor_all_period_is_named_without_dates(world, login, evals):
    page = login(world.hr).get(evals.sup_a.get_absolute_url()).content.decode()
    assert "Supervisor during this period" in page
    assert "Aiden Azoulay (" not in page
    assert reverse("evaluations:evaluation_reassign", args=[evals.sup_a.pk]) in page


def test_reassign_to_a_supervisor_above_the_person(world, login, evals):
    candidates = list(services.reassignment_candidates(evals.sup_a))
    assert candidates == [world.sup_a]  # above peer_a; sup_a2 is the author
    client = login(world.hr)
    url = reverse("evaluations:evaluation_reassign", args=[evals.sup_a.pk])
    response = client.post(url, {"action": "reassign", "reassign-author": world.sup_b.pk})
    assert response.status_code == 400  # not above the person
    response = client.post(
        url, {"action": "reassign", "reassign-author": world.sup_a.pk, "reassign-note": "Cover"}
    )
    assert response.status_code == 302
    evals.sup_a.refresh_from_db()
    assert evals.sup_a.author == world.sup_a
    event = evals.sup_a.events.get(action=EventAction.REASSIGNED)
    assert "Aiden Azoulay" in event.detail and "Ada Abara" in event.detail
    assert access.can_edit_evaluation(world.sup_a, evals.sup_a)


def test_cancel_needs_a_reason_and_keeps_the_evaluation(world, login, evals):
    client = login(world.hr)
    url = reverse("evaluations:evaluation_reassign", args=[evals.self_a.pk])
    response = client.post(url, {"action": "cancel", "cancel-reason": "  "})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    client.post(url, {"action": "cancel", "cancel-reason": "Left the agency."})
    evals.self_a.refresh_from_db()
    assert evals.self_a.status == EvaluationStatus.CANCELLED
    assert evals.self_a.events.get(action=EventAction.CANCELLED).detail == "Left the agency."
    page = client.get(evals.self_a.get_absolute_url()).content.decode()
    assert "Cancelled" in page
    # Cancelled is not open: nothing more to reassign or cancel.
    assert client.get(url).status_code == 404


def test_a_cancelled_draft_stays_private_to_its_author(world, evals):
    services.cancel(evals.sup_a, by=world.hr, reason="Left.")
    assert not access.visible_evaluations(world.peer_a).filter(pk=evals.sup_a.pk).exists()
    assert access.visible_evaluations(world.sup_a2).filter(pk=evals.sup_a.pk).exists()
    submitted(evals.sup_b, evals.structure, world.sup_b)
    services.cancel(evals.sup_b, by=world.hr, reason="Left before acknowledging.")
    assert access.visible_evaluations(world.peer_b).filter(pk=evals.sup_b.pk).exists()


def test_a_leaving_supervisor_lists_what_they_were_writing(world, login, evals):
    result = core_services.end_employment(
        world.sup_a2_staff, leave_date=datetime.date(2026, 11, 30), reason="resigned", by=world.hr
    )
    keys = {item.key for item in result.open_items}
    assert f"evaluations.evaluation:{evals.sup_a.pk}" in keys
    page = (
        login(world.hr)
        .get(reverse("peerwork:staff_open_work", args=[world.sup_a2_staff.pk]))
        .content.decode()
    )
    assert "Supervisor evaluation of Amani Achebe they were writing" in page
    assert reverse("evaluations:evaluation_reassign", args=[evals.sup_a.pk]) in page


@pytest.mark.parametrize("submit_first", [False, True])
def test_a_leaving_person_lists_their_open_evaluations(world, evals, submit_first):
    if submit_first:
        submitted(evals.sup_b, evals.structure, world.sup_b)
    result = core_services.end_employment(
        world.peer_b_staff,
        leave_date=datetime.date(2026, 11, 30),
        reason=LeaveReason.RESIGNED,
        by=world.hr,
    )
    texts = {item.key: item.text for item in result.open_items}
    assert f"evaluations.evaluation:{evals.self_b.pk}" in texts
    expected = "not acknowledged" if submit_first else "still a draft"
    assert expected in texts[f"evaluations.evaluation:{evals.sup_b.pk}"]
    services.cancel(evals.self_b, by=world.hr, reason="Left.")
    keys = {item.key for item in core_services.open_items_for(world.peer_b_staff)}
    assert f"evaluations.evaluation:{evals.self_b.pk}" not in keys


def test_the_reassign_page_makes_a_fixed_number_of_queries(
    world, login, evals, django_assert_max_num_queries
):
    client = login(world.hr)
    url = reverse("evaluations:evaluation_reassign", args=[evals.sup_a.pk])
    counts = query_counts(client, url, world)
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(url)
