import datetime

import pytest

from evaluations import services
from evaluations.models import (
    CategoryComment,
    DevelopmentGoal,
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    EventAction,
    Rating,
)
from peerwork.models import PeerRole, StaffStatus
from tests.evaluations.conftest import (
    acknowledged,
    full_content,
    level,
    make_cycle,
    signing,
    submitted,
)
from tests.evaluations.factories import LEVELS, make_scale, make_version
from tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- comment and rating rules, from the scale's data ------------------------------------------


def _errors(structure, content):
    by_category, general = services.submission_errors(structure, content)
    return by_category, general


def test_every_competency_must_be_rated(small_version):
    structure = services.load_structure(small_version)
    content = full_content(structure)
    first = structure.categories[0].competency_list[0]
    del content.ratings[first.pk]
    by_category, _ = _errors(structure, content)
    assert list(by_category) == [structure.categories[0].pk]
    assert "Not rated yet: 1 (number 1)" in str(by_category[structure.categories[0].pk][0])


def test_a_complete_evaluation_without_comment_levels_passes(small_version):
    structure = services.load_structure(small_version)
    assert _errors(structure, full_content(structure, "advanced")) == ({}, [])
    # Not Applicable does not count as a score and needs no comment either (data says so).
    assert _errors(structure, full_content(structure, "not-applicable")) == ({}, [])


@pytest.mark.parametrize("code", ["developing", "not-enough-information"])
def test_a_level_that_requires_a_comment_needs_one_in_its_category(small_version, code):
    structure = services.load_structure(small_version)
    content = full_content(structure)
    second = structure.categories[1]
    content.ratings[second.competency_list[1].pk] = level(structure, code).pk
    by_category, _ = _errors(structure, content)
    assert list(by_category) == [second.pk]
    message = str(by_category[second.pk][0])
    assert "comment is required" in message
    assert level(structure, code).label in message

    # A comment in another category does not count; whitespace does not count.
    content.comments[structure.categories[0].pk] = "Some words"
    content.comments[second.pk] = "   \n "
    assert list(_errors(structure, content)[0]) == [second.pk]

    content.comments[second.pk] = "We agreed on a plan for this."
    assert _errors(structure, content) == ({}, [])


def test_which_levels_need_a_comment_comes_from_data_not_labels(world):
    # A scale where "Developing" needs no comment and "Advanced" does.
    levels = [
        (code, label, counts, score, code == "advanced", rare)
        for code, label, counts, score, _needs, rare in LEVELS
    ]
    version = make_version(categories=1, per_category=2, scale=make_scale(levels=levels))
    structure = services.load_structure(version)
    assert _errors(structure, full_content(structure, "developing")) == ({}, [])
    by_category, _ = _errors(structure, full_content(structure, "advanced"))
    assert "Advanced" in str(by_category[structure.categories[0].pk][0])


def test_the_shipped_wise_scale_rules(shipped_frameworks):
    structure = services.load_structure(shipped_frameworks.wise_form)
    assert len(structure.competencies) == 62
    assert len(structure.categories) == 12
    needing = {lv.label for lv in structure.levels if lv.requires_comment}
    assert needing == {"Developing", "Not Enough Information"}
    content = full_content(structure, "developing")
    by_category, _ = _errors(structure, content)
    assert len(by_category) == 12
    content = full_content(structure, "developing", {i: "Comment" for i in range(12)})
    assert _errors(structure, content) == ({}, [])


def test_a_goal_with_a_date_needs_words(small_version):
    structure = services.load_structure(small_version)
    content = full_content(structure)
    content.goals = [("", datetime.date(2026, 9, 1))]
    _, general = _errors(structure, content)
    assert general


# --- saving drafts -----------------------------------------------------------------------------


