"""A person with work from three apps: onboarding, evaluations and the self-assessment survey.

Everything is dated from START (a Monday), which the tests pass as "today".
"""

import datetime
import itertools

from assessments import services as assessment_services
from assessments.models import RespondentGroup
from evaluations import services as evaluation_services
from evaluations.models import EvaluationCycle
from peerwork.models import Role
from tests.assessments.factories import instrument
from tests.evaluations.factories import make_version
from tests.factories import StaffMemberFactory, UserFactory
from tests.onboarding.factories import START, make_plan, make_template

TUESDAY = START + datetime.timedelta(days=1)
_serial = itertools.count(1)


def add_work(world, hires=0):
    """sup_a2 (Aiden) gets onboarding tasks and check-ins (plan_a, Amani's), evaluations to
    write (the cycle due in 2 days) and a survey to answer (closing in 2 days). `hires` more
    peers reporting to Aiden, each with a plan, add rows without adding queries."""
    n_call = next(_serial)
    template = make_template(slug=f"todo-onboarding-{n_call}")
    plans = [
        make_plan(
            template,
            agency=world.agency,
            program=world.program,
            started_by=world.hr,
            hire=world.peer_a_staff,
            supervisor=world.sup_a2_staff,
        )
    ]
    for n in range(hires):
        user = UserFactory(
            username=f"hire{n_call}-{n}", agency=world.agency, roles=[Role.PEER_STAFF]
        )
        staff = StaffMemberFactory(
            agency=world.agency,
            user=user,
            full_name=f"Hire Number{n}",
            program=world.program,
            supervisor=world.sup_a2_staff,
        )
        plans.append(
            make_plan(
                template,
                agency=world.agency,
                program=world.program,
                started_by=world.hr,
                hire=staff,
                supervisor=world.sup_a2_staff,
            )
        )
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name=f"Spring review {n_call}",
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2026, 2, 28),
        due_date=START + datetime.timedelta(days=2),
        framework_version=make_version(categories=2, per_category=2),
        created_by=world.hr,
    )
    evaluation_services.launch_cycle(cycle, world.hr)
    round_ = assessment_services.open_round(
        agency=world.agency,
        program=None,
        framework_version=instrument(items=2),
        title="How recovery-oriented is our workplace?",
        closes_on=START + datetime.timedelta(days=2),
        groups=RespondentGroup.values,
        opened_by=world.hr,
    )
    return plans, cycle, round_
