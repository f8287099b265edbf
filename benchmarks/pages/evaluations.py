"""Evaluations: two cycles of supervisor evaluations and self-assessments with all their
ratings, and the pages people wait on (the form, saving a draft, submitting, comparing,
lists and the cycle dashboard); the admin inline floor."""

import datetime
import itertools

from django.db import connection
from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import PageError, Probe, Unavailable, client_for, find_form
from peerwork.models import PeerRole, StaffMember, StaffStatus

WISE_FORM = "wise-peer-performance-evaluation"  # its published version, whatever its label
PAST_CYCLE = "Benchmark review 2024-25"
CURRENT_CYCLE = "Benchmark review 2025-26"


def _insert_rows(model, field_names, rows):
    """A plain multi-row INSERT: 60 ratings per evaluation across thousands of evaluations
    would take most of the build as model instances."""
    fields = [model._meta.get_field(name) for name in field_names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _wise_form():
    from competencies.models import FrameworkVersion
    from competencies.services import version_with_items
    from peerwork.versioning import VersionStatus

    version = FrameworkVersion.objects.filter(
        framework__slug=WISE_FORM, status=VersionStatus.PUBLISHED
    ).first()
    if version is None:
        raise Unavailable("the WISE evaluation form is not loaded (load_frameworks)")
    version = version_with_items(version)
    competencies = [c for cat in version.categories.all() for c in cat.competencies.all()]
    levels = list(version.rating_scale.levels.all())
    return version, competencies, levels


@builder
def evaluations(world):
    """Two cycles; a supervisor evaluation of every active peer in each, self-assessments for
    a third of them, with all 62 ratings (drafts: about half), as an agency would have."""
    from evaluations.models import (
        CategoryComment,
        DevelopmentGoal,
        Evaluation,
        EvaluationCycle,
        EvaluationKind,
        EvaluationStatus,
        Rating,
    )

    version, competencies, levels = _wise_form()
    quiet_levels = [lv for lv in levels if lv.counts_as_score and not lv.requires_comment]
    if not quiet_levels:
        raise Unavailable("the WISE scale has no level that needs no comment")
    today = timezone.localdate()
    now = timezone.now()
    year = datetime.timedelta(days=365)
    cycles = {}
    for name, end, due in (
        (
            PAST_CYCLE,
            today - year + datetime.timedelta(days=30),
            today - year + datetime.timedelta(days=60),
        ),
        (CURRENT_CYCLE, today + datetime.timedelta(days=30), today + datetime.timedelta(days=60)),
    ):
        cycles[name], _ = EvaluationCycle.objects.get_or_create(
            agency=world.agency,
            name=name,
            defaults={
                "period_start": end - year,
                "period_end": end,
                "due_date": due,
                "framework_version": version,
                "launched_at": now,
                "created_by": world.users[data.HR],
            },
        )

    peers = list(
        StaffMember.objects.filter(
            agency=world.agency, peer_role=PeerRole.PEER, status=StaffStatus.ACTIVE
        )
        .select_related("supervisor__user", "user")
        .order_by("pk")
    )
    fallback_author = world.users[data.SUPERVISOR]
    existing = set(
        Evaluation.objects.filter(cycle__in=cycles.values()).values_list(
            "cycle_id", "subject_id", "kind"
        )
    )
    new = []
    for index, person in enumerate(peers):
        supervisor_user = person.supervisor.user if person.supervisor else None
        for cycle_name, kind in (
            (PAST_CYCLE, EvaluationKind.SUPERVISOR),
            (CURRENT_CYCLE, EvaluationKind.SUPERVISOR),
            (CURRENT_CYCLE, EvaluationKind.SELF),
        ):
            cycle = cycles[cycle_name]
            if (cycle.pk, person.pk, kind) in existing:
                continue
            is_self = kind == EvaluationKind.SELF
            is_measured = person.pk == world.staff[data.PEER].pk
            if is_self and (person.user is None or (index % 3 and not is_measured)):
                continue
            author = person.user if is_self else (supervisor_user or fallback_author)
            if cycle_name == PAST_CYCLE:
                status = EvaluationStatus.ACKNOWLEDGED
            else:
                status = [EvaluationStatus.DRAFT, EvaluationStatus.SUBMITTED][index % 2]
                if is_self and is_measured:
                    status = EvaluationStatus.SUBMITTED
            signed = status != EvaluationStatus.DRAFT
            new.append(
                Evaluation(
                    subject=person,
                    author=author,
                    framework_version=version,
                    kind=kind,
                    cycle=cycle,
                    status=status,
                    period_start=cycle.period_start,
                    period_end=cycle.period_end,
                    due_date=cycle.due_date,
                    strengths="Builds trust quickly; shares recovery story with purpose.",
                    areas_for_growth="Documentation within the agreed time.",
                    author_signature=(author.get_full_name() or author.username) if signed else "",
                    author_signed_at=now if signed else None,
                    staff_signature=person.full_name
                    if status == EvaluationStatus.ACKNOWLEDGED
                    else "",
                    staff_signed_at=now if status == EvaluationStatus.ACKNOWLEDGED else None,
                    updated_by=author,
                )
            )
    created = Evaluation.objects.bulk_create(new, batch_size=500)
    created_ids = [evaluation.pk for evaluation in created if evaluation.pk]
    if len(created_ids) != len(created):  # backends that return no ids on bulk insert
        created_ids = list(
            Evaluation.objects.filter(cycle__in=cycles.values())
            .exclude(pk__in=Rating.objects.values("evaluation_id"))
            .values_list("pk", flat=True)
        )
    statuses = dict(Evaluation.objects.filter(pk__in=created_ids).values_list("pk", "status"))
    rows = []
    for serial, evaluation_id in enumerate(created_ids):
        rated = competencies
        if statuses[evaluation_id] == EvaluationStatus.DRAFT:
            rated = competencies[: len(competencies) // 2]
        for position, competency in enumerate(rated):
            level = quiet_levels[(serial + position) % len(quiet_levels)]
            rows.append((evaluation_id, competency.pk, level.pk))
    _insert_rows(Rating, ["evaluation", "competency", "level"], rows)
    categories = list(version.categories.all())
    CategoryComment.objects.bulk_create(
        [
            CategoryComment(
                evaluation_id=evaluation_id,
                category=category,
                text="Shows this in team meetings and with people receiving services.",
            )
            for evaluation_id in created_ids
            for category in categories[:3]
        ],
        batch_size=2000,
    )
    DevelopmentGoal.objects.bulk_create(
        [
            DevelopmentGoal(
                evaluation_id=evaluation_id,
                text="Complete the WRAP facilitator training.",
                target_date=today + datetime.timedelta(days=120),
                order=order,
            )
            for evaluation_id, order in itertools.product(created_ids, (1, 2))
        ],
        batch_size=2000,
    )
    _pick_measured_evaluations(world, cycles, competencies, quiet_levels)


def _pick_measured_evaluations(world, cycles, competencies, quiet_levels):
    """The evaluations the pages are measured on: the peer's, by their own supervisor.

    `evaluation` is this cycle's supervisor evaluation, a draft with every competency rated
    (the form at its fullest); `self_evaluation` the peer's submitted self-assessment;
    `signed_evaluation` last cycle's acknowledged one (the PDF).
    """
    from evaluations.models import Evaluation, EvaluationKind, EvaluationStatus, Rating

    person = world.staff[data.PEER]
    current = cycles[CURRENT_CYCLE]
    evaluation = Evaluation.objects.get(
        cycle=current, subject=person, kind=EvaluationKind.SUPERVISOR
    )
    if evaluation.status != EvaluationStatus.DRAFT:
        Evaluation.objects.filter(pk=evaluation.pk).update(
            status=EvaluationStatus.DRAFT, author_signature="", author_signed_at=None
        )
    rated = set(
        Rating.objects.filter(evaluation=evaluation).values_list("competency_id", flat=True)
    )
    Rating.objects.bulk_create(
        [
            Rating(evaluation=evaluation, competency=competency, level=quiet_levels[i % 2])
            for i, competency in enumerate(competencies)
            if competency.pk not in rated
        ]
    )
    self_evaluation = Evaluation.objects.filter(
        cycle=current, subject=person, kind=EvaluationKind.SELF
    ).first()
    if self_evaluation is None:
        raise Unavailable(f"{data.PEER} has no self-assessment to compare with")
    world.evaluation = Evaluation.objects.get(pk=evaluation.pk)
    world.self_evaluation = self_evaluation
    world.signed_evaluation = Evaluation.objects.get(
        cycle=cycles[PAST_CYCLE], subject=person, kind=EvaluationKind.SUPERVISOR
    )
    world.current_cycle = current
    world.past_cycle = cycles[PAST_CYCLE]
    world.evaluation_author = world.evaluation.author


def _author_form(world):
    """The measured evaluation's edit form, as its author's browser has it."""
    evaluation = world_object(world, "evaluation")
    path = url("evaluations:evaluation_detail", evaluation.pk)
    client = client_for(evaluation.author)
    response = client.get(path)
    if response.status_code != 200:
        raise PageError(f"evaluation form: HTTP {response.status_code} for its author")
    form = find_form(
        response.content.decode(),
        lambda form: form.method == "post" and "revision" in form.field_names,
    )
    return evaluation, client, path, form


def _first_level(name, values):
    return values[0]


def _button(form, value):
    for name, button_value in form.buttons:
        if name == "action" and button_value == value:
            return (name, button_value)
    raise PageError(f"the evaluation form has no {value!r} button")


@page("evaluation_form")
def evaluation_form(world):
    evaluation = world_object(world, "evaluation")
    path = url("evaluations:evaluation_detail", evaluation.pk)
    return get("evaluation_form", evaluation.author, path)


def _saved_as(evaluation, status, revision_at_least):
    """A check that the POST really saved (a redirect alone could be a refusal)."""

    def verify(response):
        saved = type(evaluation).objects.get(pk=evaluation.pk)
        if saved.status != status or saved.revision < revision_at_least:
            raise PageError(
                f"the POST redirected without saving (status {saved.status}, "
                f"revision {saved.revision})"
            )

    return verify


@page("evaluation_draft_save")
def evaluation_draft_save(world):
    evaluation, client, path, form = _author_form(world)
    body = form.data(button=_button(form, "save"), fill_radios=_first_level)
    return Probe(
        "evaluation_draft_save",
        client,
        lambda client: client.post(form.action or path, body),
        expect=(302,),
        rollback=True,
        content_type="",
        verify=_saved_as(evaluation, "draft", evaluation.revision + 1),
    )


@page("evaluation_submit")
def evaluation_submit(world):
    evaluation, client, path, form = _author_form(world)
    from peerwork import demo, signatures

    # A real signature: the author's name on record and password (the bench's logins use
    # the demo password). Submitting renders and stores the signed copy's PDF.
    body = form.data(
        button=_button(form, "submit"),
        fill_radios=_first_level,
        overrides={
            "sign_name": signatures.name_on_record(evaluation.author),
            "sign_password": demo.DEMO_PASSWORD,
        },
    )
    return Probe(
        "evaluation_submit",
        client,
        lambda client: client.post(form.action or path, body),
        expect=(302,),
        rollback=True,
        content_type="",
        verify=_saved_as(evaluation, "submitted", evaluation.revision),
    )


@page("evaluation_compare")
def evaluation_compare(world):
    evaluation = world_object(world, "evaluation")
    path = url("evaluations:evaluation_compare", evaluation.pk)
    return get("evaluation_compare", evaluation.author, path)


@page("evaluation_list")
def evaluation_list(world):
    world_object(world, "evaluation")
    path = url("evaluations:evaluation_list")
    return get("evaluation_list", world.users[data.SUPERVISOR], path)


@page("cycle_dashboard")
def cycle_dashboard(world):
    cycle = world_object(world, "current_cycle")
    path = url("evaluations:cycle_detail", cycle.pk)
    return get("cycle_dashboard", world.users[data.HR], path)


def admin_inline_probe(world):
    """The Django admin change page of the measured evaluation, ratings as an inline."""
    evaluation = world_object(world, "evaluation")
    path = url(
        f"admin:{evaluation._meta.app_label}_{evaluation._meta.model_name}_change",
        evaluation.pk,
    )
    return get("admin_inline", world.users[data.ADMIN], path)