def test_a_draft_saves_however_incomplete_and_bumps_the_revision(world, evals):
    structure = evals.structure
    evaluation = evals.sup_a
    first = structure.competencies[0]
    content = services.Content(
        ratings={first.pk: level(structure, "developing").pk},
        comments={},
        goals=[("Co-facilitate a group", datetime.date(2026, 9, 1)), ("Read SAMHSA guide", None)],
    )
    services.save_draft(evaluation, content, world.sup_a2, 1)
    evaluation.refresh_from_db()
    assert evaluation.revision == 2
    assert evaluation.updated_by == world.sup_a2
    assert list(evaluation.ratings.values_list("competency_id", flat=True)) == [first.pk]
    assert list(evaluation.goals.values_list("text", flat=True)) == [
        "Co-facilitate a group",
        "Read SAMHSA guide",
    ]
    assert evaluation.events.filter(action=EventAction.STARTED).count() == 1

    # Changing and clearing: a rating taken away and a comment emptied are removed.
    second = structure.competencies[1]
    content = services.Content(
        ratings={second.pk: level(structure, "advanced").pk},
        comments={structure.categories[0].pk: ""},
    )
    services.save_draft(evaluation, content, world.sup_a2, 2)
    assert list(Rating.objects.filter(evaluation=evaluation).values_list("competency_id")) == [
        (second.pk,)
    ]
    assert not CategoryComment.objects.filter(evaluation=evaluation).exists()
    assert not DevelopmentGoal.objects.filter(evaluation=evaluation).exists()
    assert evaluation.events.filter(action=EventAction.STARTED).count() == 1


def test_a_stale_revision_is_refused_and_writes_nothing(world, evals):
    structure = evals.structure
    evaluation = evals.sup_a
    mine = full_content(structure, "advanced")
    services.save_draft(evaluation, mine, world.sup_a2, 1)
    theirs = full_content(structure, "developing")
    theirs.strengths = "Should not be saved"
    with pytest.raises(services.Conflict) as caught:
        services.save_draft(Evaluation.objects.get(pk=evaluation.pk), theirs, world.sup_a, 1)
    assert caught.value.current.revision == 2
    assert caught.value.current.updated_by == world.sup_a2
    evaluation.refresh_from_db()
    assert evaluation.revision == 2
    assert evaluation.strengths == ""
    assert set(evaluation.ratings.values_list("level__code", flat=True)) == {"advanced"}


# --- lifecycle --------------------------------------------------------------------------------


def test_submit_refuses_a_name_that_is_not_the_signers(world, evals):
    with pytest.raises(services.TransitionError):
        services.submit(evals.sup_a, signing(world.sup_a2, name="Bob"), 1)
    with pytest.raises(services.TransitionError):
        services.submit(evals.sup_a, signing(world.sup_a2, name="   "), 1)
    assert Evaluation.objects.get(pk=evals.sup_a.pk).status == EvaluationStatus.DRAFT


def test_draft_submitted_acknowledged_and_the_history(world, evals):
    evaluation = submitted(evals.sup_a, evals.structure, world.sup_a2)
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.author_signature == "Aiden Azoulay"
    assert evaluation.author_signed_at is not None
    acknowledged(evaluation, world.peer_a, "I read it.")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.ACKNOWLEDGED
    assert evaluation.staff_comments == "I read it."
    assert evaluation.staff_signed_at is not None
    actions = list(evaluation.events.values_list("action", flat=True))
    assert actions == [
        EventAction.CREATED,
        EventAction.STARTED,
        EventAction.SUBMITTED,
        EventAction.ACKNOWLEDGED,
    ]


def test_forbidden_transitions(world, evals):
    structure = evals.structure
    # A draft cannot be acknowledged or reopened.
    with pytest.raises(services.TransitionError):
        acknowledged(evals.sup_a, world.peer_a)
    with pytest.raises(services.TransitionError):
        services.reopen(evals.sup_a, world.hr, "why not")
    # A self-assessment is never acknowledged.
    own = submitted(evals.self_a, structure, world.peer_a)
    with pytest.raises(services.TransitionError):
        acknowledged(own, world.peer_a)
    # Submitted: no second submission, no more saving.
    evaluation = submitted(evals.sup_a, structure, world.sup_a2)
    with pytest.raises(services.TransitionError):
        services.submit(evaluation, signing(world.sup_a2), evaluation.revision)
    with pytest.raises(services.TransitionError):
        services.save_draft(evaluation, full_content(structure), world.sup_a2, evaluation.revision)
    # Acknowledged: not twice.
    acknowledged(evaluation, world.peer_a)
    with pytest.raises(services.TransitionError):
        acknowledged(evaluation, world.peer_a)
    # Reopening needs a reason.
    with pytest.raises(services.TransitionError):
        services.reopen(evaluation, world.hr, "  ")
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.ACKNOWLEDGED


