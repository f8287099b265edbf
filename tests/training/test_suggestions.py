"""A "Developing" rating suggests the courses that build its SAMHSA category, beside the
development goals (evaluations asks the core registry; training answers)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationKind, Rating
from peerwork import suggestions
from tests.training.factories import CourseFactory
from training.models import CourseCompetency

pytestmark = pytest.mark.django_db


@pytest.fixture
def wise_evaluation(world, shipped_frameworks):
    call_command("load_training_catalog", stdout=io.StringIO())
    version = shipped_frameworks.wise_form
    evaluation = Evaluation.objects.create(
        subject=world.peer_a_staff,
        author=world.sup_a2,
        kind=EvaluationKind.SUPERVISOR,
        framework_version=version,
    )
    levels = {level.code: level for level in version.rating_scale.levels.all()}
    categories = {c.numeral: c for c in version.categories.prefetch_related("competencies")}
    # Values Communication (IX) is developing; Provides Support (II) is proficient.
    Rating.objects.create(
        evaluation=evaluation,
        competency=categories["IX"].competencies.first(),
        level=levels["developing"],
    )
    Rating.objects.create(
        evaluation=evaluation,
        competency=categories["II"].competencies.first(),
        level=levels["proficient"],
    )
    return evaluation, categories


def test_the_registry_answers_with_the_courses_of_the_category(world, wise_evaluation):
    _evaluation, categories = wise_evaluation
    found = suggestions.development.for_categories(world.sup_a2, [categories["IX"].pk])
    titles = [s.text for s in found[categories["IX"].pk]]
    # The shipped mapping puts IX (Values communication) on these four courses.
    assert titles == [
        "Compliance Essentials: HIPAA Basics + Sexual Harassment/Bullying Prevention",
        "Ethics, Boundaries, and Confidentiality",
        "Managing Up",
        "Surviving and Thriving",
    ]
    assert suggestions.development.for_categories(world.sup_a2, []) == {}


def test_an_agency_course_mapped_in_the_admin_is_suggested_to_its_agency_only(
    world, wise_evaluation
):
    _evaluation, categories = wise_evaluation
    course = CourseFactory(agency=world.agency, title="Harbor Listening Lab")
    CourseCompetency.objects.create(course=course, numeral="IX")
    mine = suggestions.development.for_categories(world.sup_a2, [categories["IX"].pk])
    assert "Harbor Listening Lab" in [s.text for s in mine[categories["IX"].pk]]
    theirs = suggestions.development.for_categories(world.outsider_hr, [categories["IX"].pk])
    assert "Harbor Listening Lab" not in [s.text for s in theirs[categories["IX"].pk]]


def test_the_evaluation_form_shows_them_near_the_development_goals(world, login, wise_evaluation):
    evaluation, categories = wise_evaluation
    response = login(world.sup_a2).get(
        reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    )
    groups = response.context["development_suggestions"]
    assert [g["category"].numeral for g in groups] == ["IX"]
    html = response.content.decode()
    goals_at = html.index('id="goals"')
    assert html.index('id="development-suggestions"') > goals_at
    assert "Ethics, Boundaries, and Confidentiality" in html


def test_no_suggestions_without_a_developing_rating(world, login, wise_evaluation):
    evaluation, _categories = wise_evaluation
    evaluation.ratings.filter(level__code="developing").delete()
    response = login(world.sup_a2).get(
        reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    )
    assert response.context["development_suggestions"] == []
    assert 'id="development-suggestions"' not in response.content.decode()
