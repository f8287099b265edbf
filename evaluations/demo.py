"""Demo evaluations for the synthetic agency (registered in peerwork.demo.extensions).

A launched cycle on the shipped WISE form: Jordan's evaluation of Casey in progress, of Dana
submitted, of Eli acknowledged; Frankie's self-assessment half done and Dana's submitted.
Idempotent: it only fills evaluations nobody has touched yet.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from competencies.models import FrameworkVersion
from evaluations import services
from evaluations.models import Evaluation, EvaluationCycle, EvaluationKind
from peerwork import signatures
from peerwork.demo import DEMO_PASSWORD
from peerwork.models import User

WISE_FORM = ("wise-peer-performance-evaluation", "2019.2")

# Every name and every sentence below is invented.
STRENGTHS = "Builds trust quickly and follows through on every commitment."
GROWTH = "Documentation is sometimes late; a weekly writing block could help."
SUMMARY = "A dependable colleague whose own recovery story is shared thoughtfully."
COMMENT = "Still learning this part of the role; we agreed on shadowing twice a month."


def _content(structure, share, pattern):
    levels = {level.code: level.pk for level in structure.levels}
    competencies = structure.competencies
    ratings = {}
    for index, competency in enumerate(competencies[: round(len(competencies) * share)]):
        code = pattern[index % len(pattern)]
        ratings[competency.pk] = levels.get(code, structure.levels[0].pk)
    level_needs = {level.pk for level in structure.levels if level.requires_comment}
    comments = {
        category.pk: COMMENT
        for category in structure.categories
        if any(ratings.get(c.pk) in level_needs for c in category.competency_list)
    }
    return services.Content(
        ratings=ratings,
        comments=comments,
        strengths=STRENGTHS,
        areas_for_growth=GROWTH,
        supervisor_summary=SUMMARY,
        goals=[("Lead one peer support group each month.", timezone.localdate().replace(day=1))],
    )


def build_demo_evaluations(agency, today=None):
    version = FrameworkVersion.objects.filter(
        framework__slug=WISE_FORM[0], label=WISE_FORM[1]
    ).first()
    if version is None:
        return  # frameworks not loaded yet: load_shipped_data first
    today = today or timezone.localdate()
    hr = User.objects.filter(username="hr", agency=agency).first()
    with transaction.atomic():
        cycle, _ = EvaluationCycle.objects.get_or_create(
            agency=agency,
            name=f"Annual review {today.year}",
            defaults={
                "period_start": datetime.date(today.year - 1, today.month, 1),
                "period_end": today,
                "due_date": today + datetime.timedelta(days=30),
                "framework_version": version,
                "created_by": hr,
            },
        )
        services.launch_cycle(cycle, hr)
        structure = services.load_structure(version)
        untouched = {
            (e.subject.user.username if e.subject.user else None, e.kind): e
            for e in Evaluation.objects.filter(cycle=cycle, revision=1).select_related(
                "subject__user", "author"
            )
        }
        plans = [
            ("casey", EvaluationKind.SUPERVISOR, 0.6, None),
            ("dana", EvaluationKind.SUPERVISOR, 1, "submit"),
            ("eli", EvaluationKind.SUPERVISOR, 1, "acknowledge"),
            ("frankie", EvaluationKind.SELF, 0.5, None),
            ("dana", EvaluationKind.SELF, 1, "submit"),
        ]
        patterns = {
            EvaluationKind.SUPERVISOR: ["proficient", "advanced", "proficient", "developing"],
            EvaluationKind.SELF: ["advanced", "advanced", "proficient", "proficient"],
        }
        for username, kind, share, step in plans:
            evaluation = untouched.get((username, kind))
            if evaluation is None:
                continue
            author = evaluation.author
            services.save_draft(evaluation, _content(structure, share, patterns[kind]), author, 1)
            if step in {"submit", "acknowledge"}:
                services.submit(evaluation, _demo_signing(author, signatures.Meaning.AUTHOR), 2)
            if step == "acknowledge":
                services.acknowledge(
                    evaluation,
                    _demo_signing(evaluation.subject.user, signatures.Meaning.ACKNOWLEDGEMENT),
                    "Thank you. I would like more time for group facilitation.",
                )


def _demo_signing(user, meaning):
    """A real signature: the demo login's name on record and password, checked by the same
    form people sign with."""
    form = signatures.SignatureForm(
        {"sign_name": signatures.name_on_record(user), "sign_password": DEMO_PASSWORD},
        signer=user,
    )
    if not form.is_valid():
        raise ValueError(f"demo signature refused for {user.username}: {form.errors.as_text()}")
    return form.signing(meaning)
