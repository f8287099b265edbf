"""Demo data: last year's and this year's closed WISE employer-competency rounds with synthetic
answers, an action plan for one item, and an open workplace survey waiting for answers.

Idempotent: each round is found by its title. Nothing here is a real person's answer.
"""

import datetime
import random
import secrets

from django.db import transaction
from django.utils import timezone

from assessments import services
from assessments.models import (
    ActionStatus,
    Answer,
    AssessmentRound,
    Invitation,
    RespondentGroup,
    Response,
    RoundStatus,
)
from competencies.models import Competency, FrameworkVersion
from peerwork.models import PeerRole, StaffMember, StaffStatus

EMPLOYER = ("wise-employer-competencies", "2019.2")
WORKPLACE = ("wise-recovery-oriented-workplace", "2019")

# Share of each group that answered in the demo: one supervisor alone (withheld).
ANSWERING = {
    RespondentGroup.LEADERSHIP: 1.0,
    RespondentGroup.SUPERVISORS: 1.0,
    RespondentGroup.NON_PEER: 0.7,
    RespondentGroup.PEER: 0.8,
}

COMMENTS = [
    "Peer staff are invited to team meetings, but their ideas are rarely followed up.",
    "Our supervisors make time for check-ins and it shows.",
    "Job descriptions for peer roles were updated this year and are much clearer.",
    "We need a clear path for peer staff to move into senior roles.",
    "Training on recovery language helped the whole team.",
    "Flexible schedules are offered informally but not written into policy.",
    "Not sure how peer services are evaluated here.",
    "Leadership talks about recovery, and budgets follow it.",
]


def _version(key):
    return FrameworkVersion.objects.filter(framework__slug=key[0], label=key[1]).first()


def _demo_invitees(agency):
    """Everyone active with a login, by group, plus the team members without logins as
    non-peer staff (they answered on paper in the demo story)."""
    probe = AssessmentRound(agency=agency)
    grouped = services.staff_by_group(probe)
    invited = {person.pk for people in grouped.values() for person in people}
    grouped[RespondentGroup.NON_PEER.value] = [
        *grouped[RespondentGroup.NON_PEER.value],
        *StaffMember.objects.filter(
            agency=agency,
            status=StaffStatus.ACTIVE,
            peer_role=PeerRole.NON_PEER,
            user__isnull=True,
        ).exclude(pk__in=invited)[:12],
    ]
    return grouped


def _closed_round(agency, version, title, opened_at, closes_on, rng, lean):
    if AssessmentRound.objects.filter(agency=agency, title=title).exists():
        return None
    round_ = AssessmentRound.objects.create(
        agency=agency,
        framework_version=version,
        title=title,
        closes_on=closes_on,
        status=RoundStatus.CLOSED,
        closed_on=closes_on,
    )
    # The demo story needs last year's round to be older than this year's.
    AssessmentRound.objects.filter(pk=round_.pk).update(opened_at=opened_at)
    items = list(Competency.objects.filter(category__version=version).order_by("order"))
    levels = list(version.rating_scale.levels.all())
    scored = sorted((lv for lv in levels if lv.counts_as_score), key=lambda lv: lv.score)
    unscored = [lv for lv in levels if not lv.counts_as_score]
    invitations, responses, answers = [], [], []
    said = {}
    for group, people in _demo_invitees(agency).items():
        answering = round(len(people) * ANSWERING[RespondentGroup(group)])
        for index, person in enumerate(people):
            submitted = index < answering
            invitations.append(
                Invitation(round=round_, staff=person, group=group, submitted=submitted)
            )
            if not submitted:
                continue
            response = Response(round=round_, group=group, submitted=True)
            responses.append(response)
            for number, item in enumerate(items):
                # Peer staff see the agency less rosily than others, as the toolkit expects.
                centre = len(scored) / 2 + lean - (0.6 if group == RespondentGroup.PEER else 0)
                centre -= 0.25 * (number % 4)
                if unscored and rng.random() < 0.06:
                    level = unscored[0]
                else:
                    position = min(len(scored) - 1, max(0, round(rng.gauss(centre, 0.9))))
                    level = scored[position]
                # Each remark at most once per item, as different people would write them.
                unused = [text for text in COMMENTS if text not in said.setdefault(item.pk, set())]
                comment = rng.choice(unused) if unused and rng.random() < 0.12 else ""
                if comment:
                    said[item.pk].add(comment)
                answers.append(
                    Answer(response=response, competency=item, level=level, comment=comment)
                )
    # Shuffled, as real rows would be: nothing in insertion order follows who answered.
    rng.shuffle(responses)
    Invitation.objects.bulk_create(invitations)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    return round_


@transaction.atomic
def add_demo_round(agency, today=None):
    today = today or timezone.localdate()
    employer = _version(EMPLOYER)
    if employer is not None:
        rng = random.Random(f"{agency.slug}-assessments")
        year = today.year
        _closed_round(
            agency,
            employer,
            f"WISE employer competencies {year - 1}",
            timezone.now() - datetime.timedelta(days=400),
            today - datetime.timedelta(days=380),
            rng,
            lean=-0.4,
        )
        current = _closed_round(
            agency,
            employer,
            f"WISE employer competencies {year}",
            timezone.now() - datetime.timedelta(days=40),
            today - datetime.timedelta(days=20),
            rng,
            lean=0.1,
        )
        if current is not None:
            _demo_plan(current)
    workplace = _version(WORKPLACE)
    title = "How recovery-oriented is our workplace?"
    if (
        workplace is not None
        and not AssessmentRound.objects.filter(agency=agency, title=title).exists()
    ):
        round_ = AssessmentRound.objects.create(
            agency=agency,
            framework_version=workplace,
            title=title,
            closes_on=today + datetime.timedelta(days=21),
        )
        grouped = services.staff_by_group(round_)
        Invitation.objects.bulk_create(
            Invitation(round=round_, staff=person, group=group, secret=secrets.token_urlsafe(32))
            for group, people in grouped.items()
            for person in people
        )


def _demo_plan(round_):
    from assessments.results import build_results

    results = build_results(round_, with_previous=False)
    weakest = [result for result in results.items if result.weakest]
    if not weakest:
        return
    owner = StaffMember.objects.filter(agency=round_.agency, user__username="alex").first()
    areas = services.worksheet_areas()
    today = timezone.localdate()
    rows = [
        {
            "area": areas[0],
            "causes": "Peer staff work from a shared desk away from the clinical team.",
            "why": "Space was planned before peer positions existed.",
            "details": "Peer staff miss hallway conversations where decisions are made.",
            "proposed_action": "Seat peer staff with their program teams.",
            "owner": owner,
            "due_on": today + datetime.timedelta(days=45),
            "status": ActionStatus.IN_PROGRESS,
        },
        {
            "area": areas[2],
            "causes": "No written policy on flexible schedules.",
            "why": "Arrangements depend on each supervisor.",
            "details": "Peer staff asked for predictable accommodations.",
            "proposed_action": "Draft a flexible-schedule policy with peer staff input.",
            "owner": owner,
            "due_on": today + datetime.timedelta(days=90),
            "status": ActionStatus.PLANNED,
        },
    ]
    services.save_worksheet(
        round_,
        weakest[0].item,
        current_situation="Peer staff rate this item lower than other staff.",
        rows=rows,
        revision=0,
    )
