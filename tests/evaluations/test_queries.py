"""Pages and saves make a fixed number of queries whatever the number of competencies, staff
or evaluations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import services
from evaluations.models import EvaluationKind
from tests.evaluations.conftest import full_content, make_cycle, signing
from tests.evaluations.factories import make_version
from tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM_GET_MAX = 20
SAVE_MAX = 20


def _count(fn):
    with CaptureQueriesContext(connection) as context:
        response = fn()
    assert response.status_code in (200, 302), response.status_code
    return len(context.captured_queries)


def _rated_evaluation(world, version):
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.sup_a2, version, EvaluationKind.SUPERVISOR
    )
    structure = services.load_structure(version)
    content = full_content(structure, "developing", {i: "Words" for i in range(99)})
    content.goals = [("Goal one", None), ("Goal two", None)]
    services.save_draft(evaluation, content, world.sup_a2, 1)
    evaluation.refresh_from_db()
    return evaluation, structure


def _save_data(evaluation, structure):
    data = {"revision": str(evaluation.revision), "goal_slots": "3", "action": "save"}
    developing = next(lv for lv in structure.levels if lv.code == "developing")
    for competency in structure.competencies:
        data[f"r_{competency.pk}"] = str(developing.pk)
    for category in structure.categories:
        data[f"c_{category.pk}"] = "A comment"
    data["goal_0_text"] = "A goal"
    return data


def _add_reports(world, count):
    """`count` more peers under sup_a2 (each with a login), to grow the team."""
    for _index in range(count):
        StaffMemberFactory(
            agency=world.agency,
            program=world.program,
            supervisor=world.sup_a2_staff,
            user=UserFactory(agency=world.agency),
        )


def test_form_get_and_save_do_not_grow_with_competencies_or_staff(world, shipped_frameworks, login):
    small, small_structure = _rated_evaluation(world, make_version(categories=2, per_category=2))
    large, large_structure = _rated_evaluation(world, shipped_frameworks.wise_form)
    assert len(large_structure.competencies) == 62
    client = login(world.sup_a2)

    def get(evaluation):
        return lambda: client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))

    def save(evaluation, structure):
        evaluation.refresh_from_db()
        data = _save_data(evaluation, structure)
        return lambda: client.post(
            reverse("evaluations:evaluation_detail", args=[evaluation.pk]), data
        )

    counts = {
        "get_small": _count(get(small)),
        "get_large": _count(get(large)),
        "save_small": _count(save(small, small_structure)),
        "save_large": _count(save(large, large_structure)),
    }
    _add_reports(world, 60)
    counts["get_large_many_staff"] = _count(get(large))
    counts["save_large_many_staff"] = _count(save(large, large_structure))
    print(counts)
    assert counts["get_small"] == counts["get_large"] == counts["get_large_many_staff"]
    assert counts["save_small"] == counts["save_large"] == counts["save_large_many_staff"]
    assert counts["get_large"] <= FORM_GET_MAX
    assert counts["save_large"] <= SAVE_MAX


def test_read_only_and_compare_pages_do_not_grow(world, shipped_frameworks, login):
    counts = {}
    for name, version in [
        ("small", make_version(categories=2, per_category=2)),
        ("large", shipped_frameworks.wise_form),
    ]:
        evaluation, structure = _rated_evaluation(world, version)
        services.submit(evaluation, signing(world.sup_a2), evaluation.revision)
        own = services.create_evaluation(
            world.peer_a_staff, world.peer_a, version, EvaluationKind.SELF
        )
        services.save_draft(own, full_content(structure), world.peer_a, 1)
        services.submit(own, signing(world.peer_a), 2)
        client = login(world.sup_a2)
        counts[f"detail_{name}"] = _count(
            lambda e=evaluation, c=client: c.get(
                reverse("evaluations:evaluation_detail", args=[e.pk])
            )
        )
        counts[f"compare_{name}"] = _count(
            lambda e=evaluation, c=client: c.get(
                reverse("evaluations:evaluation_compare", args=[e.pk])
            )
        )
    print(counts)
    assert counts["detail_small"] == counts["detail_large"]
    assert counts["compare_small"] == counts["compare_large"]


def test_lists_dashboard_and_home_do_not_grow_with_evaluations(world, login):
    version = make_version(categories=1, per_category=2)
    cycle = make_cycle(world, version)
    services.launch_cycle(cycle, world.hr)

    def measure():
        result = {}
        hr = login(world.hr)
        result["cycle"] = _count(lambda: hr.get(cycle.get_absolute_url()))
        result["cycles"] = _count(lambda: hr.get(reverse("evaluations:cycle_list")))
        result["list_hr"] = _count(lambda: hr.get(reverse("evaluations:evaluation_list")))
        result["launch"] = _count(
            lambda: hr.post(reverse("evaluations:cycle_launch", args=[cycle.pk]))
        )
        sup = login(world.sup_a2)
        result["list_sup"] = _count(lambda: sup.get(reverse("evaluations:evaluation_list")))
        result["home_sup"] = _count(lambda: sup.get(reverse("peerwork:home")))
        result["staff_sup"] = _count(
            lambda: sup.get(reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]))
        )
        return result

    few = measure()
    _add_reports(world, 40)
    services.launch_cycle(cycle, world.hr)
    assert cycle.evaluations.count() > 80
    many = measure()
    print(few, many)
    assert few == many


def test_history_does_not_add_a_query_per_event(world, login):
    version = make_version(categories=1, per_category=2)
    evaluation, structure = _rated_evaluation(world, version)
    client = login(world.sup_a2)
    url = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    before = _count(lambda: client.get(url))
    for round_number in range(3):
        evaluation.refresh_from_db()
        services.submit(evaluation, signing(world.sup_a2), evaluation.revision)
        services.reopen(evaluation, world.hr, f"Round {round_number}")
    assert evaluation.events.count() >= 8
    after = _count(lambda: client.get(url))
    assert before == after
