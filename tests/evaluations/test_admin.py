import pytest
from django.urls import reverse

from competencies.models import Competency
from evaluations.models import Rating
from tests.evaluations.factories import EvaluationFactory

pytestmark = pytest.mark.django_db


def test_admin_shows_an_evaluation_with_its_ratings_inline(world, login):
    evaluation = EvaluationFactory(subject=world.peer_a_staff, author=world.sup_a2)
    competency = Competency.objects.filter(category__version=evaluation.framework_version).first()
    level = evaluation.framework_version.rating_scale.levels.get(code="proficient")
    Rating.objects.create(evaluation=evaluation, competency=competency, level=level)
    client = login(world.admin)
    response = client.get(reverse("admin:evaluations_evaluation_change", args=[evaluation.pk]))
    assert response.status_code == 200
    assert "ratings-TOTAL_FORMS" in response.content.decode()
    assert response.context["inline_admin_formsets"][0].formset.queryset.count() == 1
    for name in ["evaluation", "evaluationcycle"]:
        assert client.get(reverse(f"admin:evaluations_{name}_changelist")).status_code == 200
