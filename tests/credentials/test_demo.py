"""The demo agency's credentials: one expiring next month, one expired, one short of hours."""

import pytest
from django.utils import timezone

from credentials.models import Credential, CredentialPeriod
from credentials.queries import period_rows
from peerwork import demo

pytestmark = pytest.mark.django_db


def test_demo_credentials_show_each_situation_and_are_idempotent():
    agency = demo.build_demo_agency()
    for extend in demo.extensions:
        extend(agency)
    count = Credential.objects.count()
    from credentials.demo import add_demo_credentials

    add_demo_credentials(agency)
    assert Credential.objects.count() == count == 5
    today = timezone.localdate()
    rows = {
        row.staff.full_name: row
        for row in period_rows(CredentialPeriod.objects.filter(is_current=True), today)
    }
    expiring = rows["Casey Morgan"]
    assert 28 <= expiring.days_left <= 62  # next month
    assert rows["Dana Whitfield"].expired
    assert rows["Elias Navarro"].short and not rows["Elias Navarro"].due_within(90)
    assert not rows["Jamie Fontaine"].short
    assert rows["Gabriel Santos"].period.kind == "initial"
