"""The person's credential pages: adding, editing (with conflicts), renewing, entering and
verifying CE hours."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from credentials.models import CEEntry, CEStatus, Credential, PeriodKind
from tests.credentials.factories import CA, TX, category, ce, day, issue, load_types

pytestmark = pytest.mark.django_db


def test_hr_adds_a_california_credential_with_its_category_and_specializations(world, login):
    types = load_types()
    client = login(world.hr)
    response = client.post(
        reverse("credentials:credential_add", args=[world.peer_a_staff.pk]),
        {
            "credential_type": types[CA].pk,
            "number": "CA-PSS-1200",
            "state": "",
            "category": "Transition-Age Youth Peer Support Specialists",
            "specializations": ["Crisis Care", "Unhoused"],
            "starts_on": "2025-06-02",
        },
        follow=True,
    )
    credential = Credential.objects.get()
    assert response.redirect_chain[-1][0] == credential.get_absolute_url()
    assert credential.state == "CA"  # the type's own state when left blank
    assert credential.category == "Transition-Age Youth Peer Support Specialists"
    assert credential.specializations == ["Crisis Care", "Unhoused"]
    period = credential.periods.get()
    assert (period.starts_on, period.ends_on) == (day("2025-06-02"), day("2027-06-01"))
    page = response.content.decode()
    assert "0 of 20 hours, law and ethics 0 of 6" in page
    assert "Verify with CalMHSA" in page


def test_wrong_category_state_and_specialization_keep_every_value(world, login):
    types = load_types()
    client = login(world.peer_a)
    data = {
        "credential_type": types[TX].pk,
        "number": "TX-1",
        "state": "ca",
        "category": "Family Peer Support Specialists",
        "specializations": ["Crisis Care"],
        "starts_on": "2026-01-05",
        "initial": "on",
    }
    response = client.post(
        reverse("credentials:credential_add", args=[world.peer_a_staff.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["state"] == ["Texas Peer Specialist is issued in TX."]
    assert "Not a category of Texas Peer Specialist" in errors["category"][0]
    assert errors["specializations"] == ["Texas Peer Specialist has no specialization Crisis Care."]
    form = response.context["form"]
    assert form["number"].value() == "TX-1" and form["initial"].value() is True
    assert not Credential.objects.exists()

    data.update(state="tx", category="", specializations=[])
    client.post(reverse("credentials:credential_add", args=[world.peer_a_staff.pk]), data)
    period = Credential.objects.get().periods.get()
    assert period.kind == PeriodKind.INITIAL and period.ends_on == day("2026-07-04")


def test_an_implausible_date_gets_a_clear_message(world, login):
    types = load_types()
    response = login(world.hr).post(
        reverse("credentials:credential_add", args=[world.peer_a_staff.pk]),
        {"credential_type": types[CA].pk, "number": "X", "starts_on": "1903-01-01"},
    )
    assert "Enter a date between" in response.context["form"].errors["starts_on"][0]


def test_two_people_editing_the_same_credential_get_a_conflict(world, login):
    credential = issue(world.peer_a_staff, CA, day("2025-01-06"), number="CA-1")
    url = reverse("credentials:credential_edit", args=[credential.pk])
    client = login(world.hr)
    first = {"number": "CA-2", "state": "CA", "category": "", "revision": credential.revision}
    assert client.post(url, first).status_code == 302
    stale = {**first, "number": "CA-3"}
    response = client.post(url, stale)
    assert "Someone else changed this" in response.content.decode()
    credential.refresh_from_db()
    assert credential.number == "CA-2" and credential.revision == 2


def test_a_supervisor_views_but_does_not_record(world, login):
    credential = issue(world.peer_a_staff, CA, day("2025-01-06"))
    client = login(world.sup_a2)
    page = client.get(reverse("credentials:staff_credentials", args=[world.peer_a_staff.pk]))
    assert page.status_code == 200 and "Add a credential" not in page.content.decode()
    assert (
        client.get(reverse("credentials:credential_renew", args=[credential.pk])).status_code == 404
    )


def test_entered_hours_count_once_verified_by_a_supervisor(world, login):
    today = datetime.date.today()  # noqa: DTZ011 - within the plausible range of "held"
    issue(world.peer_a_staff, CA, today - datetime.timedelta(days=200))
    client = login(world.peer_a)
    response = client.post(
        reverse("credentials:ce_add", args=[world.peer_a_staff.pk]),
        {
            "title": "Law and ethics for peer providers",
            "provider": "State peer network",
            "completed_on": (today - datetime.timedelta(days=3)).isoformat(),
            "hours": "2.5",
            "category": category("ethics").pk,
        },
        follow=True,
    )
    entry = CEEntry.objects.get()
    assert entry.status == CEStatus.PENDING and entry.entered_by == world.peer_a
    page = response.content.decode()
    assert "0 of 20 hours, law and ethics 0 of 6" in page
    assert "2.5 more hours wait for verification" in page
    assert "Verify" not in page  # nobody verifies their own hours

    verify = reverse("credentials:ce_verify", args=[entry.pk])
    assert client.post(verify, {"decision": "verify"}).status_code == 404
    response = login(world.sup_a2).post(verify, {"decision": "verify"}, follow=True)
    entry.refresh_from_db()
    assert entry.status == CEStatus.VERIFIED and entry.verified_by == world.sup_a2
    assert "2.5 of 20 hours, law and ethics 2.5 of 6" in response.content.decode()
    # A second click (or HR at the same moment) changes nothing.
    again = login(world.hr).post(verify, {"decision": "decline"}, follow=True)
    assert "Someone already decided" in again.content.decode()
    entry.refresh_from_db()
    assert entry.status == CEStatus.VERIFIED and entry.verified_by == world.sup_a2


def test_hours_in_the_future_or_out_of_range_are_refused(world, login):
    load_types()
    response = login(world.peer_a).post(
        reverse("credentials:ce_add", args=[world.peer_a_staff.pk]),
        {
            "title": "Future course",
            "provider": "Somewhere",
            "completed_on": "2099-01-01",
            "hours": "0",
            "category": category("general").pk,
        },
    )
    errors = response.context["form"].errors
    assert "Enter a date between" in errors["completed_on"][0]
    assert errors["hours"]
    assert response.context["form"]["title"].value() == "Future course"


def test_the_credential_page_shows_the_history_of_periods(world, login):
    credential = issue(world.peer_a_staff, CA, day("2022-05-02"))
    first = credential.periods.get()
    ce(world.peer_a_staff, day("2023-01-10"), 20, "ethics")
    from credentials import services

    services.renew_credential(credential, expected_period_id=first.pk, starts_on=day("2024-05-02"))
    response = login(world.peer_a).get(credential.get_absolute_url())
    rows = response.context["rows"]
    assert [row.period.sequence for row in rows] == [2, 1]
    assert rows[1].progress.earned == Decimal(20) and rows[0].progress.earned == 0
    assert "Earlier period" in response.content.decode()
