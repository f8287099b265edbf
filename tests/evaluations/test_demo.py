import pytest

from evaluations.demo import build_demo_evaluations
from evaluations.models import Evaluation, EvaluationEvent, EvaluationStatus
from peerwork import demo, signatures

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
    # Signed evaluations carry real signatures: the demo login's name and password, checked
    # by the signing form, each with its stored signed copy.
    for evaluation in Evaluation.objects.exclude(status=EvaluationStatus.DRAFT):
        copies = list(signatures.current(evaluation))
        expected = 2 if evaluation.status == EvaluationStatus.ACKNOWLEDGED else 1
        assert len(copies) == expected, evaluation
        for copy in copies:
            assert signatures.verify(copy) == (True, True)
            assert signatures.names_match(copy.typed_name, copy.signer)
    build_demo_evaluations(agency)
    assert (Evaluation.objects.count(), EvaluationEvent.objects.count()) == counts
    assert signatures.Signature.objects.count() == 4  # 3 signed by the author, 1 acknowledged


def test_demo_without_the_frameworks_adds_nothing(db):
    build_demo_evaluations(demo.build_demo_agency())
    assert not Evaluation.objects.exists()
