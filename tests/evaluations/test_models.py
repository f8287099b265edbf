import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from competencies.models import Competency
from evaluations.models import (
    CategoryComment,
    EvaluationCycle,
    EvaluationStatus,
    Rating,
)
from tests.evaluations.factories import EvaluationFactory, make_version

pytestmark = pytest.mark.django_db


def test_one_rating_per_competency(world):
    evaluation = EvaluationFactory(subject=world.peer_a_staff, author=world.sup_a2)
    competency = Competency.objects.filter(category__version=evaluation.framework_version).first()
    level = evaluation.framework_version.rating_scale.levels.first()
    Rating.objects.create(evaluation=evaluation, competency=competency, level=level)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(evaluation=evaluation, competency=competency, level=level)


def test_one_comment_per_category(world):
    evaluation = EvaluationFactory(subject=world.peer_a_staff, author=world.sup_a2)
    category = evaluation.framework_version.categories.first()
    CategoryComment.objects.create(evaluation=evaluation, category=category, text="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryComment.objects.create(evaluation=evaluation, category=category, text="b")


def test_a_submitted_evaluation_must_be_signed(world):
    evaluation = EvaluationFactory(subject=world.peer_a_staff, author=world.sup_a2)
    evaluation.status = EvaluationStatus.SUBMITTED
    with pytest.raises(IntegrityError), transaction.atomic():
        evaluation.save(update_fields=["status"])
    evaluation.author_signature = "Aiden Azoulay"
    evaluation.author_signed_at = timezone.now()
    evaluation.save(update_fields=["status", "author_signature", "author_signed_at"])


def test_an_acknowledged_evaluation_must_carry_the_staff_signature(world):
    evaluation = EvaluationFactory(
        subject=world.peer_a_staff,
        author=world.sup_a2,
        status=EvaluationStatus.SUBMITTED,
        author_signature="Aiden Azoulay",
        author_signed_at=timezone.now(),
    )
    evaluation.status = EvaluationStatus.ACKNOWLEDGED
    with pytest.raises(IntegrityError), transaction.atomic():
        evaluation.save(update_fields=["status"])


def test_a_version_used_by_an_evaluation_is_in_use_and_protected(world):
    version = make_version()
    assert not version.is_in_use()
    EvaluationFactory(subject=world.peer_a_staff, author=world.sup_a2, framework_version=version)
    assert version.is_in_use()
    assert version.is_locked()


def test_cycle_period_must_not_end_before_it_starts(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationCycle.objects.create(
            agency=world.agency,
            name="Backwards",
            period_start=datetime.date(2026, 6, 30),
            period_end=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 7, 31),
            framework_version=make_version(),
        )
