import datetime
import types

import pytest
from django.utils import timezone

from evaluations import services
from evaluations.models import Evaluation, EvaluationCycle, EvaluationKind
from peerwork import signatures
from tests.evaluations.factories import make_version


@pytest.fixture
def small_version(db):
    return make_version(categories=3, per_category=2)


def make_cycle(world, version, name="Spring review", **kwargs):
    defaults = {
        "agency": world.agency,
        "name": name,
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 6, 30),
        "due_date": datetime.date(2026, 7, 31),
        "framework_version": version,
        "created_by": world.hr,
    }
    defaults.update(kwargs)
    return EvaluationCycle.objects.create(**defaults)


@pytest.fixture
def evals(world, small_version):
    """A launched cycle on a small version, with its evaluations by (staff key, kind).

    ev.sup_a = peer_a's supervisor evaluation (author sup_a2), ev.self_a = peer_a's own,
    ev.sup_b / ev.self_b for peer_b (supervisor sup_b).
    """
    cycle = make_cycle(world, small_version)
    services.launch_cycle(cycle, world.hr)
    by = {(e.subject_id, e.kind): e for e in Evaluation.objects.filter(cycle=cycle)}
    return types.SimpleNamespace(
        cycle=cycle,
        version=small_version,
        structure=services.load_structure(small_version),
        sup_a=by[(world.peer_a_staff.pk, EvaluationKind.SUPERVISOR)],
        self_a=by[(world.peer_a_staff.pk, EvaluationKind.SELF)],
        sup_b=by[(world.peer_b_staff.pk, EvaluationKind.SUPERVISOR)],
        self_b=by[(world.peer_b_staff.pk, EvaluationKind.SELF)],
    )


def level(structure, code):
    return next(lv for lv in structure.levels if lv.code == code)


def full_content(structure, code="proficient", comments=None):
    """Every competency rated `code`; `comments` by category index."""
    return services.Content(
        ratings={c.pk: level(structure, code).pk for c in structure.competencies},
        comments={
            category.pk: (comments or {}).get(index, "")
            for index, category in enumerate(structure.categories)
        },
    )


def signing(user, meaning=signatures.Meaning.AUTHOR, name=None):
    """A signature as `SignatureForm` gives it (the form's own checks are tested apart)."""
    return signatures.Signing(
        signer=user,
        typed_name=name or signatures.name_on_record(user),
        name_on_record=signatures.name_on_record(user),
        meaning=meaning,
        signed_at=timezone.now(),
    )


def acknowledged(evaluation, user, comments=""):
    return services.acknowledge(
        evaluation, signing(user, signatures.Meaning.ACKNOWLEDGEMENT), comments
    )


def submitted(evaluation, structure, user):
    services.save_draft(evaluation, full_content(structure), user, evaluation.revision)
    return services.submit(evaluation, signing(user), evaluation.revision)
