"""The WISE onboarding item "Enroll peer in additional trainings" leads to the catalog."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from onboarding import services
from onboarding.models import Cadence, ChecklistTemplate
from peerwork.models import EmploymentType, PeerRole

pytestmark = pytest.mark.django_db


def test_the_enroll_item_links_to_the_training_catalog(world, login):
    call_command("load_onboarding_templates", stdout=io.StringIO())
    template = ChecklistTemplate.objects.filter(status="published").get()
    plan = services.start_plan(
        template=template,
        started_by=world.hr,
        agency=world.agency,
        program=world.program,
        position_title="Peer Support Specialist",
        peer_role=PeerRole.PEER,
        employment_type=EmploymentType.EMPLOYEE,
        target_start_date=datetime.date(2026, 3, 2),
        checkin_cadence=Cadence.WEEKLY,
        hire=world.peer_a_staff,
        supervisor=world.sup_a2_staff,
        peer_mentor=None,
        hr_contact=world.hr_staff,
    )
    task = plan.tasks.get(text="Enroll peer in additional trainings:")
    catalog = reverse("training:catalog")
    client = login(world.sup_a2)
    page = client.get(task.get_absolute_url()).content.decode()
    assert f'href="{catalog}" data-training-link' in page
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert plan_page.count("data-training-link") == 1