def test_reopen_makes_a_draft_again_and_keeps_the_reason(world, evals):
    evaluation = submitted(evals.sup_a, evals.structure, world.sup_a2)
    acknowledged(evaluation, world.peer_a)
    services.reopen(evaluation, world.hr, "Rating 2.1 was entered for the wrong person.")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    assert evaluation.author_signature == "" and evaluation.staff_signature == ""
    event = evaluation.events.get(action=EventAction.REOPENED)
    assert event.actor == world.hr
    assert event.detail == "Rating 2.1 was entered for the wrong person."
    # The signed steps stay in the history.
    assert evaluation.events.filter(action=EventAction.SUBMITTED).exists()
    # And it can be edited and submitted again.
    submitted(evaluation, evals.structure, world.sup_a2)


# --- cycles -----------------------------------------------------------------------------------


def test_launch_creates_supervisor_and_self_evaluations_for_peers_in_scope(world, small_version):
    cycle = make_cycle(world, small_version)
    result = services.launch_cycle(cycle, world.hr)
    evaluations = Evaluation.objects.filter(cycle=cycle)
    pairs = {(e.subject.full_name, e.kind, e.author.username) for e in evaluations}
    assert pairs == {
        ("Ada Abara", EvaluationKind.SELF, "sup_a"),
        ("Aiden Azoulay", EvaluationKind.SUPERVISOR, "sup_a"),
        ("Aiden Azoulay", EvaluationKind.SELF, "sup_a2"),
        ("Amani Achebe", EvaluationKind.SUPERVISOR, "sup_a2"),
        ("Amani Achebe", EvaluationKind.SELF, "peer_a"),
        ("Bo Baptiste", EvaluationKind.SUPERVISOR, "sup_b"),
        ("Bo Baptiste", EvaluationKind.SELF, "peer_b"),
    }
    assert result.created == 7
    # Ada has no supervisor: reported, not silently dropped.
    assert [staff.full_name for staff, _reason in result.skipped] == ["Ada Abara"]
    assert all(e.due_date == cycle.due_date for e in evaluations)
    assert all(e.events.filter(action=EventAction.CREATED).exists() for e in evaluations)
    cycle.refresh_from_db()
    launched_at = cycle.launched_at
    assert launched_at is not None

    again = services.launch_cycle(cycle, world.hr)
    assert again.created == 0 and again.already_there == 7
    assert Evaluation.objects.filter(cycle=cycle).count() == 7
    cycle.refresh_from_db()
    assert cycle.launched_at == launched_at


def test_launch_goes_to_the_current_supervisor_and_adds_new_people(world, small_version):
    cycle = make_cycle(world, small_version)
    cycle.programs.add(world.program2)
    services.launch_cycle(cycle, world.hr)
    assert Evaluation.objects.filter(cycle=cycle).count() == 2  # Bo only (Bea is non-peer)
    newcomer = StaffMemberFactory(
        agency=world.agency,
        program=world.program2,
        supervisor=world.sup_b_staff,
        user=UserFactory(agency=world.agency),
    )
    StaffMemberFactory(agency=world.agency, program=world.program2, peer_role=PeerRole.NON_PEER)
    StaffMemberFactory(agency=world.agency, program=world.program2, status=StaffStatus.FORMER)
    result = services.launch_cycle(cycle, world.hr)
    assert result.created == 2
    supervisor_eval = Evaluation.objects.get(cycle=cycle, subject=newcomer, kind="supervisor")
    assert supervisor_eval.author == world.sup_b


def test_launch_scope_by_named_staff(world, small_version):
    cycle = make_cycle(world, small_version)
    cycle.staff.add(world.peer_a_staff)
    services.launch_cycle(cycle, world.hr)
    assert set(Evaluation.objects.filter(cycle=cycle).values_list("subject", "kind")) == {
        (world.peer_a_staff.pk, "supervisor"),
        (world.peer_a_staff.pk, "self"),
    }
