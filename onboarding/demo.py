"""Demo onboarding plans for the synthetic agency, in different phases. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from onboarding import fixtures_io, services
from onboarding.models import (
    Cadence,
    ChecklistTemplate,
    OnboardingPlan,
    TaskStatus,
)
from peerwork.models import EmploymentType, PeerRole, StaffMember, User
from peerwork.versioning import VersionStatus

WISE_SLUG = "wise-peer-onboarding"

# (hire full name or None for an opening, position, program name, supervisor's full name,
#  peer mentor's full name, start in days from today, volunteer?, how many tasks are closed)
PLANS = [
    (None, "Peer Navigator", "Adult Peer Support", "Jordan Lee", None, 35, False, 4),
    (
        "Francesca Okafor",
        "Peer Support Specialist",
        "Adult Peer Support",
        "Jordan Lee",
        "Elias Navarro",
        6,
        True,
        12,
    ),
    (
        "Casey Morgan",
        "Peer Support Specialist",
        "Adult Peer Support",
        "Jordan Lee",
        "Elias Navarro",
        -9,
        False,
        19,
    ),
    (
        "Harper Quinn",
        "Youth Peer Advocate",
        "Transition-Age Youth Drop-In",
        "Riley Chen",
        "Gabriel Santos",
        -45,
        False,
        22,
    ),
]


def _wise_template():
    template = (
        ChecklistTemplate.objects.filter(slug=WISE_SLUG, status=VersionStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    if template is None:
        for path in sorted(fixtures_io.FIXTURE_DIR.glob(f"{WISE_SLUG}--*.json")):
            fixtures_io.load(fixtures_io.parse(path))
        template = ChecklistTemplate.objects.get(slug=WISE_SLUG, status=VersionStatus.PUBLISHED)
    return template


@transaction.atomic
def add_demo_plans(agency):
    template = _wise_template()
    today = timezone.localdate()
    staff = {s.full_name: s for s in StaffMember.objects.filter(agency=agency)}
    hr_user = User.objects.filter(username="hr", agency=agency).first()
    if hr_user is None:
        return
    hr_staff = hr_user.staff_record
    programs = {p.name: p for p in agency.programs.all()}
    for hire_name, position, program, sup, mentor, start_in, volunteer, closed in PLANS:
        hire = staff.get(hire_name) if hire_name else None
        if hire_name and hire is None:
            continue
        existing = OnboardingPlan.objects.filter(agency=agency, position_title=position)
        existing = existing.filter(hire=hire) if hire else existing.filter(hire__isnull=True)
        if existing.exists():
            continue
        plan = services.start_plan(
            template=template,
            started_by=hr_user,
            agency=agency,
            program=programs[program],
            position_title=position,
            peer_role=PeerRole.PEER,
            employment_type=EmploymentType.VOLUNTEER if volunteer else EmploymentType.EMPLOYEE,
            target_start_date=today + datetime.timedelta(days=start_in),
            checkin_cadence=Cadence.BIWEEKLY if volunteer else Cadence.WEEKLY,
            hire=hire,
            supervisor=staff.get(sup),
            peer_mentor=staff.get(mentor) if mentor else None,
            hr_contact=hr_staff,
        )
        tasks = list(plan.tasks.order_by("order")[:closed])
        done = [t for t in tasks if t.pk != tasks[-1].pk] if tasks else []
        if done:
            services.close_tasks(done, actor=hr_user, status=TaskStatus.DONE)
        if tasks:
            services.close_tasks(
                [tasks[-1]],
                actor=hr_user,
                status=TaskStatus.NOT_APPLICABLE,
                reason="Covered by the agency-wide hiring round this spring.",
            )
