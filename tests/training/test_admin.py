"""The training admin: agency courses, the catalog as a versioned document, the mapping."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from peerwork.versioning import VersionStatus
from tests.training.factories import SessionFactory
from training.models import CatalogVersion, Course, CourseCompetency

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    call_command("load_training_catalog", stdout=io.StringIO())
    return CatalogVersion.objects.get(slug="wise-training-menu")


def test_an_admin_adds_the_agencys_own_course(world, login, catalog):
    client = login(world.admin)
    response = client.post(
        reverse("admin:training_course_add"),
        {
            "agency": world.agency.pk,
            "order": "0",
            "code": "ccapp-supervisor-course",
            "title": "Supervising Peer Support Specialists (board-required)",
            "instruction_time": "6 hours",
            "hours": "6",
            "attendance_min": "",
            "attendance_max": "20",
            "target_audience": "Supervisors of certified peers",
            "value": "",
            "description_heading": "",
            "description": "",
            "is_active": "on",
            "competencies-TOTAL_FORMS": "1",
            "competencies-INITIAL_FORMS": "0",
            "competencies-MIN_NUM_FORMS": "0",
            "competencies-MAX_NUM_FORMS": "1000",
            "competencies-0-numeral": "XII",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(code="ccapp-supervisor-course")
    assert course.agency == world.agency and course.catalog is None
    link = course.competencies.get()
    assert (link.numeral, link.is_product_default) == ("XII", False)
    # It is in the agency's catalog page, not in another agency's.
    assert course.title in login(world.peer_a).get(reverse("training:catalog")).content.decode()
    assert (
        course.title
        not in login(world.outsider_hr).get(reverse("training:catalog")).content.decode()
    )


def test_a_course_is_in_a_catalog_or_an_agency_not_both(world, login, catalog):
    client = login(world.admin)
    response = client.post(
        reverse("admin:training_course_add"),
        {
            "order": "0",
            "code": "loose",
            "title": "Loose",
            "instruction_time": "1 hour",
            "hours": "1",
            "competencies-TOTAL_FORMS": "0",
            "competencies-INITIAL_FORMS": "0",
            "competencies-MIN_NUM_FORMS": "0",
            "competencies-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "either to a catalog version or to an agency" in response.content.decode()


def test_a_catalog_in_use_is_frozen_and_a_new_version_copies_it(world, login, catalog):
    ethics = catalog.courses.get(code="ethics-boundaries-and-confidentiality")
    SessionFactory(course=ethics, agency=world.agency)
    assert catalog.is_locked()
    draft = catalog.make_new_draft()
    assert (draft.version, draft.status) == (2, VersionStatus.DRAFT)
    assert list(
        draft.courses.order_by("section__order", "order").values_list("code", flat=True)
    ) == list(catalog.courses.order_by("section__order", "order").values_list("code", flat=True))
    copied = draft.courses.get(code="ethics-boundaries-and-confidentiality")
    assert list(copied.competencies.values_list("numeral", "is_product_default")) == [
        ("IX", True),
        ("XII", True),
    ]
    assert copied.section.catalog == draft
    draft.publish()
    catalog.refresh_from_db()
    assert catalog.status == VersionStatus.RETIRED
    # Loading the shipped file again leaves the retired, in-use version 1 alone.
    call_command("load_training_catalog", stdout=io.StringIO())
    assert CatalogVersion.objects.get(pk=catalog.pk).status == VersionStatus.RETIRED
    # The admin shows the frozen version read-only.
    page = login(world.admin).get(
        reverse("admin:training_catalogversion_change", args=[catalog.pk])
    )
    assert page.status_code == 200
    assert "cannot change" in page.content.decode()


def test_the_mapping_stays_editable_on_a_catalog_in_use(world, login, catalog):
    course = catalog.courses.get(code="managing-up")
    SessionFactory(course=course, agency=world.agency)
    CourseCompetency.objects.create(course=course, numeral="X")
    assert set(course.competencies.values_list("numeral", flat=True)) == {"IX", "XII", "X"}
    page = login(world.admin).get(reverse("admin:training_course_change", args=[course.pk]))
    assert page.status_code == 200
