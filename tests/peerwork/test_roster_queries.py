"""The import, preview and export pages make the same number of queries at 30 and 300 staff."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerwork import roster
from peerwork.models import Role, RosterImport, StaffMember
from tests.factories import AgencyFactory, ProgramFactory, StaffMemberFactory, UserFactory
from tests.peerwork.roster_files import as_csv, roster_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _count(fn):
    with CaptureQueriesContext(connection) as context:
        response = fn()
    assert response.status_code in (200, 302), response.status_code
    return len(context.captured_queries)


def _measure(client, size):
    data = as_csv(roster_rows(size))
    result = {}
    result["upload_page"] = _count(lambda: client.get(reverse("peerwork:roster_upload")))
    result["upload"] = _count(
        lambda: client.post(
            reverse("peerwork:roster_upload"), {"file": SimpleUploadedFile("r.csv", data)}
        )
    )
    pending = RosterImport.objects.latest("pk")
    mapping_url = reverse("peerwork:roster_mapping", args=[pending.pk])
    result["mapping_page"] = _count(lambda: client.get(mapping_url))
    result["mapping"] = _count(lambda: client.post(mapping_url, pending.mapping))
    preview_url = reverse("peerwork:roster_preview", args=[pending.pk])
    result["preview"] = _count(lambda: client.get(preview_url))
    result["confirm"] = _count(
        lambda: client.post(reverse("peerwork:roster_confirm", args=[pending.pk]))
    )
    result["done"] = _count(lambda: client.get(preview_url))
    for file_format in roster.FORMATS:
        url = reverse("peerwork:staff_export", args=[file_format])
        result[f"export_{file_format}"] = _count(lambda url=url: client.get(url))
    result["directory"] = _count(lambda: client.get(reverse("peerwork:staff_list")))
    return result


def _hr_of_a_new_agency(slug):
    agency = AgencyFactory(name=f"Agency {slug}", slug=slug)
    ProgramFactory(agency=agency, name="Adult Peer Support")
    ProgramFactory(agency=agency, name="Youth Drop-In")
    hr = UserFactory(username=f"hr-{slug}", agency=agency, roles=[Role.HR])
    StaffMemberFactory(agency=agency, user=hr, full_name="Hollis Reyes", email="hr@x.example")
    return agency, hr


def test_roster_pages_do_not_grow_from_30_to_300_staff(db, client):
    # First import: every row new; the second previews and confirms unchanged rows.
    small_agency, small_hr = _hr_of_a_new_agency("small")
    client.force_login(small_hr)
    first_small = _measure(client, 30)
    small = _measure(client, 30)
    large_agency, large_hr = _hr_of_a_new_agency("large")
    client.force_login(large_hr)
    first_large = _measure(client, 300)
    large = _measure(client, 300)
    assert StaffMember.objects.filter(agency=small_agency).count() == 31
    assert StaffMember.objects.filter(agency=large_agency).count() == 301
    # Confirming writes new people in batches (SQLite takes fewer rows per statement): a few
    # more queries for ten times the rows, never one per person.
    for counts in (first_small, first_large):
        assert counts.pop("confirm") <= 40
    assert first_small == first_large
    assert small == large
