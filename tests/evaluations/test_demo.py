import pytest

from evaluations.demo import build_demo_evaluations
from evaluations.models import Evaluation, EvaluationEvent, EvaluationStatus
from peerwork import demo

pytestmark = pytest.mark.django_db


def test_demo_cycle_is_launched_with_evaluations_in_every_state_and_is_idempotent(
    shipped_frameworks,
):
    agency = demo.build_demo_agency()
    assert build_demo_evaluations in demo.extensions
    build_demo_evaluations(agency)
    counts = Evaluation.objects.count(), EvaluationEvent.objects.count()
    statuses = set(Evaluation.objects.values_list("status", flat=True))
    assert statuses == {
        EvaluationStatus.DRAFT,
        EvaluationStatus.SUBMITTED,
        EvaluationStatus.ACKNOWLEDGED,
    }
    casey = Evaluation.objects.get(subject__user__username="casey", kind="supervisor")
    assert casey.is_draft and casey.ratings.count() == 37  # in progress: 60% of 62
    build_demo_evaluations(agency)
    assert (Evaluation.objects.count(), EvaluationEvent.objects.count()) == counts


def test_demo_without_the_frameworks_adds_nothing(db):
    build_demo_evaluations(demo.build_demo_agency())
    assert not Evaluation.objects.exists()
