"""The credential's cadence (credentials.services.supervision_requirements): Texas weekly on
an initial certificate, monthly after it becomes a 2-year one."""

import datetime

from credentials import services as credential_services
from supervision import services
from supervision.models import CadenceOverride
from tests.credentials.factories import TX, day, issue
from tests.supervision.factories import make_session


def test_texas_initial_certificate_weekly_then_monthly(world):
    person = world.peer_a_staff
    credential = issue(person, TX, day("2026-01-05"), initial=True)
    make_session(world.sup_a2_staff, [person], day("2026-03-02"))
    # 8 days without a session on an initial certificate: overdue.
    today = day("2026-03-10")
    cadence = services.cadences([person], today)[person.pk]
    assert cadence.days == 7 and cadence.state(today) == "overdue"
    assert "initial certificate" in cadence.reason
    assert (
        services.cadences([person], day("2026-03-09"))[person.pk].state(day("2026-03-09")) == "due"
    )

    period = credential.periods.get(is_current=True)
    credential_services.renew_credential(
        credential, expected_period_id=period.pk, starts_on=day("2026-07-05")
    )
    make_session(world.sup_a2_staff, [person], day("2026-07-10"))
    later = day("2026-07-20")  # 10 days without a session: fine on the 2-year certificate
    cadence = services.cadences([person], later)[person.pk]
    assert cadence.days == 30 and cadence.state(later) == "ok"
    assert cadence.due_on == day("2026-07-10") + datetime.timedelta(days=30)
    assert (
        services.cadences([person], day("2026-08-10"))[person.pk].state(day("2026-08-10"))
        == "overdue"
    )


def test_a_person_setting_never_makes_supervision_rarer_than_the_credential(world):
    person = world.peer_a_staff
    issue(person, TX, day("2026-01-05"), initial=True)
    CadenceOverride.objects.create(staff=person, cadence_days=30, reason="Experienced peer")
    cadence = services.cadences([person], day("2026-02-01"))[person.pk]
    assert cadence.days == 7 and "stricter than the person's own setting" in cadence.reason
    CadenceOverride.objects.filter(staff=person).update(cadence_days=3, reason="Extra support")
    cadence = services.cadences([person], day("2026-02-01"))[person.pk]
    assert (cadence.days, cadence.reason) == (3, "Extra support")


def test_people_without_a_credential_keep_the_agency_default(world):
    issue(world.peer_a_staff, TX, day("2026-01-05"), initial=True)
    cadences = services.cadences([world.peer_a_staff, world.peer_b_staff], day("2026-02-01"))
    assert cadences[world.peer_b_staff.pk].days == 14
    assert cadences[world.peer_a_staff.pk].days == 7
