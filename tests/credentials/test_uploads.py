"""Certificate uploads: the type comes from the bytes, the size is capped, nothing empty; files
are stored privately and served only through the access-checked views."""

import datetime

import pytest
from django.urls import reverse

from credentials.models import CEEntry, Credential
from peerwork import uploads
from tests.credentials.factories import CA, issue, load_types, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

# The first bytes of a Windows executable, then padding: "certificate.pdf" in name only.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4000


def _credential_data(world, **overrides):
    types = load_types()
    data = {
        "credential_type": types[CA].pk,
        "number": "CA-PSS-777",
        "state": "CA",
        "category": "Adult Peer Support Specialists",
        "specializations": ["Crisis Care"],
        "starts_on": "2025-06-02",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def _ce_data(**overrides):
    from tests.credentials.factories import category

    data = {
        "title": "Boundaries in peer work",
        "provider": "Harbor Training Collaborative",
        "completed_on": "2026-01-15",
        "hours": "3",
        "category": category("ethics").pk,
    }
    data.update(overrides)
    return data


def _post(client, url, data, file):
    return client.post(url, {**data, "certificate": file})


def test_a_renamed_executable_is_refused_with_a_clear_message(world, login):
    client = login(world.hr)
    url = reverse("credentials:credential_add", args=[world.peer_a_staff.pk])
    response = _post(client, url, _credential_data(world), upload("certificate.pdf", EXECUTABLE))
    assert response.status_code == 200
    assert "not a PDF or a picture" in response.content.decode()
    assert not Credential.objects.exists()
    # Every other value is kept.
    form = response.context["form"]
    assert form["number"].value() == "CA-PSS-777"
    assert form["specializations"].value() == ["Crisis Care"]
    assert "choose the file again" in response.content.decode()


def test_a_pdf_named_like_a_picture_is_still_a_pdf(world, login):
    load_types()
    client = login(world.peer_a)
    url = reverse("credentials:ce_add", args=[world.peer_a_staff.pk])
    response = _post(client, url, _ce_data(), upload("scan.jpg", pdf_bytes(), "image/jpeg"))
    assert response.status_code == 302
    entry = CEEntry.objects.get()
    assert entry.certificate_type == "application/pdf"
    assert entry.certificate_name == "scan.jpg"


def test_an_oversized_file_is_refused_with_a_clear_message(world, login):
    load_types()
    client = login(world.peer_a)
    big = png_bytes() + b"\x00" * (10 * 1024 * 1024)
    url = reverse("credentials:ce_add", args=[world.peer_a_staff.pk])
    response = _post(client, url, _ce_data(), upload("photo.png", big, "image/png"))
    assert response.status_code == 200
    assert "the limit is 10 MB" in response.content.decode()
    assert not CEEntry.objects.exists()
    assert response.context["form"]["title"].value() == "Boundaries in peer work"


def test_an_empty_file_is_refused_with_a_clear_message(world, login):
    client = login(world.hr)
    url = reverse("credentials:credential_add", args=[world.peer_a_staff.pk])
    response = _post(client, url, _credential_data(world), upload("certificate.pdf", b""))
    assert response.status_code == 200
    assert "The file is empty" in response.content.decode()
    assert not Credential.objects.exists()


def test_a_truncated_picture_is_refused():
    broken = png_bytes()[:60]
    with pytest.raises(uploads.ValidationError):
        uploads.check_document(upload("photo.png", broken, "image/png"))


def test_pictures_are_accepted_from_their_content():
    assert uploads.check_document(upload("photo", png_bytes(), "text/plain")) == uploads.PNG


def test_certificates_are_stored_privately_and_served_only_through_access(world, login, settings):
    client = login(world.hr)
    url = reverse("credentials:credential_add", args=[world.peer_a_staff.pk])
    response = _post(
        client, url, _credential_data(world), upload("My certificate.png", png_bytes(), "image/png")
    )
    assert response.status_code == 302
    period = Credential.objects.get().periods.get()
    assert period.certificate_type == "image/png"
    path = period.certificate.path
    assert path.startswith(str(settings.MEDIA_ROOT / "private"))
    assert "certificate" not in period.certificate.name.lower()  # not the upload's own name
    with pytest.raises(ValueError):
        period.certificate.url  # noqa: B018 - no URL maps private files

    served = client.get(reverse("credentials:period_certificate", args=[period.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("attachment")
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content) == png_bytes()
    assert (
        login(world.peer_b)
        .get(reverse("credentials:period_certificate", args=[period.pk]))
        .status_code
        == 404
    )


def test_a_renewal_with_a_new_certificate_keeps_the_old_one(world, login):
    credential = issue(
        world.peer_a_staff,
        CA,
        datetime.date(2024, 6, 3),
        certificate=upload("old.pdf", pdf_bytes()),
        certificate_type=uploads.PDF,
    )
    first = credential.periods.get()
    client = login(world.peer_a)
    response = client.post(
        reverse("credentials:credential_renew", args=[credential.pk]),
        {
            "period": first.pk,
            "starts_on": "2026-06-03",
            "ends_on": "",
            "certificate": upload("new.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second = credential.periods.get(is_current=True)
    assert first.certificate_type == uploads.PDF and first.certificate.size == len(pdf_bytes())
    assert second.certificate_type == uploads.PNG
    assert second.ends_on == datetime.date(2028, 6, 2)
