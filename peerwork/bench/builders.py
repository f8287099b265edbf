"""Bulk data in proportion to the staff: logins for team supervisors, evaluation cycles and
evaluations with all their ratings, onboarding plans.

Each builder is idempotent and grows what a smaller run made. They import the apps' models
inside the function: the core never imports an app at load time, and a builder whose app has
not shipped what it needs says so (`Unavailable`) instead of failing the whole benchmark.
"""

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from peerwork import demo
from peerwork.bench import data
from peerwork.bench.runner import Unavailable
from peerwork.models import PeerRole, Role, RoleAssignment, StaffMember, StaffStatus, User

WISE_FORM = ("wise-peer-performance-evaluation", "2019.2")
PAST_CYCLE = "Benchmark review 2024-25"
CURRENT_CYCLE = "Benchmark review 2025-26"


def team_supervisor_logins(world):
    """Generated team supervisors get logins, so their evaluations have real authors."""
    supervisors = list(
        StaffMember.objects.filter(
            agency=world.agency, user__isnull=True, direct_reports__isnull=False
        ).distinct()
    )
    if not supervisors:
        return
    password = make_password(demo.DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-supervisor-{staff.pk}",
                first_name=staff.full_name.split(" ")[0],
                last_name=staff.full_name.split(" ")[-1],
                agency=world.agency,
                password=password,
            )
            for staff in supervisors
        ],
        batch_size=500,
    )
    users = User.objects.filter(username__in=[user.username for user in users])
    by_name = {user.username: user for user in users}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role)
            for user in by_name.values()
            for role in (Role.SUPERVISOR, Role.PEER_STAFF)
        ],
        batch_size=500,
    )
    for staff in supervisors:
        staff.user = by_name[f"bench-supervisor-{staff.pk}"]
    StaffMember.objects.bulk_update(supervisors, ["user"], batch_size=500)


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

    try:
        version = FrameworkVersion.objects.get(framework__slug=WISE_FORM[0], label=WISE_FORM[1])
    except FrameworkVersion.DoesNotExist:
        raise Unavailable("the WISE evaluation form is not loaded (load_frameworks)") from None
    version = version_with_items(version)
    competencies = [c for cat in version.categories.all() for c in cat.competencies.all()]
    levels = list(version.rating_scale.levels.all())
    return version, competencies, levels


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
    world.evaluation_author = world.evaluation.author


PLANS_PER_STAFF = 20  # one plan per twenty staff (100 at 2,000): the hires of a quarter
CLOSED_TASKS = 12


def onboarding_plans(world):
    """Plans for the most recent hires, through the app's own `start_plan`, some tasks done."""
    try:
        from onboarding import services
        from onboarding.models import ChecklistTemplate, OnboardingPlan, TaskStatus
    except ImportError:
        raise Unavailable("the onboarding app has not shipped plans yet") from None

    template = ChecklistTemplate.objects.filter(status="published").order_by("slug", "-pk").first()
    if template is None:
        raise Unavailable("no published onboarding checklist template is loaded")
    hr = world.users[data.HR]
    wanted = max(1, world.staff_count // PLANS_PER_STAFF)
    have = OnboardingPlan.objects.filter(agency=world.agency).count()
    planned = set(
        OnboardingPlan.objects.filter(agency=world.agency, hire__isnull=False).values_list(
            "hire_id", flat=True
        )
    )
    hires = (
        StaffMember.objects.filter(agency=world.agency, supervisor__isnull=False)
        .exclude(pk__in=planned)
        .select_related("supervisor", "program")
        .order_by("-start_date", "pk")[: max(0, wanted - have)]
    )
    for index, hire in enumerate(hires):
        plan = services.start_plan(
            template=template,
            started_by=hr,
            agency=world.agency,
            program=hire.program or world.programs[0],
            position_title=hire.position_title,
            peer_role=hire.peer_role,
            employment_type=hire.employment_type,
            target_start_date=hire.start_date or timezone.localdate(),
            hire=hire,
            supervisor=hire.supervisor,
            hr_contact=world.staff.get(data.HR),
        )
        if index % 4 == 0:
            done = list(plan.tasks.order_by("order")[:CLOSED_TASKS])
            services.close_tasks(done, actor=hr, status=TaskStatus.DONE)
    world.plan = (
        OnboardingPlan.objects.filter(agency=world.agency, hire=world.staff[data.PEER]).first()
        or OnboardingPlan.objects.filter(agency=world.agency, hire__isnull=False)
        .order_by("pk")
        .first()
    )


# In the order they run: evaluations need the supervisors' logins.
BUILDERS = [team_supervisor_logins, evaluations, onboarding_plans]
