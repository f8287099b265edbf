"""`make loadtest`: who the simulated people are, what they open, and how the results read.

`visit_plan(world)` turns the benchmark's agency into a list of logins, each with the pages
that person opens and how often (weights), written to JSON for `benchmarks/locustfile.py`.
`read_stats(csv_path)` reads locust's CSV into p50/p95 per page and the error count.
"""

import csv
import itertools

from django.urls import reverse

from benchmarks import data
from peerwork import demo

# (page name, weight): what each kind of person opens, and how often, between reading pauses.
HR_PAGES = [
    ("home", 3), ("staff_list", 3), ("staff_search", 2), ("staff_detail", 3),
    ("cycle_dashboard", 2), ("evaluation_list", 2), ("onboarding_dashboard", 2),
    ("onboarding_plan", 2), ("credentials_dashboard", 1), ("training_sessions", 1),
    ("supervision_hours", 1),
]  # fmt: skip
SUPERVISOR_PAGES = [
    ("home", 3), ("staff_list", 2), ("staff_detail", 2), ("evaluation_list", 3),
    ("evaluation_form", 4), ("evaluation_compare", 1), ("evaluation_pdf", 1),
    ("supervision_overview", 2), ("training_catalog", 1),
]  # fmt: skip
PEER_PAGES = [
    ("home", 3), ("staff_detail", 1), ("evaluation_list", 2), ("evaluation_form", 2),
    ("training_mine", 1), ("credentials_mine", 1),
]  # fmt: skip
# Of the 50 simulated people: how many are HR, supervisors and peer staff.
MIX = {"hr": 0.1, "supervisor": 0.5, "peer": 0.4}


def _supervisor_visits(user, world):
    from evaluations.models import Evaluation, EvaluationKind, EvaluationStatus

    staff = user.staff_member
    evaluation = (
        Evaluation.objects.filter(author=user, cycle=world.current_cycle, kind="supervisor")
        .order_by("pk")
        .first()
    )
    report = staff.direct_reports.order_by("pk").first() if staff else None
    paths = {
        "home": reverse("peerwork:home"),
        "staff_list": reverse("peerwork:staff_list"),
        "evaluation_list": reverse("evaluations:evaluation_list"),
        "supervision_overview": reverse("supervision:overview"),
        "training_catalog": reverse("training:catalog"),
    }
    if report is not None:
        paths["staff_detail"] = reverse("peerwork:staff_detail", args=[report.pk])
    if evaluation is not None:
        paths["evaluation_form"] = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
        paths["evaluation_pdf"] = reverse("evaluations:evaluation_pdf", args=[evaluation.pk])
        # The comparison exists once the self-assessment is submitted (a draft is private).
        has_self = (
            Evaluation.objects.filter(
                cycle=world.current_cycle, subject=evaluation.subject, kind=EvaluationKind.SELF
            )
            .exclude(status=EvaluationStatus.DRAFT)
            .exists()
        )
        if has_self:
            paths["evaluation_compare"] = reverse(
                "evaluations:evaluation_compare", args=[evaluation.pk]
            )
    return [(name, paths[name], weight) for name, weight in SUPERVISOR_PAGES if name in paths]


def _hr_visits(world):
    person = world.staff[data.PEER]
    paths = {
        "home": reverse("peerwork:home"),
        "staff_list": reverse("peerwork:staff_list"),
        "staff_search": reverse("peerwork:staff_list") + "?q=peer&status=active",
        "staff_detail": reverse("peerwork:staff_detail", args=[person.pk]),
        "cycle_dashboard": reverse("evaluations:cycle_detail", args=[world.current_cycle.pk]),
        "evaluation_list": reverse("evaluations:evaluation_list"),
        "onboarding_dashboard": reverse("onboarding:dashboard"),
        "onboarding_plan": reverse("onboarding:plan_detail", args=[world.plan.pk]),
        "credentials_dashboard": reverse("credentials:dashboard"),
        "training_sessions": reverse("training:session_list"),
        "supervision_hours": reverse("supervision:hours"),
    }
    return [(name, paths[name], weight) for name, weight in HR_PAGES]


def _peer_visits(user, world):
    from evaluations.models import Evaluation

    paths = {
        "home": reverse("peerwork:home"),
        "staff_detail": reverse("peerwork:staff_detail", args=[user.staff_member.pk]),
        "evaluation_list": reverse("evaluations:evaluation_list"),
        "training_mine": reverse("training:my_training"),
        # "My credentials" redirects to the person's own page: the page is what is measured.
        "credentials_mine": reverse("credentials:staff_credentials", args=[user.staff_member.pk]),
    }
    own = Evaluation.objects.filter(author=user, kind="self").order_by("-pk").first()
    if own is not None:
        paths["evaluation_form"] = reverse("evaluations:evaluation_detail", args=[own.pk])
    return [(name, paths[name], weight) for name, weight in PEER_PAGES if name in paths]


def visit_plan(world, users=50):
    """{"password": ..., "people": [{"username", "role", "visits": [[name, path, weight]]}]}."""
    from peerwork.models import User

    logins = [
        user
        for user in User.objects.filter(agency=world.agency, is_active=True)
        .select_related("staff_member")
        .order_by("pk")
        if getattr(user, "staff_member", None) is not None
    ]
    supervisors = [user for user in logins if user.is_supervisor]
    peers = [user for user in logins if not (user.is_supervisor or user.is_hr or user.is_admin)]
    hr = world.users[data.HR]
    counts = {role: max(1, round(users * share)) for role, share in MIX.items()}
    counts["supervisor"] = users - counts["hr"] - counts["peer"]
    people = []
    for _ in range(counts["hr"]):
        people.append({"username": hr.username, "role": "hr", "visits": _hr_visits(world)})
    for user in itertools.islice(itertools.cycle(supervisors), counts["supervisor"]):
        visits = _supervisor_visits(user, world)
        people.append({"username": user.username, "role": "supervisor", "visits": visits})
    for user in itertools.islice(itertools.cycle(peers), counts["peer"]):
        visits = _peer_visits(user, world)
        people.append({"username": user.username, "role": "peer", "visits": visits})
    return {"password": demo.DEMO_PASSWORD, "people": people}


def read_stats(csv_path):
    """({page: {"requests", "failures", "p50_ms", "p95_ms"}}, total row) from locust's CSV."""
    pages, total = {}, None
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                pages[row["Name"]] = entry
    return pages, total
