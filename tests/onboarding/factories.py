"""Onboarding test data: a small template and plans built through the real services."""

import datetime

from onboarding import services
from onboarding.models import (
    Audience,
    CheckinQuestion,
    ChecklistItem,
    ChecklistItemDetail,
    ChecklistTemplate,
    Phase,
    ResponsibleRole,
)
from peerwork.versioning import VersionStatus

START = datetime.date(2026, 3, 2)  # a Monday

# (phase, text, details, offset, role, applies to volunteers)
ITEMS = [
    (Phase.PRE_SELECTION, "Review core competencies", [], -21, ResponsibleRole.HR, True),
    (
        Phase.POST_SELECTION,
        "Make logistical preparations",
        ["Schedule", "Workspace"],
        -7,
        ResponsibleRole.HR,
        True,
    ),
    (
        Phase.DAY_ONE,
        "DAY ONE: Complete necessary paperwork",
        ["W-4 form", "I-9 form", "Benefits"],
        0,
        ResponsibleRole.HR,
        True,
    ),
    (
        Phase.DAY_ONE,
        "DAY ONE: Conduct orientation",
        ["Mission"],
        0,
        ResponsibleRole.SUPERVISOR,
        True,
    ),
    (Phase.WEEK_ONE, "WEEK ONE: Read the handbook", [], 5, ResponsibleRole.HIRE, True),
    (Phase.FIRST_30_DAYS, "Enroll in benefits", [], 30, ResponsibleRole.HR, False),
    (
        Phase.FIRST_90_DAYS,
        "Frequent contact with other peers",
        [],
        90,
        ResponsibleRole.PEER_MENTOR,
        True,
    ),
]
PEER_QUESTIONS = ["What's going well?", "What could be going better?"]
NON_PEER_QUESTIONS = ["Do you understand the peer role?"]


def make_template(slug="test-onboarding", version=1):
    template = ChecklistTemplate.objects.create(
        slug=slug, version=version, name="Test onboarding", status=VersionStatus.PUBLISHED
    )
    for order, (phase, text, details, offset, role, volunteers) in enumerate(ITEMS, start=1):
        item = ChecklistItem.objects.create(
            template=template,
            phase=phase,
            order=order,
            text=text,
            due_offset_days=offset,
            responsible_role=role,
            applies_to_volunteers=volunteers,
        )
        for n, detail in enumerate(details, start=1):
            ChecklistItemDetail.objects.create(item=item, order=n, text=detail)
    for audience, questions in (
        (Audience.PEER, PEER_QUESTIONS),
        (Audience.NON_PEER, NON_PEER_QUESTIONS),
    ):
        for n, text in enumerate(questions, start=1):
            CheckinQuestion.objects.create(template=template, audience=audience, order=n, text=text)
    return template


def make_plan(template, *, agency, program, started_by, hire=None, supervisor=None, **fields):
    values = {
        "position_title": "Peer Support Specialist",
        "target_start_date": START,
        "hr_contact": started_by.staff_record if started_by else None,
    }
    values.update(fields)
    return services.start_plan(
        template=template,
        started_by=started_by,
        agency=agency,
        program=program,
        hire=hire,
        supervisor=supervisor,
        **values,
    )


def add_plans(w):
    """Plans for the named test world (see tests/conftest.py):

    plan_a: Amani (peer_a), supervised by Aiden (sup_a2), who reports to Ada (sup_a)
    opening_a: no one selected yet, to be supervised by Aiden (sup_a2)
    plan_b: Bo (peer_b), supervised by Bea (sup_b)
    plan_other: another agency's plan
    """
    if getattr(w, "plan_a", None):
        return w
    w.template = make_template()
    w.plan_a = make_plan(
        w.template,
        agency=w.agency,
        program=w.program,
        started_by=w.hr,
        hire=w.peer_a_staff,
        supervisor=w.sup_a2_staff,
    )
    w.opening_a = make_plan(
        w.template,
        agency=w.agency,
        program=w.program,
        started_by=w.hr,
        supervisor=w.sup_a2_staff,
        position_title="Peer Navigator",
    )
    w.plan_b = make_plan(
        w.template,
        agency=w.agency,
        program=w.program2,
        started_by=w.hr,
        hire=w.peer_b_staff,
        supervisor=w.sup_b_staff,
    )
    w.plan_other = make_plan(
        w.template,
        agency=w.other_agency,
        program=_program(w.other_agency),
        started_by=w.outsider_hr,
        hire=w.outsider_staff,
    )
    w.task_a = w.plan_a.tasks.get(text="DAY ONE: Complete necessary paperwork")
    w.hire_task_a = w.plan_a.tasks.get(responsible_role=ResponsibleRole.HIRE)
    w.subitem_a = w.task_a.subitems.first()
    w.task_b = w.plan_b.tasks.first()
    w.checkin_a = w.plan_a.checkins.filter(kind="with_hire").first()
    w.staff_checkin_a = w.plan_a.checkins.filter(kind="with_non_peer_staff").first()
    return w


def _program(agency):
    from tests.factories import ProgramFactory

    return agency.programs.first() or ProgramFactory(agency=agency, name="Elsewhere Program")
