"""Expiry reminders through the what-needs-you registry: 90, 60, 30 and 7 days before expiry
and on expiry, each threshold its own key; to the person, their supervisors and HR."""

import datetime
import io

import pytest
from django.core.management import call_command

from credentials import reminders
from credentials.models import CredentialPeriod
from peerwork import todo
from peerwork.models import ReminderSent
from tests.credentials.factories import CA, day, issue

pytestmark = pytest.mark.django_db

EXPIRY = day("2026-09-30")


@pytest.fixture
def period(world):
    credential = issue(world.peer_a_staff, CA, day("2024-10-01"))
    period = credential.periods.get()
    assert period.ends_on == EXPIRY
    return period


def _keys(user, today):
    return [item.key for item in todo.registry.items_for(user, today) if item.app == "credentials"]


@pytest.mark.parametrize(
    "days_before,threshold",
    [
        (91, None),
        (90, 90),
        (61, 90),
        (60, 60),
        (31, 60),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 0),
        (-5, 0),
    ],
)
def test_each_threshold_has_its_own_key(world, period, days_before, threshold):
    today = EXPIRY - datetime.timedelta(days=days_before)
    expected = [] if threshold is None else [f"credentials.expiry:{period.pk}:{threshold}"]
    for role in ("peer_a", "sup_a2", "sup_a", "hr"):
        assert _keys(world.users[role], today) == expected, role
    for role in ("peer_b", "sup_b", "admin"):
        assert _keys(world.users[role], today) == [], role
    assert _keys(world.outsider_hr, today) == []


def test_texts_and_links(world, period):
    today = EXPIRY - datetime.timedelta(days=30)
    [own] = reminders.expiry_items(world.peer_a, today)
    assert own.text == (
        "Your California Medi-Cal Peer Support Specialist expires on 2026-09-30: file the renewal"
    )
    assert own.url == f"/credentials/{period.credential_id}/"
    assert own.due == today  # the day the 30-day threshold is reached
    [for_hr] = reminders.expiry_items(world.hr, today)
    assert for_hr.text.startswith("Amani Achebe's California Medi-Cal Peer Support Specialist")
    [expired] = reminders.expiry_items(world.sup_a2, EXPIRY + datetime.timedelta(days=1))
    assert "expired on 2026-09-30" in expired.text


def test_a_renewal_ends_the_reminders(world, period):
    from credentials import services

    services.renew_credential(
        period.credential, expected_period_id=period.pk, starts_on=day("2026-10-01")
    )
    assert _keys(world.peer_a, EXPIRY) == []
    assert CredentialPeriod.objects.count() == 2


def test_one_query_however_many_credentials(world, django_assert_num_queries):
    from tests.factories import StaffMemberFactory

    for index in range(25):
        person = StaffMemberFactory(agency=world.agency, supervisor=world.sup_b_staff)
        issue(person, CA, day("2024-10-01") + datetime.timedelta(days=index))
    world.hr.staff_record  # noqa: B018 - the request has loaded it already
    world.hr.roles  # noqa: B018
    with django_assert_num_queries(2):
        items = reminders.expiry_items(world.hr, EXPIRY)
    assert len(items) == 25


def test_the_daily_digest_sends_each_threshold_once_to_each_person(world, period, mailoutbox):
    """Through `send_reminders`, day by day from 95 days before expiry to 3 days after."""
    for user in (world.peer_a, world.sup_a2, world.sup_a, world.hr):
        user.email = f"{user.username}@harbor.example"
        user.save(update_fields=["email"])
    sent = []
    for offset in range(-95, 4):
        today = EXPIRY + datetime.timedelta(days=offset)
        mailoutbox.clear()
        call_command("send_reminders", date=today.isoformat(), stdout=io.StringIO())
        call_command("send_reminders", date=today.isoformat(), stdout=io.StringIO())  # again
        for message in mailoutbox:
            for line in message.body.splitlines():
                if "Medi-Cal" in line:
                    sent.append((today, message.to[0], line.strip()))
    per_person = {}
    for today, address, _line in sent:
        per_person.setdefault(address, []).append((EXPIRY - today).days)
    assert per_person == {
        f"{name}@harbor.example": [90, 60, 30, 7, 0] for name in ("peer_a", "sup_a2", "sup_a", "hr")
    }
    own = [line for _today, address, line in sent if address.startswith("peer_a")]
    assert own[0].startswith("- Your California Medi-Cal Peer Support Specialist expires on")
    assert ReminderSent.objects.filter(key__startswith="credentials.expiry:").count() == 20
