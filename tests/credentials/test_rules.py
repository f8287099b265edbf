"""The credential rules on real calendar dates: periods, CE categories, renewals, leap days,
weekends. Everything goes through the real database and the shipped rules."""

import datetime
from decimal import Decimal

import pytest

from credentials import queries, reminders, services
from credentials.models import (
    ACTIVE,
    EXPIRED,
    RENEWAL_WINDOW,
    CEStatus,
    CredentialPeriod,
    PeriodKind,
    add_months,
)
from tests.credentials.factories import CA, ICRC, PA, TX, ce, day, issue, load_types
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def progress_of(period, today):
    [row] = queries.period_rows(CredentialPeriod.objects.filter(pk=period.pk), today)
    return row


@pytest.fixture
def person():
    return StaffMemberFactory(full_name="Amani Achebe")


def test_twenty_hours_with_four_of_law_and_ethics_is_short(person):
    credential = issue(person, CA, day("2025-01-06"))
    period = credential.periods.get()
    assert period.ends_on == day("2027-01-05")
    ce(person, day("2025-03-01"), 16, "peer-recovery")
    ce(person, day("2025-09-15"), 4, "ethics")
    row = progress_of(period, day("2026-12-01"))
    assert row.progress.earned == Decimal(20)
    assert row.progress.remaining == Decimal(2)
    assert not row.progress.complete
    assert row.progress.summary() == "20 of 20 hours, law and ethics 4 of 6"
    assert row.short  # 2 hours missing with 35 days left

    ce(person, day("2026-11-20"), 2, "ethics")
    row = progress_of(period, day("2026-12-01"))
    assert row.progress.complete and not row.short
    assert row.progress.summary() == "22 of 20 hours, law and ethics 6 of 6"


def test_hours_before_the_period_do_not_count(person):
    credential = issue(person, ICRC, day("2025-04-01"))
    period = credential.periods.get()
    assert period.ends_on == day("2027-03-31")
    ce(person, day("2025-03-31"), 5, "ethics")  # the day before: earlier work
    ce(person, day("2025-04-01"), 1, "ethics")  # the first day counts
    ce(person, day("2027-03-31"), 2, "general")  # so does the last
    ce(person, day("2027-04-01"), 7, "general")  # the day after does not
    row = progress_of(period, day("2026-01-01"))
    assert row.progress.earned == Decimal(3)
    assert row.progress.summary() == "3 of 20 hours, ethics 1 of 6"


def test_pending_and_declined_hours_do_not_count(person):
    period = issue(person, CA, day("2025-01-06")).periods.get()
    ce(person, day("2025-02-01"), 3, "ethics", status=CEStatus.PENDING)
    ce(person, day("2025-02-02"), 4, "ethics", status=CEStatus.REJECTED)
    row = progress_of(period, day("2025-06-01"))
    assert row.progress.earned == 0
    assert row.progress.pending == Decimal(3)


def test_a_renewal_keeps_the_old_period_and_its_hours(person):
    credential = issue(person, CA, day("2024-05-01"))
    first = credential.periods.get()
    ce(person, day("2025-01-10"), 14, "peer-recovery")
    ce(person, day("2025-02-10"), 2, "ethics")
    before = progress_of(first, day("2026-04-01")).progress.summary()
    assert before == "16 of 20 hours, law and ethics 2 of 6"

    second = services.renew_credential(
        credential, expected_period_id=first.pk, starts_on=day("2026-05-01")
    )
    assert second.sequence == 2 and second.ends_on == day("2028-04-30")
    first.refresh_from_db()
    assert (first.starts_on, first.ends_on, first.is_current) == (
        day("2024-05-01"),
        day("2026-04-30"),
        False,
    )
    assert progress_of(first, day("2026-06-01")).progress.summary() == before
    assert progress_of(second, day("2026-06-01")).progress.earned == 0
    assert list(credential.periods.order_by("sequence").values_list("sequence", flat=True)) == [
        1,
        2,
    ]
    # The same renewal form sent twice does not start a third period.
    with pytest.raises(services.Conflict):
        services.renew_credential(
            credential, expected_period_id=first.pk, starts_on=day("2026-05-01")
        )
    assert credential.periods.count() == 2


def test_a_renewal_uses_the_newest_published_rules_and_old_periods_keep_theirs(person):
    types = load_types()
    credential = issue(person, CA, day("2024-05-01"))
    first = credential.periods.get()
    newer = types[CA].make_new_draft()
    newer.renewal_window_days = 60
    newer.save(update_fields=["renewal_window_days"])
    newer.publish()
    second = services.renew_credential(
        credential, expected_period_id=first.pk, starts_on=day("2026-05-01")
    )
    first.refresh_from_db()
    assert first.rules == types[CA] and first.rules.renewal_window_days == 90
    assert second.rules == newer
    assert list(newer.requirements.values_list("label", "min_hours")) == [
        ("Law and ethics", Decimal("6.0"))
    ]
    # The version a credential uses is locked.
    assert types[CA].is_locked()


def test_issued_on_a_leap_day():
    types = load_types()
    ca, tx = types[CA], types[TX]
    assert add_months(day("2024-02-29"), 24) == day("2026-02-28")
    assert add_months(day("2024-02-29"), 48) == day("2028-02-29")
    # Two years from Feb 29: valid through Feb 28 of the common year, as for Mar 1.
    assert ca.expiry_for(day("2024-02-29")) == day("2026-02-28")
    assert ca.expiry_for(day("2024-03-01")) == day("2026-02-28")
    assert ca.expiry_for(day("2024-02-28")) == day("2026-02-27")
    # The Texas initial certificate: six months.
    assert tx.expiry_for(day("2024-02-29"), initial=True) == day("2024-08-28")
    assert tx.expiry_for(day("2024-08-31"), initial=True) == day("2025-02-28")
    assert tx.expiry_for(day("2023-08-31"), initial=True) == day("2024-02-29")


