import datetime

import pytest
from django.utils import timezone

from peerwork import demo
from supervision import services
from supervision.demo import add_demo_supervision
from supervision.models import Participant, SupervisionSession, WorkPlan

pytestmark = pytest.mark.django_db


def test_demo_has_months_of_sessions_one_overdue_person_and_one_work_plan(shipped_frameworks):
    agency = demo.build_demo_agency()
    assert add_demo_supervision in demo.extensions
    add_demo_supervision(agency)
    today = timezone.localdate()
    dates = SupervisionSession.objects.filter(agency=agency).values_list("held_on", flat=True)
    assert min(dates) <= today - datetime.timedelta(days=90)
    assert Participant.objects.filter(reported_outside_role=True).exists()
    people = [p.staff for p in Participant.objects.select_related("staff")]
    people = list({p.pk: p for p in people}.values())
    due = services.cadences(people, today)
    overdue = [p.full_name for p in people if due[p.pk].state(today) == "overdue"]
    assert overdue == ["Elias Navarro"]
    plan = WorkPlan.objects.get()
    assert (plan.staff.full_name, plan.manager.full_name) == ("Dana Whitfield", "Jordan Lee")
    assert plan.topics == [7, 11]
    counts = SupervisionSession.objects.count(), WorkPlan.objects.count()
    add_demo_supervision(agency)
    assert (SupervisionSession.objects.count(), WorkPlan.objects.count()) == counts