def test_leap_day_period_counts_hours_on_its_last_day(person):
    period = issue(person, CA, day("2024-02-29")).periods.get()
    assert period.ends_on == day("2026-02-28")
    ce(person, day("2024-02-29"), 2, "ethics")
    ce(person, day("2026-02-28"), 3, "ethics")
    ce(person, day("2026-03-01"), 4, "ethics")
    row = progress_of(period, day("2026-02-28"))
    assert row.progress.lines[0].earned == Decimal(5)
    assert row.status == RENEWAL_WINDOW and row.days_left == 0
    assert progress_of(period, day("2026-03-01")).status == EXPIRED


def test_an_expiry_on_a_weekend(person):
    period = issue(person, CA, day("2024-08-02")).periods.get()
    assert period.ends_on == day("2026-08-01")  # a Saturday
    assert period.ends_on.weekday() == 5
    # The board's office is closed: file by the Friday before.
    assert period.file_by == day("2026-07-31")
    # Renewal may be filed from 90 days before expiry.
    assert period.status_on(day("2026-05-02")) == ACTIVE
    assert period.status_on(day("2026-05-03")) == RENEWAL_WINDOW
    assert period.status_on(day("2026-08-01")) == RENEWAL_WINDOW  # valid through Saturday
    assert period.status_on(day("2026-08-02")) == EXPIRED  # Sunday
    keys = {
        today: [item.key for item in reminders.expiry_items(_hr_user(person), day(today))]
        for today in ("2026-05-02", "2026-05-03", "2026-07-25", "2026-08-01", "2026-08-02")
    }
    assert keys["2026-05-02"] == []
    assert keys["2026-05-03"] == [f"credentials.expiry:{period.pk}:90"]
    assert keys["2026-07-25"] == [f"credentials.expiry:{period.pk}:7"]
    assert keys["2026-08-01"] == [f"credentials.expiry:{period.pk}:0"]
    assert keys["2026-08-02"] == [f"credentials.expiry:{period.pk}:0"]


def _hr_user(staff):
    from peerwork.models import Role
    from tests.factories import UserFactory

    return UserFactory(agency=staff.agency, roles=[Role.HR])


def test_pennsylvania_electives_are_hours_beyond_the_category_minimums(person):
    period = issue(person, PA, day("2025-01-01")).periods.get()
    ce(person, day("2025-02-01"), 30, "peer-recovery")
    ce(person, day("2025-03-01"), 3, "ethics")
    row = progress_of(period, day("2025-06-01"))
    # 36 needed: 30 + 3 = 33; six peer hours beyond the 24 count as electives.
    assert row.progress.summary() == (
        "33 of 36 hours, peer or recovery 30 of 24, ethics 3 of 3, elective 6 of 9"
    )
    assert row.progress.remaining == Decimal(3)
    ce(person, day("2025-04-01"), 3, "general")
    row = progress_of(period, day("2025-06-01"))
    assert row.progress.complete
    assert [line.met for line in row.progress.lines] == [True, True, True]


def test_short_of_hours_for_the_days_left_is_behind_an_even_pace(person):
    period = issue(person, CA, day("2025-01-01")).periods.get()  # through 2026-12-31
    ce(person, day("2025-03-01"), 6, "ethics")
    ce(person, day("2025-04-01"), 3, "general")
    halfway = day("2026-01-01")
    assert progress_of(period, halfway).short  # 9 of 20 at half time
    ce(person, day("2025-05-01"), 2, "general")
    assert not progress_of(period, halfway).short  # 11 of 20: on pace
    assert progress_of(period, day("2026-12-01")).short  # 11 of 20, a month left


def test_the_texas_initial_certificate_needs_supervised_hours_not_ce(person):
    credential = issue(person, TX, day("2026-01-05"), initial=True)
    period = credential.periods.get()
    assert period.kind == PeriodKind.INITIAL and period.ends_on == day("2026-07-04")
    row = progress_of(period, day("2026-03-01"))
    assert not period.requires_ce and row.progress.required == 0 and not row.short
    today = day("2026-03-01")
    assert services.supervision_requirements([person.pk], today) == {
        person.pk: {
            "cadence_days": 7,
            "reason": "Texas Peer Specialist, initial certificate: supervision every 7 days "
            "(1 TAC 354.3103: supervision weekly during the initial certificate, monthly after)",
            "initial": True,
        }
    }
    assert services.supervised_hours_required(person.pk, today) == 250

    services.renew_credential(credential, expected_period_id=period.pk, starts_on=day("2026-07-05"))
    later = day("2026-08-01")
    requirement = services.supervision_requirements([person.pk], later)[person.pk]
    assert requirement["cadence_days"] == 30 and requirement["initial"] is False
    assert services.supervised_hours_required(person.pk, later) is None
    full = credential.periods.get(is_current=True)
    assert full.kind == PeriodKind.STANDARD and full.ends_on == day("2028-07-04")
    assert progress_of(full, later).progress.summary() == "0 of 20 hours, ethics 0 of 3"


def test_supervision_requirements_leave_out_people_without_a_cadence(
    person, django_assert_num_queries
):
    other = StaffMemberFactory()
    issue(other, CA, day("2025-01-06"))
    texan = StaffMemberFactory()
    issue(texan, TX, day("2025-01-06"))
    with django_assert_num_queries(1):
        result = services.supervision_requirements(
            [person.pk, other.pk, texan.pk], datetime.date(2025, 6, 1)
        )
    assert set(result) == {texan.pk}
    assert result[texan.pk]["cadence_days"] == 30
